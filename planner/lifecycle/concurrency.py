"""Writes that race with themselves (double clicks, parallel tabs, scripts) give one result.

Unique constraints decide who was first; the loser's transaction is rolled back and its work
runs again on the state the winner committed, where it usually finds nothing left to do.
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError

from planner.errors import Conflict
from planner.extensions import db

T = TypeVar("T")


def commit_with_retry(work: Callable[[], T], attempts: int = 5) -> T:
    """Run `work` and commit; on a unique-constraint clash, lock or deadlock, roll back and
    run it again; raise Conflict if it still clashes after `attempts` tries."""
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except (IntegrityError, OperationalError) as error:
            db.session.rollback()
            if attempt == attempts:
                raise Conflict("a parallel change of the same thing") from error
            # Jitter, so parallel losers do not clash again in lockstep.
            time.sleep(random.uniform(0, 0.02 * attempt))
    raise AssertionError("unreachable")


def lock_row(model, row_id: int) -> None:
    """Hold the row's lock until the commit (PostgreSQL) and re-read everything loaded."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.select(model.id).where(model.id == row_id).with_for_update())
    # Whatever was read before the lock may be stale: read it again under the lock.
    db.session.expire_all()
