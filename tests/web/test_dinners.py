import re
from datetime import datetime, timedelta

from planner.extensions import db
from planner.models import Dinner
from tests.web import guest_helpers


def _form(**overrides):
    start = datetime.now() + timedelta(days=20)
    values = {
        "title": "Spring Founders' Dinner",
        "date": start.strftime("%Y-%m-%d"),
        "time": "19:30",
        "timezone": "America/New_York",
        "venue": "The Old Mill",
        "min_table_size": "6",
        "max_table_size": "10",
        "rsvp_deadline_date": (start - timedelta(days=5)).strftime("%Y-%m-%d"),
        "rsvp_deadline_time": "12:00",
    }
    values.update(overrides)
    return values


def test_create_dinner_stores_utc_and_time_zone(app, client, make_organiser, login):
    login(make_organiser())
    response = client.post("/dinners/new", data=_form())
    assert response.status_code == 302
    with app.app_context():
        dinner = db.session.scalar(db.select(Dinner))
        local = dinner.local(dinner.starts_at)
        assert (local.hour, local.minute) == (19, 30)
        assert dinner.starts_at.hour in (23, 0)  # 19:30 in New York is 23:30 or 00:30 UTC
        assert (dinner.min_table_size, dinner.max_table_size) == (6, 10)


def test_form_defaults_table_sizes_to_6_and_10(client, make_organiser, login):
    login(make_organiser())
    page = client.get("/dinners/new").text
    assert re.search(r'<input[^>]*name="min_table_size"[^>]*value="6"', page)
    assert re.search(r'<input[^>]*name="max_table_size"[^>]*value="10"', page)


def test_bad_dinner_form_explains_and_keeps_input(client, make_organiser, login):
    login(make_organiser())
    start = datetime.now() + timedelta(days=20)
    response = client.post(
        "/dinners/new",
        data=_form(
            min_table_size="9",
            max_table_size="7",
            rsvp_deadline_date=(start + timedelta(days=1)).strftime("%Y-%m-%d"),
            venue="",
        ),
    )
    assert response.status_code == 422
    page = response.text
    assert "The largest table cannot be smaller than the smallest." in page
    assert "The RSVP deadline must be before the dinner starts." in page
    assert "This field is required." in page
    assert 'value="Spring Founders&#39; Dinner"' in page


def test_organiser_never_sees_another_organisers_dinner(
    client, make_organiser, make_dinner, make_guest, login
):
    owner, intruder = make_organiser(), make_organiser()
    dinner_id = make_dinner(owner, title="Owner's secret dinner")
    make_guest(dinner_id, name="Private Guest")
    login(intruder)
    assert "Owner&#39;s secret dinner" not in client.get("/").text
    for path in ("", "/seating"):
        assert client.get(f"/dinners/{dinner_id}{path}").status_code == 404
    for path in ("/invite", "/seat", "/held"):
        assert (
            client.post(f"/dinners/{dinner_id}{path}", data={"pasted": "A <a@b.co>"}).status_code
            == 404
        )
    assert client.get("/dinners/999999").status_code == 404


def test_guest_list_shows_rsvp_status(client, make_organiser, make_dinner, make_guest, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(
        dinner_id,
        status="accepted",
        name="Ana Souza",
        industry="residential_realtor",
        asks=["mortgage brokers"],
    )
    make_guest(dinner_id, status="declined", name="Ben Okafor")
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}").text
    assert "Ana Souza" in page and "Ben Okafor" in page
    assert '<span class="status accepted">accepted</span>' in page
    assert '<span class="status declined">declined</span>' in page
    assert "1 accepted of 2" in page
    assert "Residential realtor" in page and "residential_realtor" not in page


