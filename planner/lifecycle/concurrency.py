"""Writes that race with themselves (double clicks, parallel tabs, scripts) give one result.

Unique constraints decide who was first; the loser's transaction is rolled back and its work
runs again on the state the winner committed, where it usually finds nothing left to do.
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import update
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
    """Hold the row's write lock until the commit and re-read everything loaded.

    A no-op UPDATE rather than SELECT … FOR UPDATE: on PostgreSQL it locks the row, and on
    SQLite it starts the write transaction now, so the reads that follow see the last
    committed answer instead of one read before a parallel save committed.
    """
    db.session.execute(
        update(model)
        .where(model.id == row_id)
        .values(id=model.id)
        .execution_options(synchronize_session=False)
    )
    # Whatever was read before the lock may be stale: read it again under the lock.
    db.session.expire_all()
