"""Delete a row and every row that hangs off it, following the foreign keys."""

from sqlalchemy import Table, delete, or_, select

from planner.extensions import db


def delete_with_dependents(root: Table, condition) -> None:
    """Delete the `root` rows matching `condition` and, children first, all rows that refer
    to them through any chain of foreign keys (not committed).

    Walks the schema rather than a list, so tables added later (tokens, jobs, versions) are
    covered without anyone remembering to add them; it needs no ON DELETE CASCADE.
    """
    owned = {root: condition}
    for table in db.metadata.sorted_tables:
        links = [
            fk.parent.in_(select(fk.column).where(owned[fk.column.table]))
            for fk in table.foreign_keys
            if fk.column.table in owned and fk.column.table is not table
        ]
        if links and table not in owned:
            owned[table] = or_(*links)
    for table in reversed(db.metadata.sorted_tables):
        if table in owned:
            db.session.execute(delete(table).where(owned[table]))