def test_a_dinner_in_the_past_is_refused_and_the_form_keeps_what_was_typed(
    app, client, make_organiser, login
):
    # The bug: a dinner in 2020 was accepted and invitations asked to "answer by ... 2020".
    login(make_organiser())
    response = client.post(
        "/dinners/new",
        data=_form(date="2020-01-10", rsvp_deadline_date="2020-01-05", venue="Kept Venue"),
    )
    assert response.status_code == 422
    assert "The dinner must start in the future." in response.text
    assert 'value="Kept Venue"' in response.text and 'value="2020-01-10"' in response.text
    with app.app_context():
        assert db.session.scalar(db.select(Dinner)) is None


def _edit_form(app, dinner_id, **overrides):
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        local = dinner.local(dinner.starts_at)
        deadline = dinner.local(dinner.rsvp_deadline)
        values = {
            "title": dinner.title,
            "date": f"{local:%Y-%m-%d}",
            "time": f"{local:%H:%M}",
            "timezone": dinner.timezone,
            "venue": dinner.venue,
            "min_table_size": str(dinner.min_table_size),
            "max_table_size": str(dinner.max_table_size),
            "rsvp_deadline_date": f"{deadline:%Y-%m-%d}",
            "rsvp_deadline_time": f"{deadline:%H:%M}",
        }
    return values | overrides


def test_edit_shows_the_dinner_as_stored(app, client, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, venue="The Old Mill")
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}/edit").text
    assert 'value="The Old Mill"' in page and 'value="6"' in page


