"""The embedded in-process worker: after a request commits mail (or a changed profile), a
background thread delivers the mail (and encodes the profile's sentence vectors), so no SMTP
conversation and no model inference ever happens inside a request.

With `MAIL_DELIVERY=worker` nothing runs in the web process and `flask mail worker` (or
`flask tick` from cron) sends instead.
"""

import logging
import threading

from flask import Flask, current_app, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.extensions import db
from planner.mail.outbox import MAIL_QUEUED
from planner.mail.sender import deliver_due
from planner.services.embeddings import PROFILES_CHANGED, refresh_stale_vectors
from planner.settings import Settings

log = logging.getLogger(__name__)
EXTENSION = "tablewise.mail_dispatcher"


class MailDispatcher:
    """Wake a daemon thread to deliver due mail whenever a request commits some."""

    def __init__(self, app: Flask, poll_seconds: float | None):
        self.app = app
        self.poll_seconds = poll_seconds  # also look for retries that fell due; None: never
        self._condition = threading.Condition()
        self._asked = 0  # wake-ups requested
        self._served = 0  # wake-ups whose delivery pass has finished
        self._thread: threading.Thread | None = None

    def notify(self) -> None:
        """Ask for a delivery pass soon; never blocks the caller."""
        with self._condition:
            self._asked += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mail", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every requested pass has run (tests and shutdown); return success."""
        with self._condition:
            return self._condition.wait_for(lambda: self._served >= self._asked, timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._asked > self._served, self.poll_seconds)
                target = self._asked
            self._deliver()
            with self._condition:
                self._served = max(self._served, target)
                self._condition.notify_all()

    def _deliver(self) -> None:
        with self.app.app_context():
            for work in (self._send_mail, refresh_stale_vectors):
                try:
                    work()
                except Exception:  # the thread must outlive any one failure
                    log.exception("background %s failed", work.__name__)
                    db.session.rollback()
            db.session.remove()

    def _send_mail(self) -> None:
        deliver_due(Settings.from_config(self.app.config))


def init_app(app: Flask) -> None:
    """Start delivering mail in the background when `MAIL_DELIVERY` is `thread`."""
    if app.config["MAIL_DELIVERY"] not in ("thread", "inline"):
        return
    app.extensions[EXTENSION] = MailDispatcher(app, app.config.get("MAIL_POLL_SECONDS"))
    _listen_for_commits()


def dispatcher(app: Flask) -> MailDispatcher | None:
    """Return the app's background mail dispatcher, if it has one."""
    return app.extensions.get(EXTENSION)


_listening = False


def _listen_for_commits() -> None:
    global _listening
    if _listening:
        return
    _listening = True
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    mail = session.info.pop(MAIL_QUEUED, False)
    profiles = session.info.pop(PROFILES_CHANGED, False)
    if not (mail or profiles) or not has_request_context():
        return
    mail = dispatcher(current_app)
    if mail is not None:
        mail.notify()


def _after_rollback(session: Session) -> None:
    # Mail queued by a transaction that did not commit was never written: nothing to send.
    session.info.pop(MAIL_QUEUED, None)
    session.info.pop(PROFILES_CHANGED, None)
