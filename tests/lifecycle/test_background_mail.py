"""Mail leaves the request: the web request only queues it; a background thread sends it."""

import threading

from flask.testing import FlaskClient

from planner.background import dispatcher
from planner.extensions import db
from planner.models import MailStatus, OutboxMessage
from tests.web import guest_helpers

GUESTS = "\n".join(f"Guest {n} <guest{n}@example.com>" for n in range(50))


def test_inviting_fifty_guests_returns_before_any_smtp_and_mail_goes_after(
    app, smtp, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    client = FlaskClient(app, use_cookies=True)  # a plain client: it does not wait for mail
    client.post("/auth/login", data={"email": organiser.email, "password": organiser.password})
    previewed = guest_helpers.preview(client, dinner_id, GUESTS)
    smtp.gate.clear()  # the SMTP server now holds every message until the gate opens
    responses = []
    request = threading.Thread(
        target=lambda: responses.append(guest_helpers.send(client, dinner_id, previewed.text))
    )
    request.start()
    # Had the request talked SMTP itself, it would be stuck behind the closed gate.
    request.join(timeout=30)
    assert not request.is_alive() and responses[0].status_code == 302
    assert smtp.messages == []
    with app.app_context():
        statuses = db.session.scalars(db.select(OutboxMessage.status)).all()
    assert len(statuses) == 50 and MailStatus.SENT not in statuses
    smtp.gate.set()
    assert dispatcher(app).wait_idle()
    assert len(smtp.messages) == 50
