"""The organiser's import: paste and CSV together, a preview with per-line errors and warnings
before anything is sent, and only the previewed list sent once confirmed."""

from datetime import datetime, timedelta

import pytest

from planner.extensions import db
from planner.models import Invitation
from planner.services.guests import MAX_GUESTS
from tests.web.guest_helpers import invite, preview, send, textarea


@pytest.fixture
def dinner_id(make_organiser, make_dinner, login) -> int:
    """A dinner two weeks ahead, its organiser logged in."""
    organiser = make_organiser()
    dinner = make_dinner(organiser)
    login(organiser)
    return dinner


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Invitation.id)))


def test_paste_and_csv_together_are_previewed_and_nothing_is_sent(app, client, dinner_id):
    csv = "Name;E-mail;Company;Phone\nJosé Núñez;jose@example.com;Café Rot;+49 30\n".encode(
        "cp1252"
    )
    response = preview(client, dinner_id, "Ana Souza <ana@example.com>\nben@example.com", csv)
    assert response.status_code == 200
    page = response.text
    assert "Preview: nothing has been sent yet" in page
    assert "<strong>3</strong> new guest(s)" in page
    assert "José Núñez" in page and "company: Café Rot" in page
    assert "Pasted line 2: no name given; using &#39;Ben&#39;" in page
    assert "Send 3 invitation(s)" in page
    assert f"Up to {MAX_GUESTS:,} guests per import" in page
    assert _count(app) == 0


def test_confirming_sends_exactly_the_previewed_guests(app, client, smtp, dinner_id):
    csv = b"email,name\ncara@example.com,Cara\n"
    response = invite(client, dinner_id, "Ana <ana@example.com>", csv)
    assert response.status_code == 302
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == [
        "ana@example.com",
        "cara@example.com",
    ]


def test_errors_are_shown_per_line_with_the_input_kept_and_no_send_button(app, client, dinner_id):
    csv = b"name,email\nAna,ana@example.com\nBen,not-an-email\n"
    response = preview(client, dinner_id, "Zoe <zoe@example.com>\nbroken line", csv)
    assert response.status_code == 422
    page = response.text
    assert "Nothing will be sent until these lines are fixed" in page
    assert "Pasted line 2:" in page and "CSV line 3:" in page
    assert "Zoe &lt;zoe@example.com&gt;\nbroken line" in page
    assert "Ben,not-an-email" in page  # the uploaded file is kept, editable
    assert 'name="send"' not in page
    assert _count(app) == 0


def test_a_fixed_csv_text_is_read_again_without_uploading(app, client, smtp, dinner_id):
    first = preview(client, dinner_id, csv=b"name,email\nBen,not-an-email\n")
    kept = textarea(first.text, "csv_text")
    assert kept == "name,email\nBen,not-an-email\n"
    second = preview(client, dinner_id, csv_text=kept.replace("not-an-email", "ben@example.com"))
    assert second.status_code == 200
    assert send(client, dinner_id, second.text).status_code == 302
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == ["ben@example.com"]


def test_a_list_changed_after_the_preview_is_previewed_again_not_sent(app, client, dinner_id):
    page = preview(client, dinner_id, "Ana <ana@example.com>").text
    response = send(client, dinner_id, page, pasted="Ana <ana@example.com>\nEve <eve@example.org>")
    assert response.status_code == 200
    assert "The list changed since the preview, so nothing was sent" in response.text
    assert _count(app) == 0


def test_a_forged_send_without_a_preview_sends_nothing(app, client, dinner_id):
    response = client.post(
        f"/dinners/{dinner_id}/invite",
        data={"pasted": "Ana <ana@example.com>", "send": "Send", "digest": "0" * 64},
    )
    assert response.status_code == 200
    assert _count(app) == 0


def test_guests_already_invited_are_skipped_with_a_note(app, client, smtp, dinner_id):
    invite(client, dinner_id, "Ana <ana@example.com>")
    page = preview(client, dinner_id, "Ana <ANA@example.com>\nZoe <zoe@example.com>").text
    assert "ana@example.com is already invited to this dinner; line skipped" in page
    assert "<strong>1</strong> new guest(s)" in page
    send(client, dinner_id, page)
    assert len(smtp.to("ana@example.com")) == 1 and len(smtp.to("zoe@example.com")) == 1


def test_more_than_the_maximum_is_refused_as_a_whole(app, client, dinner_id):
    lines = "\n".join(f"guest{n}@example.com" for n in range(MAX_GUESTS + 1))
    response = preview(client, dinner_id, lines)
    assert response.status_code == 422
    assert f"one import takes at most {MAX_GUESTS:,}" in response.text


def test_no_invitations_once_the_rsvp_deadline_has_passed(
    app, client, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    soon = datetime.now() + timedelta(days=2)
    dinner_id = make_dinner(
        organiser, starts_at_local=soon, rsvp_deadline_local=datetime.now() - timedelta(days=1)
    )
    login(organiser)
    response = preview(client, dinner_id, "Ana <ana@example.com>")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "The RSVP deadline has passed: move it later to invite more guests." in page
    listed = client.get(f"/dinners/{dinner_id}/guests").text
    assert 'id="invite-reason"' in listed and 'id="invite-form"' not in listed
    assert _count(app) == 0
