"""The organiser's guest pages: search, filter and sort; a guest's profile; remove and re-send
(confirmed first); the CSV export; seats with the waitlist, and the guest's side of it."""

import csv
import io
import re
from dataclasses import replace

import pytest
from flask import url_for

from planner.extensions import db
from planner.models import AccessToken, Dinner, Invitation, OutboxMessage, RsvpStatus
from tests.web.guest_helpers import invite
from tests.web.test_rsvp import _answer, _first_industry

PROFILE = {
    "company": "Harbour Homes",
    "role": "Realtor",
    "does": "I help families buy homes.",
    "asks": ["Mortgage brokers who pre-approve first-time buyers"],
    "can_introduce": "Recent home buyers\nLandlords",
    "dietary": "vegetarian, no nuts",
}


@pytest.fixture
def party(make_organiser, make_dinner, make_guest, login):
    """A logged-in organiser's dinner with four guests in different states."""
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    guests = {
        "ana": make_guest(
            dinner_id, "accepted", name="Ana Souza", email="ana@example.com", **PROFILE
        ),
        "jose": make_guest(
            dinner_id, "accepted", name="José Núñez", email="jose@example.com", company="Café Rot"
        ),
        "ben": make_guest(dinner_id, "declined", name="Ben Okafor", email="ben@example.com"),
        "zoe": make_guest(dinner_id, name="Zoe Adams", email="zoe@example.com"),
    }
    return dinner_id, guests


def _names(page: str) -> list[str]:
    table = page.split('id="guest-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-label="Name"><a [^>]*>([^<]+)</a>', table)


def test_search_matches_name_email_and_company_without_accents(client, party):
    dinner_id, _ = party
    url = f"/dinners/{dinner_id}/guests"
    assert _names(client.get(url, query_string={"q": "jose"}).text) == ["José Núñez"]
    assert _names(client.get(url, query_string={"q": "cafe"}).text) == ["José Núñez"]
    assert _names(client.get(url, query_string={"q": "BEN@"}).text) == ["Ben Okafor"]
    assert "No guest matches." in client.get(url, query_string={"q": "nobody"}).text


def test_filter_by_status_and_sort(client, party):
    dinner_id, _ = party
    url = f"/dinners/{dinner_id}/guests"
    accepted = client.get(url, query_string={"status": "accepted"}).text
    assert _names(accepted) == ["Ana Souza", "José Núñez"]
    by_status = _names(client.get(url, query_string={"sort": "status"}).text)
    assert by_status == ["Ana Souza", "José Núñez", "Zoe Adams", "Ben Okafor"]
    answered = _names(client.get(url, query_string={"sort": "answered"}).text)
    assert answered[-1] == "Zoe Adams"  # never answered: last
    # Unknown values fall back to the defaults instead of failing.
    assert client.get(url, query_string={"status": "x", "sort": "';--"}).status_code == 200


def test_the_profile_page_shows_what_the_guest_told_us(client, party):
    dinner_id, guests = party
    page = client.get(f"/dinners/{dinner_id}/guests/{guests['ana'].id}").text
    for shown in (
        "Harbour Homes",
        "Realtor",
        "I help families buy homes.",
        "Mortgage brokers who pre-approve first-time buyers",
        "Landlords",
        "vegetarian, no nuts",
        "Not seated",
    ):
        assert shown in page


def test_another_organisers_guest_is_not_found(client, party, make_organiser, make_dinner):
    _, guests = party
    other_dinner = make_dinner(make_organiser())
    assert client.get(f"/dinners/{other_dinner}/guests/{guests['ana'].id}").status_code == 404


def test_removing_asks_first_then_stops_the_link(app, client, party):
    dinner_id, guests = party
    zoe = guests["zoe"]
    url = f"/dinners/{dinner_id}/guests/{zoe.id}/remove"
    confirm = client.get(url)
    assert "Remove Zoe Adams from the guest list?" in confirm.text
    assert client.get(f"/rsvp/{zoe.token}").status_code == 200  # nothing happened yet
    assert client.post(url).status_code == 302
    assert client.get(f"/rsvp/{zoe.token}").status_code == 410  # Gone: a link we withdrew
    with app.app_context():
        invitation = db.session.get(Invitation, zoe.id)
        assert invitation.status == RsvpStatus.REMOVED
        tokens = db.session.scalars(db.select(AccessToken).filter_by(invitation_id=zoe.id))
        assert all(token.revoked_at is not None for token in tokens)
    listed = client.get(f"/dinners/{dinner_id}/guests").text
    assert "Zoe Adams" not in _names(listed)
    removed = client.get(f"/dinners/{dinner_id}/guests", query_string={"status": "removed"})
    assert _names(removed.text) == ["Zoe Adams"]