def test_a_new_venue_is_confirmed_then_mailed_with_a_newer_ics(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, venue="The Old Mill")
    coming = make_guest(dinner_id, status="accepted", name="Ana Souza")
    pending = make_guest(dinner_id, name="Ben Okafor")
    declined = make_guest(dinner_id, status="declined", name="Carl Rival")
    login(organiser)
    data = _edit_form(app, dinner_id, venue="Café Rot, Torstraße 1")
    confirm = client.post(f"/dinners/{dinner_id}/edit", data=data)
    assert confirm.status_code == 200
    assert "Mail the change to 2 guest(s)?" in confirm.text
    assert coming.email in confirm.text and pending.email in confirm.text
    assert declined.email not in confirm.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).venue == "The Old Mill"  # not saved yet
    assert smtp.messages == []
    response = client.post(
        f"/dinners/{dinner_id}/edit", data=data | {"confirmed": "yes"}, follow_redirects=True
    )
    assert "2 guest(s) are mailed the new venue" in response.text
    received = smtp.wait_for(2)
    assert sorted(m["To"].addresses[0].addr_spec for m in received) == sorted(
        [coming.email, pending.email]
    )
    for message in received:
        assert "Café Rot, Torstraße 1" in message.get_body(("plain",)).get_content()
        (ics,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        text = ics.get_content()
        assert f"UID:dinner-{dinner_id}@tablewise.local" in text and "SEQUENCE:1" in text
        assert "Café Rot" in text
        assert message["Reply-To"].addresses[0].addr_spec == organiser.email
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert (dinner.venue, dinner.ics_sequence) == ("Café Rot, Torstraße 1", 1)


def test_a_new_title_is_saved_without_mailing_anyone(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id, status="accepted")
    login(organiser)
    response = client.post(
        f"/dinners/{dinner_id}/edit", data=_edit_form(app, dinner_id, title="Renamed", capacity="9")
    )
    assert response.status_code == 302
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert (dinner.title, dinner.capacity, dinner.ics_sequence) == ("Renamed", 9, 0)
    assert smtp.messages == []


def test_edit_refuses_a_past_date_and_a_deadline_after_the_start_keeping_the_input(
    app, client, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    later = (datetime.now() + timedelta(days=60)).strftime("%Y-%m-%d")
    for overrides, message in (
        ({"date": "2020-03-01"}, "The dinner must start in the future."),
        ({"rsvp_deadline_date": later}, "The RSVP deadline must be before the dinner starts."),
        ({"min_table_size": "1"}, "The smallest table must seat between 2 and 20."),
        ({"capacity": "3"}, "The capacity must be at least one table (6 guests)."),
    ):
        data = _edit_form(app, dinner_id, venue="Typed Venue", **overrides)
        response = client.post(f"/dinners/{dinner_id}/edit", data=data)
        assert response.status_code == 422, overrides
        assert message in response.text and 'value="Typed Venue"' in response.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).venue == "The Old Mill"


def test_message_guests_previews_then_sends_to_the_chosen_group_with_reply_to(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    coming = [make_guest(dinner_id, status="accepted") for _ in range(2)]
    make_guest(dinner_id)
    login(organiser)
    data = {"audience": "accepted", "subject": "Parking", "note": "Park behind the mill."}
    preview = client.post(f"/dinners/{dinner_id}/message", data=data)
    assert "Send this to 2 guest(s)?" in preview.text and "Park behind the mill." in preview.text
    assert smtp.messages == []
    client.post(f"/dinners/{dinner_id}/message", data=data | {"confirmed": "yes"})
    client.post(f"/dinners/{dinner_id}/message", data=data | {"confirmed": "yes"})  # twice
    received = smtp.wait_for(2)
    assert sorted(m["To"].addresses[0].addr_spec for m in received) == sorted(
        g.email for g in coming
    )
    for message in received:
        assert message["Subject"] == "Parking"
        assert message["Reply-To"].addresses[0].addr_spec == organiser.email
        assert "Park behind the mill." in message.get_body(("plain",)).get_content()


def test_message_refuses_a_subject_with_a_line_break(
    client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id)
    login(organiser)
    data = {"audience": "all", "subject": "Hi\r\nBcc: x@evil.test", "note": "Hello"}
    response = client.post(f"/dinners/{dinner_id}/message", data=data)
    assert response.status_code == 422 and "Keep the subject on one line." in response.text


def test_every_guest_mail_replies_to_the_organiser(
    app, client, smtp, make_organiser, make_dinner, login
):
    organiser = make_organiser(name="Olive Organiser")
    dinner_id = make_dinner(organiser)
    login(organiser)
    guest_helpers.invite(client, dinner_id, "Ana Souza <ana@example.com>")
    (message,) = smtp.wait_for(1)
    assert message["Reply-To"].addresses[0].addr_spec == organiser.email
    assert message["Reply-To"].addresses[0].display_name == "Olive Organiser"


def test_dietary_needs_for_the_caterer_per_dinner_and_per_table(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, min_table_size=2, max_table_size=3)
    make_guest(dinner_id, status="accepted", name="Ana Souza", dietary="Vegetarian, no nuts")
    make_guest(dinner_id, status="accepted", name="Ben Okafor", dietary="vegetarian")
    make_guest(dinner_id, status="accepted", name="Chloe Martin")
    make_guest(dinner_id, status="declined", name="Dev Patel", dietary="halal")
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}/dietary").text
    assert "3 guest(s) coming; 1 without dietary needs." in page
    assert "<td>Vegetarian</td><td>2</td><td>Ana Souza, Ben Okafor</td>" in page
    assert "<td>no nuts</td><td>1</td><td>Ana Souza</td>" in page
    assert "halal" not in page
    client.post(f"/dinners/{dinner_id}/seat")
    page = client.get(f"/dinners/{dinner_id}").text
    assert 'id="dietary-tables"' in page and "Ana Souza: Vegetarian, no nuts" in page


def test_changing_a_previewed_message_shows_the_form_with_what_was_written(
    client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id)
    login(organiser)
    data = {"audience": "all", "subject": "Parking", "note": "Line one.\nLine two."}
    client.post(f"/dinners/{dinner_id}/message", data=data)
    page = client.post(f"/dinners/{dinner_id}/message", data=data | {"confirmed": "edit"}).text
    assert 'id="preview-note"' in page and "Line one.\nLine two.</textarea>" in page
    assert 'name="confirmed"' not in page  # the next press previews again, never sends
    assert smtp.messages == []
