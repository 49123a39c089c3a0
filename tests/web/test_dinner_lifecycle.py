"""The dinner's lifecycle from the organiser's pages: states, held (only after the start,
confirmed, undoable), cancel and delete, each refused with its reason where it makes no sense."""

from datetime import timedelta

from sqlalchemy import func, select

from planner.extensions import db
from planner.lifecycle.scheduler import schedule_dinner, tick, timing
from planner.models import Dinner, MailStatus, Organiser, OutboxMessage
from planner.models._types import utcnow
from tests.helpers import settings
from tests.web.test_seating import _seed


def _started(app, dinner_id, hours_ago=4):
    """Move the dinner (and its deadline) into the past, as if its evening had come."""
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        dinner.starts_at = utcnow() - timedelta(hours=hours_ago)
        dinner.rsvp_deadline = dinner.starts_at - timedelta(days=2)
        db.session.commit()


def _outbox(app, dinner_id, kind=None):
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.dinner_id == dinner_id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return [(m.kind, m.to_addr, m.status) for m in db.session.scalars(query)]


def _seated(app, client, make_organiser, make_dinner, make_guest, login, pending=1):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    waiting = [make_guest(dinner_id) for _ in range(pending)]
    login(organiser)
    assert client.post(f"/dinners/{dinner_id}/seat").status_code == 302
    return dinner_id, waiting


def test_held_before_the_dinner_is_refused_and_the_rsvp_stays_open(
    app, client, make_organiser, make_dinner, make_guest, login
):
    # The bug: pressed two weeks early it scheduled follow-ups for the next morning and
    # closed the RSVP of the guests still pending, with a deadline still in the future.
    dinner_id, (pending,) = _seated(app, client, make_organiser, make_dinner, make_guest, login)
    page = client.get(f"/dinners/{dinner_id}").text
    assert "mark it held after it has taken place" in page
    response = client.post(f"/dinners/{dinner_id}/held", follow_redirects=True)
    assert "mark it held after it has taken place" in response.text
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert dinner.held_at is None
        assert timing(dinner).follow_up_1 > dinner.starts_at
        tick(utcnow() + timedelta(days=1), settings())
    assert _outbox(app, dinner_id, "follow_up_1") == []
    rsvp = client.get(f"/rsvp/{pending.token}").text
    assert "closed" not in rsvp and 'name="attending"' in rsvp


def test_held_after_the_start_asks_first_then_schedules_follow_ups_after_the_dinner(
    app, client, make_organiser, make_dinner, make_guest, login
):
    dinner_id, _ = _seated(app, client, make_organiser, make_dinner, make_guest, login)
    _started(app, dinner_id)
    confirm = client.get(f"/dinners/{dinner_id}/held")
    assert confirm.status_code == 200
    assert "Follow-up mail to the 12 guests will be scheduled" in confirm.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).held_at is None  # asking changed nothing
    response = client.post(f"/dinners/{dinner_id}/held", follow_redirects=True)
    assert "Marked as held" in response.text
    assert 'id="dinner-state">Held<' in response.text
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert dinner.held_at is not None
        assert timing(dinner).follow_up_1 > dinner.starts_at


def test_undo_held_drops_queued_follow_ups_until_the_first_went_out(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    dinner_id, _ = _seated(app, client, make_organiser, make_dinner, make_guest, login)
    _started(app, dinner_id)
    client.post(f"/dinners/{dinner_id}/held")
    _schedule_at_follow_up_time(app, dinner_id)
    queued = _outbox(app, dinner_id, "follow_up_1")
    assert len(queued) == 12 and {status for *_, status in queued} == {MailStatus.QUEUED}
    assert "Undo held" in client.get(f"/dinners/{dinner_id}/undo-held").text
    client.post(f"/dinners/{dinner_id}/undo-held")
    assert _outbox(app, dinner_id, "follow_up_1") == []
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).held_at is None
    # Held again, the follow-ups are queued again (their keys were freed) and go out...
    client.post(f"/dinners/{dinner_id}/held")
    with app.app_context():
        tick(timing(db.session.get(Dinner, dinner_id)).follow_up_1, settings())
    assert len(smtp.wait_for(12)) == 12
    # ...after which "held" can no longer be taken back.
    response = client.post(f"/dinners/{dinner_id}/undo-held", follow_redirects=True)
    assert "it cannot be undone" in response.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).held_at is not None


def _schedule_at_follow_up_time(app, dinner_id):
    """Queue what the clock would queue on the follow-up morning, without sending it."""
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        schedule_dinner(dinner, timing(dinner).follow_up_1, settings())
        db.session.commit()


