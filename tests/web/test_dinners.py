import re
from datetime import datetime, timedelta

from planner.extensions import db
from planner.models import Dinner


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
