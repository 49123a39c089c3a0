"""The database extension, created unbound here and bound to the app in create_app().

Models and services need only this; the web-only extensions live in `planner.webext`.
"""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter them later, on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def end_read_transaction() -> None:
    """End a request that only read with COMMIT, not the ROLLBACK the session's close sends.

    psycopg forgets every prepared statement on a ROLLBACK, so pages ended that way have their
    queries parsed and planned again on every request; after a COMMIT they stay prepared on the
    connection. Only for views that write nothing: changes to ORM objects are rolled back here,
    never committed (writes through `db.session.execute` would not be seen, so no such view).
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.rollback()
    else:
        # Nothing to expire: the page is rendered and the session is discarded at teardown
        # (expiring the dinner page's ~100 objects was most of this commit's time).
        session.expire_on_commit = False
        session.commit()


def read_without_transaction() -> None:
    """Run this request's statements outside a transaction: no BEGIN and no ROLLBACK.

    For a page that reads one row (with its joins) and writes nothing, the transaction around
    it is two round trips of pure cost; each statement still sees a consistent snapshot of its
    own. Call it before the request's first query. Anything written afterwards in the request
    would be committed at once, so only views that never write may call it. The connection goes
    back to the pool in its usual transactional mode.
    """
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
