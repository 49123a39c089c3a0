import re

from planner.extensions import db
from planner.lifecycle.tokens import hash_token
from planner.models import AccessToken, Invitation, TokenPurpose
from tests.web.guest_helpers import invite, preview


def _link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://tablewise\.test(/rsvp/\S+)", text).group(1)


def test_pasted_guests_each_get_a_personal_multipart_invitation(
    app, client, smtp, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, title="Harbour Dinner")
    login(organiser)
    response = invite(
        client, dinner_id, "Ana Souza <ana@example.com>\nBen Okafor <ben@example.com>"
    )
    assert response.status_code == 302
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == [
        "ana@example.com",
        "ben@example.com",
    ]
    message = smtp.to("ana@example.com")[0]
    assert message["Subject"] == "You're invited: Harbour Dinner"
    assert message.get_body(("html",)) is not None
    calendar = [
        part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"
    ]
    assert "BEGIN:VEVENT" in calendar[0].get_content()
    path = _link(message)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes, base64url
    with app.app_context():
        invitation = db.session.scalar(db.select(Invitation).filter_by(email="ana@example.com"))
        stored = db.session.scalar(db.select(AccessToken).filter_by(token_hash=hash_token(token)))
        assert (stored.invitation_id, stored.purpose) == (invitation.id, TokenPurpose.RSVP)
        assert token not in stored.token_hash
    assert "Ana Souza" in client.get(path).text
    assert _link(smtp.to("ben@example.com")[0]) != path


def test_reinviting_skips_people_already_invited(client, smtp, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    invite(client, dinner_id, "Ana <ana@example.com>")
    response = invite(client, dinner_id, "Ana <ANA@example.com>\nZoe <zoe@example.com>")
    page = client.get(response.headers["Location"]).text
    assert "Invited 1 guest(s)." in page
    assert len(smtp.to("ana@example.com")) == 1


def test_csv_upload_is_all_or_nothing_with_line_numbers(
    app, client, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    csv = b"name,email\nAna,ana@example.com\nBen,not-an-email\nCara,cara@example.com,extra\n"
    response = preview(client, dinner_id, csv=csv)
    assert response.status_code == 422
    assert "Nothing will be sent until these lines are fixed" in response.text
    # An extra column is no longer an error (real lists carry company, phone…): only line 3 is.
    assert "CSV line 3:" in response.text and "CSV line 4:" not in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_csv_upload_invites_everyone(app, client, smtp, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    csv = b"name,email\nAna,ana@example.com\nBen,ben@example.com\n"
    invite(client, dinner_id, csv=csv)
    assert len(smtp.messages) == 2


def test_bad_pasted_list_keeps_the_text(client, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    response = preview(client, dinner_id, "Ana <ana@example.com>\nbroken line")
    assert "Pasted line 2:" in response.text
    assert "Ana &lt;ana@example.com&gt;\nbroken line" in response.text


def test_empty_invite_form_asks_for_guests(client, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    response = preview(client, dinner_id, "")
    assert "Paste at least one guest or choose a CSV file." in response.text
