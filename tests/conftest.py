"""Shared fixtures: a real database (SQLite, or PostgreSQL via DATABASE_URL), a real SMTP
server on loopback, the app and its test client, and factories for organisers and dinners."""

import asyncio
import os
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from planner.background import dispatcher
from planner.jobs import EXTENSION as SEATING_JOBS

pytest_plugins = ["tests.factories"]


# --- Real SMTP server on loopback -----------------------------------------------------------


class Mailbox:
    """Collect what a real aiosmtpd server received, parsed as email messages."""

    def __init__(self):
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []
        self.refuse = False
        self.refuse_code: str | None = None  # e.g. "550 ...": refuse every DATA with it
        self.gate = threading.Event()  # cleared: the server holds every DATA until it is set
        self.gate.set()

    async def handle_DATA(self, server, session, envelope):
        while not self.gate.is_set():
            await asyncio.sleep(0.01)
        if self.refuse:
            return "451 4.3.0 Try again later"
        if self.refuse_code:
            return self.refuse_code
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        parsed["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._lock:
            self._messages.append(parsed)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Return the messages once at least `count` arrived (mail is sent in the background)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages sent to `address`."""
        return [m for m in self.messages if m["To"].addresses[0].addr_spec == address]

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
        self.refuse = False
        self.refuse_code = None
        self.gate.set()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(autouse=True)
def mail_guard(request, smtp_server):
    """Fail any test that sends mail without asking for the `smtp` fixture."""
    mailbox = smtp_server.handler
    mailbox.clear()
    yield
    if "smtp" not in request.fixturenames and mailbox.messages:
        subjects = [m["Subject"] for m in mailbox.messages]
        pytest.fail(f"unexpected mail sent: {subjects}")


@pytest.fixture
def smtp(smtp_server) -> Mailbox:
    """The loopback SMTP server's mailbox, for tests that expect mail."""
    return smtp_server.handler


# --- Database and app ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tablewise.sqlite'}"


@pytest.fixture(scope="session")
def migrated_database(database_url, smtp_server, tmp_path_factory):
    """Build the schema once per run, through the real Alembic migrations."""
    from flask_migrate import upgrade

    from planner import create_app
    from planner.extensions import db

    app = create_app(_test_config(database_url, smtp_server, tmp_path_factory.mktemp("inst")))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        db.engine.dispose()
    return database_url


def _test_config(database_url, smtp_server, tmp_dir) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SMTP_HOST": smtp_server.hostname,
        "SMTP_PORT": smtp_server.port,
        "MAIL_FILE_DIR": str(tmp_dir / "mail"),
        "PUBLIC_BASE_URL": "http://tablewise.test",
        "SOLVER_SECONDS": 2.0,
        "WTF_CSRF_ENABLED": False,
        # The background mail thread runs when a request commits mail, never on a timer here.
        "MAIL_POLL_SECONDS": None,
    }


@pytest.fixture
def app_config(migrated_database, smtp_server, tmp_path) -> dict:
    """The config the `app` fixture is built from; tests may override keys before using `app`."""
    return _test_config(migrated_database, smtp_server, tmp_path)


@pytest.fixture
def no_rate_limits(app_config):
    """Turn rate limiting off for tests that post many times on purpose (use before `app`)."""
    app_config["RATELIMIT_ENABLED"] = False


@pytest.fixture
def app(app_config):
    from planner import create_app
    from planner.extensions import db

    # No app context stays pushed around the test: each client request gets its own, as in
    # production (a shared one would leak `g`, and with it Flask-Login's user, across requests).
    app = create_app(app_config)
    yield app
    jobs = app.extensions.get(SEATING_JOBS)
    if jobs is not None:
        jobs.wait_idle()
    mail = dispatcher(app)
    if mail is not None:
        mail.wait_idle()
    with app.app_context():
        db.session.remove()
        _empty_all_tables(db)
        db.engine.dispose()


def _empty_all_tables(db) -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


class MailSettlingClient(FlaskClient):
    """A test client that, after each request, waits for its seating jobs and mail.

    Delivery happens in the background thread, as in production; waiting here keeps tests
    that read the mailbox right after a request deterministic.
    """

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        self.settle()
        return response

    def resolve_redirect(self, response, buffered=False):
        # Background seating started by the request finishes before its redirect is followed.
        self.settle()
        return super().resolve_redirect(response, buffered=buffered)

    def settle(self) -> None:
        """Wait for the background seating jobs and mail the last request started."""
        jobs = self.application.extensions.get(SEATING_JOBS)
        if jobs is not None:
            assert jobs.wait_idle(), "background seating did not finish"
        mail = dispatcher(self.application)
        if mail is not None:
            assert mail.wait_idle(), "background mail delivery did not finish"


# Every app a test builds hands out settling clients, also those built inside a test.
Flask.test_client_class = MailSettlingClient


@pytest.fixture
def client(app):
    return app.test_client()
