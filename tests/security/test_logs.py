import contextlib
import logging
import threading
import urllib.request

import pytest
from sqlalchemy.exc import IntegrityError
from werkzeug.serving import make_server

from planner.extensions import db
from planner.models import Organiser
from planner.security.logs import redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /rsvp/Abc_123-x HTTP/1.1" 200', '"GET /rsvp/[redacted] HTTP/1.1" 200'),
        ("POST /act/tok123/booked/7?ask=x", "POST /act/[redacted]/booked/7?ask=x"),
        ("GET /unsubscribe/tok", "GET /unsubscribe/[redacted]"),
        ("GET /auth/verify/eyJpZCI6MX0.abc", "GET /auth/verify/[redacted]"),
        ("GET /dinners/3", "GET /dinners/3"),
    ],
)
def test_token_segments_are_redacted(line, expected):
    assert redact(line) == expected


def test_access_log_of_a_real_server_hides_the_token(app, caplog, monkeypatch):
    # Alembic's fileConfig (run by the schema fixture) disables loggers created before it.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            url = f"http://127.0.0.1:{server.server_port}/rsvp/SECRET-TOKEN-123"
            # An unknown token is a 404; the log line is what matters.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(url, timeout=10)
    finally:
        server.shutdown()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("/rsvp/[redacted]" in line for line in lines), lines
    assert not any("SECRET-TOKEN-123" in line for line in lines)


def test_sql_errors_do_not_carry_password_hashes_or_profile_text(app, make_organiser):
    taken = make_organiser()
    with app.app_context():
        db.session.add(
            Organiser(email=taken.email, name="Private Person", password_hash="scrypt:SECRET-HASH")
        )
        with pytest.raises(IntegrityError) as error:
            db.session.flush()
        db.session.rollback()
    message = str(error.value)
    assert "SECRET-HASH" not in message
    # (PostgreSQL's own DETAIL line still names the duplicated key, here the email.)
    assert "Private Person" not in message
