from datetime import timedelta

from planner.extensions import db
from planner.models import Dinner, Invitation, RsvpStatus
from planner.models._types import utcnow


def _answer(**overrides):
    values = {
        "attending": "yes",
        "name": "Ana Souza",
        "company": "Harbour Homes",
        "role": "Realtor",
        "industry": "",
        "does": "I help families buy homes.",
        "serves": "First-time buyers",
        "ask_1": "Mortgage brokers who pre-approve first-time buyers",
        "ask_2": "",
        "ask_3": "",
        "can_introduce": "Recent home buyers\nLandlords",
        "dietary": "vegetarian",
    }
    values.update(overrides)
    return values


def _first_industry(client, token) -> str:
    page = client.get(f"/rsvp/{token}").text
    import re

    return re.findall(r'<option value="([^"]+)"', page)[1]


def test_unknown_token_is_404(client):
    assert client.get("/rsvp/not-a-real-token").status_code == 404
    assert client.post("/rsvp/not-a-real-token", data=_answer()).status_code == 404


def test_accept_with_profile_then_edit_through_the_same_link(
    app, client, smtp, make_organiser, make_dinner, make_guest
):
    guest = make_guest(make_dinner(make_organiser()))
    industry = _first_industry(client, guest.token)
    response = client.post(f"/rsvp/{guest.token}", data=_answer(industry=industry))
    assert response.status_code == 302
    page = client.get(f"/rsvp/{guest.token}").text
    assert "Mortgage brokers who pre-approve first-time buyers" in page
    client.post(
        f"/rsvp/{guest.token}",
        data=_answer(industry=industry, ask_2="Home inspectors", prefer_not="Carl Rival"),
    )
    with app.app_context():
        invitation = db.session.get(Invitation, guest.id)
        assert invitation.status == RsvpStatus.ACCEPTED
        assert invitation.profile.asks == [
            "Mortgage brokers who pre-approve first-time buyers",
            "Home inspectors",
        ]
        assert invitation.profile.can_introduce_list == ["Recent home buyers", "Landlords"]
        assert invitation.profile.prefer_not == "Carl Rival"


def test_accepting_without_profile_explains_and_keeps_input(
    app, client, make_organiser, make_dinner, make_guest
):
    guest = make_guest(make_dinner(make_organiser()))
    response = client.post(
        f"/rsvp/{guest.token}", data=_answer(does="", ask_1="", company="Kept Co")
    )
    assert response.status_code == 200
    assert response.text.count("Please fill this in so we can seat you well.") == 2
    assert "Choose the closest industry" in response.text
    assert 'value="Kept Co"' in response.text
    with app.app_context():
        assert db.session.get(Invitation, guest.id).status == RsvpStatus.PENDING


def test_decline_needs_no_profile(app, client, smtp, make_organiser, make_dinner, make_guest):
    guest = make_guest(make_dinner(make_organiser()))
    response = client.post(f"/rsvp/{guest.token}", data={"attending": "no"})
    assert response.status_code == 302
    (confirmation,) = smtp.to(guest.email)  # the answer is confirmed by email
    assert "can't come" in confirmation.get_body(("plain",)).get_content()
    with app.app_context():
        assert db.session.get(Invitation, guest.id).status == RsvpStatus.DECLINED


def test_no_changes_after_the_deadline(app, client, make_organiser, make_dinner, make_guest):
    dinner_id = make_dinner(make_organiser())
    guest = make_guest(dinner_id)
    with app.app_context():
        db.session.get(Dinner, dinner_id).rsvp_deadline = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.post(f"/rsvp/{guest.token}", data={"attending": "no"})
    assert "closed" in response.text
    with app.app_context():
        assert db.session.get(Invitation, guest.id).status == RsvpStatus.PENDING


def test_a_token_only_opens_its_own_invitation(client, make_organiser, make_dinner, make_guest):
    dinner_id = make_dinner(make_organiser())
    ana = make_guest(dinner_id, name="Ana Only")
    ben = make_guest(dinner_id, name="Ben Only")
    assert "Ana Only" in client.get(f"/rsvp/{ana.token}").text
    assert "Ana Only" not in client.get(f"/rsvp/{ben.token}").text


def test_vague_asks_are_refused_with_a_hint(app, client, make_organiser, make_dinner, make_guest):
    guest = make_guest(make_dinner(make_organiser()))
    industry = _first_industry(client, guest.token)
    response = client.post(
        f"/rsvp/{guest.token}",
        data=_answer(industry=industry, ask_1="Introductions to anyone!", ask_2="New clients"),
    )
    assert response.status_code == 200
    assert response.text.count("Too broad for anyone to act on") == 2
    with app.app_context():
        assert db.session.get(Invitation, guest.id).status == RsvpStatus.PENDING


def test_short_but_specific_asks_are_fine():
    from planner.matching.flags import is_vague_ask

    assert not is_vague_ask("Realtors")
    assert not is_vague_ask("HR directors at 50-200-person companies")
    assert is_vague_ask("  Anybody. ")