def test_the_removed_guest_is_told_only_when_the_organiser_ticks_it_with_their_line(
    app, client, smtp, party
):
    dinner_id, guests = party
    url = f"/dinners/{dinner_id}/guests/{guests['ana'].id}/remove"
    page = client.get(url).text
    assert 'name="tell_guest"' in page and "checked" in page  # said up front, on by default
    assert "ana@example.com gets one short email" in page
    note = "The room holds fewer people than we hoped.\nSorry, Ana."
    assert client.post(url, data={"tell_guest": "y", "note": note}).status_code == 302
    (notice,) = smtp.wait_for(1)
    assert notice["To"].addresses[0].addr_spec == "ana@example.com"
    assert notice["Subject"] == "Your invitation to Founders' Dinner"
    assert notice["Reply-To"]  # replies reach the organiser, not the sender address
    text = notice.get_body(("plain",)).get_content()
    assert "withdrawn your invitation" in text and "fewer people than we hoped" in text
    assert "in your calendar" in text  # she had accepted
    assert "/rsvp/" not in text  # no link: hers were just revoked

    url = f"/dinners/{dinner_id}/guests/{guests['zoe'].id}/remove"
    client.post(url, data={"note": "unticked: not sent"})
    assert smtp.to("zoe@example.com") == []


def test_a_guest_who_declined_is_removed_without_a_notice(app, client, smtp, party):
    dinner_id, guests = party
    url = f"/dinners/{dinner_id}/guests/{guests['ben'].id}/remove"
    page = client.get(url).text
    assert "declined, so nothing is sent" in page and 'name="tell_guest"' not in page
    assert client.post(url, data={"tell_guest": "y"}).status_code == 302
    assert smtp.to("ben@example.com") == []
    with app.app_context():
        assert db.session.get(Invitation, guests["ben"].id).status == RsvpStatus.REMOVED


def test_removing_a_guest_cancels_their_queued_mail(app, client, smtp, party):
    dinner_id, _ = party
    smtp.refuse = True  # the invitation has not gone out yet: delivery is down
    invite(client, dinner_id, "Kim <kim@example.com>")
    smtp.refuse = False
    with app.app_context():
        kim = db.session.scalar(db.select(Invitation).filter_by(email="kim@example.com"))
        kim_id = kim.id
    client.post(f"/dinners/{dinner_id}/guests/{kim_id}/remove")
    with app.app_context():
        statuses = db.session.scalars(
            db.select(OutboxMessage.status).filter_by(invitation_id=kim_id)
        ).all()
        assert statuses == ["cancelled"]


def test_a_removed_guest_invited_again_is_restored_with_a_new_link(app, client, smtp, party):
    dinner_id, guests = party
    zoe = guests["zoe"]
    client.post(f"/dinners/{dinner_id}/guests/{zoe.id}/remove")
    invite(client, dinner_id, "Zoe Adams <zoe@example.com>")
    with app.app_context():
        assert db.session.get(Invitation, zoe.id).status == RsvpStatus.PENDING
    (mail,) = smtp.to("zoe@example.com")
    link = re.search(r"http://tablewise\.test(/rsvp/\S+)", mail.get_body(("plain",)).get_content())
    assert client.get(link.group(1)).status_code == 200


def test_resend_asks_first_then_mails_a_fresh_link_and_retires_the_old(app, client, smtp, party):
    dinner_id, guests = party
    zoe = guests["zoe"]
    url = f"/dinners/{dinner_id}/guests/{zoe.id}/resend"
    assert "Send Zoe Adams their invitation again?" in client.get(url).text
    assert not smtp.messages
    client.post(url)
    client.post(url)  # a second re-send is a new mail too, with its own key
    mails = smtp.to("zoe@example.com")
    assert len(mails) == 2
    links = [
        re.search(r"(/rsvp/\S+)", m.get_body(("plain",)).get_content()).group(1) for m in mails
    ]
    assert client.get(f"/rsvp/{zoe.token}").status_code == 410  # replaced by the re-sent one
    assert client.get(links[0]).status_code == 410
    assert client.get(links[1]).status_code == 200
    with app.app_context():
        keys = db.session.scalars(
            db.select(OutboxMessage.idempotency_key).filter_by(invitation_id=zoe.id)
        ).all()
        assert sorted(keys) == [f"invitation:{zoe.id}:1", f"invitation:{zoe.id}:2"]


def test_export_opens_in_excel_with_status_profile_dietary_and_table(client, party):
    dinner_id, _ = party
    response = client.get(f"/dinners/{dinner_id}/guests.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    ana = next(row for row in rows if row["Email"] == "ana@example.com")
    assert (ana["Status"], ana["Company"], ana["Dietary"]) == (
        "accepted",
        "Harbour Homes",
        "vegetarian, no nuts",
    )
    assert {row["Name"] for row in rows} == {"Ana Souza", "José Núñez", "Ben Okafor", "Zoe Adams"}
    filtered = client.get(f"/dinners/{dinner_id}/guests.csv", query_string={"status": "declined"})
    assert filtered.data.decode("utf-8-sig").count("\r\n") == 2  # header + Ben


def test_seats_below_the_accepted_guests_are_refused(app, client, party):
    dinner_id, _ = party
    response = client.post(f"/dinners/{dinner_id}/capacity", data={"capacity": "1"})
    assert response.status_code == 422
    assert "Seats not changed: The capacity must be at least one table" in response.text
    assert 'name="capacity" type="number" value="1"' in response.text
    garbled = client.post(f"/dinners/{dinner_id}/capacity", data={"capacity": "ten"})
    assert garbled.status_code == 422 and 'value="ten"' in garbled.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).capacity is None


