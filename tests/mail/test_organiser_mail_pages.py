"""The organiser's mail pages: outbox status with failures and retry, previews, timing."""

import re
from datetime import timedelta

from planner.extensions import db
from planner.lifecycle.scheduler import timing
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail
from planner.mail.sender import deliver_due
from planner.models import AccessToken, Dinner, MailStatus, OutboxMessage
from planner.models._types import utcnow
from tests.helpers import settings
from tests.web.test_seating import _seed


def _queue_for(app, dinner_id, key="k"):
    with app.app_context():
        queue_email(
            key=key,
            kind="follow_up_1",
            to="ana@example.com",
            email=RenderedEmail("Hi", "text", "<p>html</p>"),
            dinner_id=dinner_id,
        )
        db.session.commit()


def test_a_failed_message_is_visible_to_the_organiser_and_can_be_retried(
    app, client, smtp, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    _queue_for(app, dinner_id)
    _fail_for_a_day(app, smtp)
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}/outbox").text
    assert "1 failed" in page and "451" in page and "Retry" in page
    message_id = re.search(r"/outbox/(\d+)/retry", page).group(1)
    smtp.refuse = False
    client.post(f"/dinners/{dinner_id}/outbox/{message_id}/retry")  # delivered inline at once
    assert len(smtp.messages) == 1
    assert "1 sent" in client.get(f"/dinners/{dinner_id}/outbox").text


def _fail_for_a_day(app, smtp) -> None:
    smtp.refuse = True
    start = utcnow()
    with app.app_context():
        for hour in range(26):
            deliver_due(settings(), start + timedelta(hours=hour))
    smtp.refuse = False


def test_retry_all_failed_needs_the_box_ticked_then_sends_every_failed_message(
    app, client, smtp, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    for key in ("a", "b", "c"):
        _queue_for(app, dinner_id, key)
    _fail_for_a_day(app, smtp)
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}/outbox").text
    assert "3 failed" in page and "Retry all failed" in page
    client.post(f"/dinners/{dinner_id}/outbox/retry-all")
    assert smtp.messages == [] and "3 failed" in client.get(f"/dinners/{dinner_id}/outbox").text
    client.post(f"/dinners/{dinner_id}/outbox/retry-all", data={"confirmed": "yes"})
    assert len(smtp.wait_for(3)) == 3
    assert "3 sent" in client.get(f"/dinners/{dinner_id}/outbox").text


def test_another_organisers_outbox_and_messages_are_404(
    app, client, make_organiser, make_dinner, login
):
    dinner_id = make_dinner(make_organiser())
    _queue_for(app, dinner_id)
    with app.app_context():
        message_id = db.session.scalar(db.select(OutboxMessage.id))
    login(make_organiser())
    assert client.get(f"/dinners/{dinner_id}/outbox").status_code == 404
    assert client.post(f"/dinners/{dinner_id}/outbox/{message_id}/retry").status_code == 404
    retry_all = client.post(f"/dinners/{dinner_id}/outbox/retry-all", data={"confirmed": "yes"})
    assert retry_all.status_code == 404
    assert client.get(f"/dinners/{dinner_id}/preview/invitation").status_code == 404


def test_every_email_can_be_previewed_without_changing_anything(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    login(organiser)
    assert "once tables are seated" in client.get(f"/dinners/{dinner_id}/preview/follow_up_1").text
    client.post(f"/dinners/{dinner_id}/seat")
    with app.app_context():
        counts = (
            db.session.scalar(db.select(db.func.count(AccessToken.id))),
            db.session.scalar(db.select(db.func.count(OutboxMessage.id))),
        )
    for kind in (
        "invitation",
        "rsvp_confirmation",
        "reminder",
        "day_note",
        "follow_up_1",
        "follow_up_2",
        "re_ask",
        "re_ask_holder",
        "outcome_check",
    ):
        response = client.get(f"/dinners/{dinner_id}/preview/{kind}")
        assert response.status_code == 200, kind
        assert 'id="preview-subject"' in response.text or 'id="preview-note"' in response.text
    follow_up = client.get(f"/dinners/{dinner_id}/preview/follow_up_1").text
    assert "Your next steps:" in follow_up and "preview-token" in follow_up
    assert client.get(f"/dinners/{dinner_id}/preview/nonsense").status_code == 404
    with app.app_context():
        assert counts == (
            db.session.scalar(db.select(db.func.count(AccessToken.id))),
            db.session.scalar(db.select(db.func.count(OutboxMessage.id))),
        )


def test_timing_is_configurable_per_dinner(app, client, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    bad = {
        "reminder_hours": 0,
        "morning_hour": 24,
        "follow_up_2_days": 7,
        "re_ask_days": 7,
        "outcome_check_weeks": 6,
    }
    assert client.post(f"/dinners/{dinner_id}/timing", data=bad).status_code == 422
    good = {
        "reminder_hours": 24,
        "morning_hour": 0,
        "follow_up_2_days": 3,
        "re_ask_days": 5,
        "outcome_check_weeks": 2,
    }
    assert client.post(f"/dinners/{dinner_id}/timing", data=good).status_code == 302
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        when = timing(dinner)
        assert when.reminder == dinner.rsvp_deadline - timedelta(hours=24)
        assert dinner.local(when.follow_up_1).hour == 0
        assert when.follow_up_2 - when.follow_up_1 == timedelta(days=3)
        assert when.re_ask - when.follow_up_2 == timedelta(days=5)
        assert when.outcome_check - when.follow_up_1 == timedelta(weeks=2)
    assert 'id="schedule"' in client.get(f"/dinners/{dinner_id}/timing").text


def test_unsubscribed_status_is_shown_as_cancelled(app, client, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    _queue_for(app, dinner_id)
    with app.app_context():
        db.session.scalar(db.select(OutboxMessage)).status = MailStatus.CANCELLED
        db.session.commit()
    login(organiser)
    assert "1 cancelled" in client.get(f"/dinners/{dinner_id}/outbox").text
