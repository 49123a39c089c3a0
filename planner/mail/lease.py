"""Keep a worker's claim on the message it is sending fresh, so a short lease is safe.

The lease is short (a minute by default) so a killed worker's message is taken over quickly;
a live worker renews it every third of the lease for as long as the SMTP conversation lasts.
"""

import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine

from planner.models import MailStatus, OutboxMessage

log = logging.getLogger(__name__)


class Heartbeat:
    """Renew the claim on one `sending` row from a thread of its own, while in a `with`."""

    def __init__(self, engine: Engine, row_id: int, claimed_at: datetime, lease: timedelta):
        self.engine = engine
        self.row_id = row_id
        self.claimed_at = claimed_at
        self.interval = lease.total_seconds() / 3
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mail-lease", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            # The caller's clock (tests pass one) advanced by the real time spent sending.
            renewed = self.claimed_at + timedelta(seconds=time.monotonic() - self._started)
            try:
                self.renew(renewed)
            except Exception:  # a missed renewal at worst lets another worker resend
                log.warning("could not renew the claim on mail %s", self.row_id, exc_info=True)

    def renew(self, claimed_at: datetime) -> None:
        """Move the claim's start to `claimed_at`, on a connection of its own."""
        with self.engine.begin() as connection:
            connection.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == self.row_id, OutboxMessage.status == MailStatus.SENDING)
                .values(claimed_at=claimed_at)
            )
