"""Finding 7: parallel saves of one RSVP give one result, one confirmation, never a 500."""

import threading

import pytest

from planner.extensions import db
from planner.lifecycle.kinds import Kind
from planner.models import Invitation, OutboxMessage, Profile, RsvpStatus, SeatingPlan
from planner.organiser.guest_forms import list_digest
from planner.services.guests import preview_import
from tests.web.test_rsvp import _answer, _first_industry
from tests.web.test_seating import _seed

PARALLEL = 20


def _in_parallel(app, requests: list, login=None) -> list[int]:
    """Send each (path, data) POST from its own thread and client, all at once."""
    start = threading.Barrier(len(requests))
    codes: list[int] = [0] * len(requests)

    def send(index: int, path: str, data: dict) -> None:
        client = app.test_client()
        if login is not None:
            credentials = {"email": login.email, "password": login.password}
            assert client.post("/auth/login", data=credentials).status_code == 302
        start.wait()
        codes[index] = client.post(path, data=data).status_code

    threads = [
        threading.Thread(target=send, args=(n, path, data))
        for n, (path, data) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def _confirmations(app, invitation_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count(OutboxMessage.id)).where(
                OutboxMessage.invitation_id == invitation_id,
                OutboxMessage.kind == Kind.RSVP_CONFIRMATION,
            )
        )


@pytest.fixture
def guest(make_organiser, make_dinner, make_guest):
    return make_guest(make_dinner(make_organiser()))


@pytest.fixture
def answer(app, guest):
    industry = _first_industry(app.test_client(), guest.token)
    return lambda **values: _answer(industry=industry, **values)


def test_twenty_parallel_identical_saves_give_one_profile_and_one_confirmation(
    no_rate_limits, app, smtp, guest, answer
):
    codes = _in_parallel(app, [(f"/rsvp/{guest.token}", answer())] * PARALLEL)
    assert set(codes) == {302}
    with app.app_context():
        profiles = db.session.scalars(
            db.select(Profile).where(Profile.invitation_id == guest.id)
        ).all()
        assert len(profiles) == 1 and profiles[0].name == "Ana Souza"
        assert db.session.get(Invitation, guest.id).status == RsvpStatus.ACCEPTED
    assert _confirmations(app, guest.id) == 1


def test_parallel_different_saves_end_with_one_of_them_and_never_a_500(
    no_rate_limits, app, smtp, guest, answer
):
    answers = [answer(company=f"Company {n % 2}") for n in range(PARALLEL)]
    codes = _in_parallel(app, [(f"/rsvp/{guest.token}", one) for one in answers])
    assert 500 not in codes and set(codes) <= {200, 302}
    with app.app_context():
        invitation = db.session.get(Invitation, guest.id)
        assert invitation.profile.company in {"Company 0", "Company 1"}
    # Each confirmation confirms a real change; at most one per save, never a duplicate.
    assert 1 <= _confirmations(app, guest.id) <= PARALLEL


def test_saving_the_same_answer_again_sends_no_second_confirmation(
    app, client, smtp, guest, answer
):
    for _ in range(3):
        assert client.post(f"/rsvp/{guest.token}", data=answer()).status_code == 302
    assert _confirmations(app, guest.id) == 1
    client.post(f"/rsvp/{guest.token}", data=answer(attending="no"))
    client.post(f"/rsvp/{guest.token}", data=answer())
    assert _confirmations(app, guest.id) == 3


def test_a_decline_keeps_no_profile(app, client, smtp, guest, answer):
    client.post(f"/rsvp/{guest.token}", data=answer())
    client.post(f"/rsvp/{guest.token}", data=answer(attending="no"))
    with app.app_context():
        assert db.session.get(Invitation, guest.id).profile is None
        assert db.session.scalar(db.select(db.func.count(Profile.id))) == 0


def test_two_parallel_seat_presses_give_one_plan_and_no_500(
    app, make_organiser, make_dinner, make_guest
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 14)
    for presses in range(2):  # the first round seats from nothing, the second replaces a plan
        codes = _in_parallel(app, [(f"/dinners/{dinner_id}/seat", {})] * 2, login=organiser)
        assert codes == [302, 302], presses
        with app.app_context():
            plans = db.session.scalars(
                db.select(SeatingPlan).where(SeatingPlan.dinner_id == dinner_id)
            ).all()
            assert len(plans) == 1


def test_parallel_invites_of_one_address_invite_once_and_say_so(
    app, smtp, make_organiser, make_dinner
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    pasted = "Ana Souza <ana@example.com>"
    # The send step of the two-step invite: the list as previewed, with its digest.
    digest = list_digest(preview_import(pasted).guests)
    paste = {"pasted": pasted, "csv_text": "", "digest": digest, "send": "Send"}
    codes = _in_parallel(app, [(f"/dinners/{dinner_id}/invite", paste)] * 4, login=organiser)
    assert codes == [302] * 4
    with app.app_context():
        invitations = db.session.scalars(
            db.select(Invitation).where(Invitation.dinner_id == dinner_id)
        ).all()
        assert [i.email for i in invitations] == ["ana@example.com"]
    assert len(smtp.wait_for(1)) == 1