def test_the_dinner_list_and_page_show_each_state(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    draft = make_dinner(organiser, title="Draft dinner")
    inviting = make_dinner(organiser, title="Inviting dinner")
    make_guest(inviting)
    login(organiser)
    listing = client.get("/").text
    assert '<span class="state state-draft">Draft</span>' in listing
    assert '<span class="state state-inviting">Inviting</span>' in listing
    page = client.get(f"/dinners/{draft}").text
    assert 'id="dinner-state">Draft<' in page
    assert "Nobody has been invited yet." in page  # why "Message guests" is greyed out


def test_cancel_mails_everyone_still_invited_and_stops_lifecycle_mail(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    coming = make_guest(dinner_id, status="accepted", name="Ana Souza", dietary="vegan")
    pending = make_guest(dinner_id, name="Ben Okafor")
    declined = make_guest(dinner_id, status="declined", name="Carl Rival")
    login(organiser)
    with app.app_context():
        tick(timing(db.session.get(Dinner, dinner_id)).reminder, settings())
    smtp.clear()
    confirm = client.get(f"/dinners/{dinner_id}/cancel").text
    assert "All 2 invited guests get a cancellation" in confirm
    assert coming.email in confirm and pending.email in confirm and declined.email not in confirm
    response = client.post(f"/dinners/{dinner_id}/cancel", follow_redirects=True)
    assert "2 guest(s) are mailed a cancellation" in response.text
    assert 'id="dinner-state">Cancelled<' in response.text
    received = smtp.wait_for(2)
    assert sorted(m["To"].addresses[0].addr_spec for m in received) == sorted(
        [coming.email, pending.email]
    )
    for message in received:
        (ics,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        text = ics.get_content()
        assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text and "SEQUENCE:1" in text
        assert message["Reply-To"].addresses[0].addr_spec == organiser.email
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        tick(timing(dinner).day_note, settings())  # nothing more is queued for it
    kinds = sorted(kind for kind, *_ in _outbox(app, dinner_id))
    assert kinds == ["dinner_cancelled", "dinner_cancelled", "reminder"]  # no day note
    assert 'name="attending"' not in client.get(f"/rsvp/{pending.token}").text


def test_cancel_marks_queued_mail_of_the_dinner_cancelled(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id)
    login(organiser)
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        future = timing(dinner).reminder
        schedule_dinner(dinner, future, settings())  # queued, due in the future
        db.session.commit()
    assert [s for *_, s in _outbox(app, dinner_id, "reminder")] == [MailStatus.QUEUED]
    client.post(f"/dinners/{dinner_id}/cancel")
    assert [s for *_, s in _outbox(app, dinner_id, "reminder")] == [MailStatus.CANCELLED]


def test_delete_is_refused_while_guests_are_invited_and_removes_everything_after_cancel(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 6)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    response = client.post(f"/dinners/{dinner_id}/delete", follow_redirects=True)
    assert "cancel the dinner first so they are told" in response.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id) is not None
    client.post(f"/dinners/{dinner_id}/cancel")
    _add_outcome_and_introduction(app, dinner_id)
    assert "This cannot be undone" in client.get(f"/dinners/{dinner_id}/delete").text
    response = client.post(f"/dinners/{dinner_id}/delete", follow_redirects=True)
    assert "is deleted" in response.text
    _assert_only_the_organiser_is_left(app)


def test_a_draft_dinner_can_be_deleted(app, client, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    assert client.post(f"/dinners/{dinner_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Dinner, dinner_id) is None


def _add_outcome_and_introduction(app, dinner_id):
    from planner.models import Introduction, Outcome, OutcomeKind, SeatingRule

    with app.app_context():
        a, b, c = db.session.get(Dinner, dinner_id).accepted[:3]
        db.session.add(Outcome(dinner_id=dinner_id, actor=a, other=b, kind=OutcomeKind.BOOKED))
        db.session.add(Introduction(dinner_id=dinner_id, introducer=a, seeker=b, target=c))
        db.session.add(SeatingRule(dinner_id=dinner_id, kind="apart", invitation_ids=[a.id, b.id]))
        db.session.commit()


def _assert_only_the_organiser_is_left(app):
    """Every table other than the organiser's is empty: nothing of the dinner was left behind.

    Checks every table in the schema, so a table added later that hangs off a dinner or an
    invitation fails here until delete_dinner removes its rows too.
    """
    with app.app_context():
        left = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
            if table.name != Organiser.__tablename__
        }
    assert {name: count for name, count in left.items() if count} == {}


def test_seating_again_asks_first_and_seating_after_the_start_is_refused(
    app, client, make_organiser, make_dinner, make_guest, login
):
    dinner_id, _ = _seated(app, client, make_organiser, make_dinner, make_guest, login)
    page = client.get(f"/dinners/{dinner_id}").text
    assert f'href="/dinners/{dinner_id}/seat"' in page  # a link to the question, not a POST
    confirm = client.get(f"/dinners/{dinner_id}/seat").text
    assert "Replace the current seating plan with a new one?" in confirm
    _started(app, dinner_id)
    response = client.post(f"/dinners/{dinner_id}/seat", follow_redirects=True)
    assert "The dinner has already started." in response.text