def _set_seats(app, dinner_id: int, seats: int) -> None:
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        dinner.capacity, dinner.min_table_size = seats, 2
        db.session.commit()


def test_a_yes_beyond_capacity_is_waitlisted_with_the_rule_on_the_page(app, client, smtp, party):
    dinner_id, guests = party
    _set_seats(app, dinner_id, 2)
    zoe = guests["zoe"]
    before = client.get(f"/rsvp/{zoe.token}").text
    assert "Seats are limited." in before and "first guest waiting is offered it" in before
    industry = _first_industry(client, zoe.token)
    response = client.post(f"/rsvp/{zoe.token}", data=_answer(name="Zoe Adams", industry=industry))
    page = client.get(response.headers["Location"]).text
    assert "The dinner is full, so you are number 1 on the waitlist" in page
    (mail,) = smtp.to("zoe@example.com")
    assert mail["Subject"] == "You're on the waitlist: Founders' Dinner"
    listed = client.get(f"/dinners/{dinner_id}/guests", query_string={"status": "waitlisted"})
    assert _names(listed.text) == ["Zoe Adams"]
    assert "first guest waiting is offered it" in listed.text


def test_removing_an_accepted_guest_offers_the_seat_and_the_guest_takes_it(
    app, client, smtp, party
):
    dinner_id, guests = party
    _set_seats(app, dinner_id, 2)
    zoe = guests["zoe"]
    industry = _first_industry(client, zoe.token)
    client.post(f"/rsvp/{zoe.token}", data=_answer(name="Zoe Adams", industry=industry))
    response = client.post(f"/dinners/{dinner_id}/guests/{guests['ana'].id}/remove")
    assert response.status_code == 302
    offer = smtp.to("zoe@example.com")[-1]
    assert offer["Subject"] == "A seat is free for you: Founders' Dinner"
    # The offer mail carries Zoe's newest RSVP link (one live link per guest): she uses it.
    zoe_link = re.search(
        r"http://tablewise\.test(/rsvp/\S+)", offer.get_body(("plain",)).get_content()
    )
    zoe = replace(zoe, token=zoe_link.group(1).rsplit("/", 1)[1])
    page = client.get(f"/rsvp/{zoe.token}").text
    assert "A seat is free for you" in page and "Confirm my seat" in page
    profile = client.get(f"/dinners/{dinner_id}/guests/{zoe.id}").text
    assert "waiting for them to confirm" in profile
    client.post(f"/rsvp/{zoe.token}/seat")
    assert "Your seat is confirmed" in client.get(f"/rsvp/{zoe.token}").text
    with app.app_context():
        assert db.session.get(Invitation, zoe.id).status == RsvpStatus.ACCEPTED
    assert smtp.to("zoe@example.com")[-1]["Subject"] == "You're coming to Founders' Dinner"


def test_taking_a_seat_nobody_offered_changes_nothing(app, client, party):
    dinner_id, guests = party
    zoe = guests["zoe"]
    response = client.post(f"/rsvp/{zoe.token}/seat", follow_redirects=True)
    assert "This seat offer has run out" in response.text
    with app.app_context():
        assert db.session.get(Invitation, zoe.id).status == RsvpStatus.PENDING


def test_raising_the_seats_offers_them_to_the_waitlist(app, client, smtp, party):
    dinner_id, guests = party
    _set_seats(app, dinner_id, 2)
    zoe = guests["zoe"]
    industry = _first_industry(client, zoe.token)
    client.post(f"/rsvp/{zoe.token}", data=_answer(name="Zoe Adams", industry=industry))
    response = client.post(
        f"/dinners/{dinner_id}/capacity", data={"capacity": "3"}, follow_redirects=True
    )
    assert "Seats: 3. A freed seat was offered by email to: Zoe Adams." in response.text
    assert smtp.to("zoe@example.com")[-1]["Subject"].startswith("A seat is free for you")


def test_every_guest_link_opens_that_guests_page(app, client, party):
    dinner_id, guests = party
    for page in (f"/dinners/{dinner_id}", f"/dinners/{dinner_id}/guests"):
        links = re.findall(
            r'data-label="Name"><a href="([^"]+)">([^<]+)</a>', client.get(page).text
        )
        assert len(links) == len(guests)
        with app.test_request_context():
            expected = {
                url_for("organiser.guest", dinner_id=dinner_id, invitation_id=guest.id)
                for guest in guests.values()
            }
        assert {href for href, _ in links} == expected
        for href, name in links:
            assert name in client.get(href).text
