"""Finding 10: a guest sees, downloads and deletes their data from their RSVP link; the
organiser's figures keep their counts; a decline keeps no profile."""

import json
import logging

import pytest

from planner.errors import LinkNotUsable
from planner.extensions import db
from planner.lifecycle.outcomes import funnel, ledger
from planner.lifecycle.tokens import holder
from planner.models import (
    AccessToken,
    Dinner,
    Invitation,
    OutboxMessage,
    Outcome,
    Profile,
    TokenPurpose,
)
from planner.models._types import utcnow
from tests.actions.pages import submit
from tests.actions.test_actions import ASK, _link
from tests.web.test_rsvp import _answer, _first_industry


@pytest.fixture
def answered(app, client, smtp, make_organiser, make_dinner, make_guest):
    """A guest who accepted through the web with a profile (and got a confirmation)."""
    dinner_id = make_dinner(make_organiser())
    guest = make_guest(dinner_id, email="ana@example.com")
    industry = _first_industry(client, guest.token)
    answer = _answer(industry=industry, company="Harbour Homes", does="I sell secret homes.")
    assert client.post(f"/rsvp/{guest.token}", data=answer).status_code == 302
    smtp.wait_for(1)
    return guest


def test_the_data_page_and_download_show_everything_stored(client, answered):
    page = client.get(f"/rsvp/{answered.token}/data")
    assert page.status_code == 200
    for stored in (
        "Harbour Homes",
        "I sell secret homes.",
        "ana@example.com",
        "coming to Founders",
    ):
        assert stored in page.text
    download = client.get(f"/rsvp/{answered.token}/data.json")
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.text)
    assert data["invitation"]["email"] == "ana@example.com"
    assert data["profile"]["company"] == "Harbour Homes"
    assert [m["kind"] for m in data["mail"]] == ["rsvp_confirmation"]
    assert "link" not in json.dumps(data["mail"])  # subjects and dates, never bodies
    assert "data" in client.get(f"/rsvp/{answered.token}").text  # linked from the RSVP page


def test_deleting_needs_the_box_ticked(app, client, answered):
    response = client.post(f"/rsvp/{answered.token}/data/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Invitation, answered.id).profile is not None


def test_deleting_removes_the_profile_and_identity_and_stops_the_links(app, client, answered):
    response = client.post(f"/rsvp/{answered.token}/data/delete", data={"confirmed": "y"})
    assert response.headers["Location"].endswith("/rsvp/data-deleted")
    assert "deleted" in client.get("/rsvp/data-deleted").text
    assert client.get(f"/rsvp/{answered.token}").status_code == 410
    with app.app_context():
        invitation = db.session.get(Invitation, answered.id)
        assert invitation.deleted_at is not None and invitation.profile is None
        assert "ana" not in invitation.email and invitation.name == "Deleted guest"
        assert db.session.scalar(db.select(db.func.count(Profile.id))) == 0
        tokens = db.session.scalars(db.select(AccessToken)).all()
        assert tokens and all(t.revoked_at is not None for t in tokens)
        for message in db.session.scalars(db.select(OutboxMessage)):
            assert message.text_body == "" and "ana@" not in message.to_addr
        with pytest.raises(LinkNotUsable):
            holder(answered.token, TokenPurpose.RSVP, utcnow())


def test_the_organisers_figures_keep_their_counts_after_a_deletion(
    app, client, smtp, make_organiser, make_dinner, make_guest, hold_dinner
):
    from tests.web.test_seating import PROFILES

    dinner_id = make_dinner(make_organiser())
    ana, ben, cy = (
        make_guest(dinner_id, status="accepted", name=f"{role} P", role=role, asks=asks)
        for role, _, asks, _ in PROFILES[:3]
    )
    hold_dinner(dinner_id, [ana, ben, cy])
    assert client.post(_link(app, ben, "outcome", "introduced", ana, ask=ASK)).status_code == 302
    assert client.post(_link(app, ana, "outcome", "booked", ben)).status_code == 302
    # Offering an introduction is a form (an editable note), submitted as the page fills it.
    assert (
        submit(client, _link(app, cy, "offer", ana, ben, ASK), "introduce-form").status_code == 302
    )

    def figures():
        with app.app_context():
            dinner = db.session.get(Dinner, dinner_id)
            counts = funnel(dinner)
            given = sorted((row.given, row.received) for row in ledger(dinner))
            return counts.offered, counts.made, counts.booked, given

    before = figures()
    client.post(f"/rsvp/{ana.token}/data/delete", data={"confirmed": "y"})
    assert figures() == before
    with app.app_context():
        asks = [o.ask for o in db.session.scalars(db.select(Outcome))]
        assert ASK not in asks


def test_logs_never_hold_profile_text(
    app, client, smtp, caplog, monkeypatch, make_organiser, make_dinner, make_guest
):
    guest_token = make_guest(make_dinner(make_organiser())).token
    industry = _first_industry(client, guest_token)
    secret = "Quietly restructuring Harbour Homes"
    smtp.refuse = True  # the confirmation fails: the sender logs a warning
    # Alembic's fileConfig (run by the schema fixture) disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("planner.mail.sender"), "disabled", False)
    with caplog.at_level("DEBUG"):
        answer = _answer(industry=industry, does=secret, serves=secret)
        assert client.post(f"/rsvp/{guest_token}", data=answer).status_code == 302
    with app.app_context():
        (message,) = db.session.scalars(db.select(OutboxMessage)).all()
        assert message.last_error  # the failure was recorded
    assert "not sent" in caplog.text  # and logged
    assert secret not in caplog.text
