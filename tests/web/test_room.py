"""The "For the room" page and its downloads, rendered from a real seated dinner."""

import csv
import io
import re
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from planner.demo import PEOPLE
from planner.extensions import db
from planner.models import Dinner
from planner.services.referrals import referral_scores
from planner.services.room import MIN_HELP
from planner.services.seating_rules import add_rule
from tests.printables.conftest import page_texts

GUESTS = 16  # two tables of eight


@dataclass(frozen=True)
class SeatedDinner:
    dinner_id: int
    tables: list[list[str]]  # guest names per table, in table-number order
    host: str


@pytest.fixture
def app_config(app_config):
    """Seat quickly: sixteen guests converge well within half a second."""
    return {**app_config, "SOLVER_SECONDS": 0.5}


@pytest.fixture
def seated(app, client, make_organiser, make_dinner, make_guest, login) -> SeatedDinner:
    """Seat sixteen demo guests (one a host) through the app, logged in as their organiser."""
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, min_table_size=6, max_table_size=8)
    refs = [
        make_guest(dinner_id, status="accepted", **_profile_fields(person))
        for person in PEOPLE[:GUESTS]
    ]
    make_guest(dinner_id, status="declined", name="Dora Declined")
    with app.app_context():
        add_rule(db.session.get(Dinner, dinner_id), "host", [refs[0].id], None)
        db.session.commit()
    login(organiser)
    assert client.post(f"/dinners/{dinner_id}/seat").status_code == 302
    with app.app_context():
        plan = db.session.get(Dinner, dinner_id).seating_plan
        tables = [[seat.invitation.name for seat in table.seats] for table in plan.tables]
    return SeatedDinner(dinner_id, tables, PEOPLE[0]["name"])


def _profile_fields(person: dict) -> dict:
    return {**person, "can_introduce": "\n".join(person["can_introduce"])}


def _download(client, dinner_id: int, name: str, paper: str = "A4"):
    response = client.get(f"/dinners/{dinner_id}/room/{name}", query_string={"paper": paper})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["Content-Disposition"]
    return response


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_room_page_offers_every_printable_with_a_paper_choice(client, seated):
    page = client.get(f"/dinners/{seated.dinner_id}/room").text

    for title in ("Door list", "Place cards", "Table tents", "Host cards", "Seating (CSV)"):
        assert title in page
    assert 'value="A4"' in page and 'value="Letter"' in page
    assert f"/dinners/{seated.dinner_id}/room" in client.get(f"/dinners/{seated.dinner_id}").text


def test_the_door_list_names_every_seated_guest_exactly_once(client, seated):
    text = "\n".join(page_texts(_download(client, seated.dinner_id, "door-list.pdf").data))

    for name in (name for table in seated.tables for name in table):
        assert len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text)) == 1, name
    assert "Dora Declined" not in text


def test_each_table_tent_lists_that_tables_guests(client, seated):
    pages = page_texts(_download(client, seated.dinner_id, "table-tents.pdf").data)

    assert len(pages) == len(seated.tables)
    everyone = {name for table in seated.tables for name in table}
    for text, table in zip(pages, seated.tables, strict=True):
        named = {name for name in everyone if name in text.splitlines()}
        assert named == set(table)


def test_place_cards_name_every_guest_with_what_they_look_for(client, seated):
    text = _flat(" ".join(page_texts(_download(client, seated.dinner_id, "place-cards.pdf").data)))

    for person in PEOPLE[:GUESTS]:
        assert person["name"] in text
    assert text.count("Looking for: ") >= GUESTS


def test_host_cards_give_each_guests_ask_and_a_helper_at_their_table(app, client, seated):
    pdf = _download(client, seated.dinner_id, "host-cards.pdf").data
    cards = re.split(r"Host card · Table \d+", "\n".join(page_texts(pdf)))[1:]
    with app.app_context():
        dinner = db.session.get(Dinner, seated.dinner_id)
        attendees = [
            seat.invitation for table in dinner.seating_plan.tables for seat in table.seats
        ]
        matrix = referral_scores(attendees)
    position = {invitation.name: n for n, invitation in enumerate(attendees)}
    asks = {person["name"]: person["asks"] for person in PEOPLE}
    helped = 0

    assert len(cards) == len(seated.tables)
    assert f"Host: {seated.host}" in "".join(cards)
    for card, table in zip(cards, seated.tables, strict=True):
        for name in table:
            entry = _flat(_entry(card, name, table))
            assert asks[name][0] in entry, name
            mates = [position[mate] for mate in table if mate != name]
            best = max(mates, key=lambda mate: matrix.help[position[name], mate])
            if matrix.help[position[name], best] >= MIN_HELP:
                assert attendees[best].name in entry.split("May answer it", 1)[1], name
                helped += 1
    assert helped >= len(position) // 2  # demo guests are chosen to help each other


def _entry(card: str, name: str, table: list[str]) -> str:
    """Return the guest's part of a host card: from "N Name" to the next guest's number."""
    others = "|".join(re.escape(other) for other in table if other != name)
    match = re.search(
        rf"^\d+ {re.escape(name)}\b(.*?)(?=^\d+ (?:{others})\b|\Z)", card, re.MULTILINE | re.DOTALL
    )
    assert match, name
    return match.group(1)


def test_the_csv_has_every_seated_guest_with_their_table(client, seated):
    response = _download(client, seated.dinner_id, "seating.csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))

    assert sorted(row["Guest"] for row in rows) == sorted(n for t in seated.tables for n in t)
    for row in rows:
        assert row["Guest"] in seated.tables[int(row["Table"]) - 1]
    assert next(row for row in rows if row["Guest"] == seated.host)["Host"] == "yes"


def test_letter_paper_is_letter_sized(client, seated):
    pdf = _download(client, seated.dinner_id, "door-list.pdf", paper="Letter").data
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox

    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_an_unknown_paper_is_refused_with_a_message(client, seated):
    response = client.get(
        f"/dinners/{seated.dinner_id}/room/door-list.pdf",
        query_string={"paper": "A3"},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "Paper must be" in response.text


def test_an_unknown_printable_is_not_found(client, seated):
    assert client.get(f"/dinners/{seated.dinner_id}/room/menu.pdf").status_code == 404


@pytest.mark.parametrize("path", ["", "/door-list.pdf", "/host-cards.pdf", "/seating.csv"])
def test_another_organisers_dinner_is_not_found(client, seated, make_organiser, make_dinner, path):
    other_dinner = make_dinner(make_organiser(name="Someone Else"))

    assert client.get(f"/dinners/{other_dinner}/room{path}").status_code == 404


def test_an_unseated_dinner_gets_a_friendly_message(
    client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id, status="accepted")
    login(organiser)

    page = client.get(f"/dinners/{dinner_id}/room").text
    download = client.get(f"/dinners/{dinner_id}/room/door-list.pdf", follow_redirects=True)

    assert "Nothing to print yet" in page
    assert download.status_code == 200 and "No seating yet" in download.text
