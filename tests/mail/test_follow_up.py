"""Follow-up 1 as a guest reads it: three next steps first, few links, and every step's page
works (GET shows a button, POST records it)."""

import re

import pytest

from planner.extensions import db
from planner.lifecycle.scheduler import tick, timing
from planner.models import Dinner, Introduction, Outcome, OutcomeKind
from tests.actions.pages import submit
from tests.helpers import settings
from tests.people import add_guests
from tests.web.test_dinner_lifecycle import _started
from tests.web.test_seating import PROFILES

LINK = re.compile(r"https?://\S+")
# Ten guests; two of them know people their table-mates asked for, besides their own trade.
TEN = [list(profile) for profile in PROFILES[:10]]
TEN[2][3] = "Mortgage brokers who work with first-time buyers"  # the home inspector
TEN[9][3] = "HR consultants for small firms"  # the venue manager


@pytest.fixture
def table_of_ten(app, client, smtp, make_organiser, make_dinner, make_guest, login):
    """Seat ten guests at one table, hold the dinner and send follow-up 1 through SMTP."""
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, min_table_size=10, max_table_size=10)
    add_guests(make_guest, dinner_id, TEN)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    _started(app, dinner_id)  # "held" only once the dinner has begun
    client.post(f"/dinners/{dinner_id}/held")
    client.post(f"/dinners/{dinner_id}/held")  # pressing twice sends nothing twice
    assert smtp.messages == []  # follow-up 1 waits for the next morning
    with app.app_context():
        morning = timing(db.session.get(Dinner, dinner_id)).follow_up_1
        tick(morning, settings())
        tick(morning, settings())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        (table,) = dinner.seating_plan.tables
        people = {seat.invitation.email: seat.invitation for seat in table.seats}
        mates = {
            email: [(m.name, m.profile.asks[0]) for m in people.values() if m.email != email]
            for email in people
        }
    return mates


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_each_guest_gets_one_follow_up_naming_every_table_mate_and_their_ask(smtp, table_of_ten):
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == sorted(table_of_ten)
    for email, mates in table_of_ten.items():
        (message,) = smtp.to(email)
        text, html = _text(message), message.get_body(("html",)).get_content()
        for name, ask in mates:
            assert name in text and name in html and ask in text


def test_the_first_step_comes_early_and_the_mail_has_few_links(smtp, table_of_ten):
    for message in smtp.messages:
        lines = _text(message).splitlines()
        first_link = next(n for n, line in enumerate(lines) if LINK.search(line))
        assert lines[first_link - 1].startswith("1. "), lines[: first_link + 1]
        assert first_link < 15, "\n".join(lines[:20])
        links = LINK.findall(_text(message))
        assert len(links) <= 12, links
        steps = [line for line in lines[: first_link + 12] if re.match(r"\d\. ", line)]
        assert 1 <= len(steps) <= 3


def test_no_email_address_is_shown_without_consent(smtp, table_of_ten):
    for message in smtp.messages:
        others = set(table_of_ten) - {message["To"].addresses[0].addr_spec}
        body = _text(message) + message.get_body(("html",)).get_content()
        assert not any(email in body for email in others)


def test_every_step_opens_a_page_with_a_button_and_posting_records_it(
    app, client, smtp, table_of_ten
):
    seen = set()
    for message in smtp.messages:
        text = _text(message)
        for label, url in re.findall(r"^   (.+?): (https?://\S+)\r?$", text, re.MULTILINE):
            path = url.removeprefix("http://tablewise.test")
            before = _recorded(app)
            page = client.get(path)
            assert page.status_code == 200 and 'id="confirm"' in page.text, label
            assert _recorded(app) == before  # GET changes nothing
            if "/introduce/" in path:
                response = submit(client, path, "introduce-form")
            else:
                response = client.post(path)
            assert response.status_code == 302, (label, response.text)
            assert _recorded(app) > before, label
            seen.add(label.split()[0])
    assert {"Introduce", "Ask", "Book"} <= seen  # every kind of step occurs at this table


def _recorded(app) -> int:
    with app.app_context():
        outcomes = db.session.scalar(
            db.select(db.func.count(Outcome.id)).where(Outcome.kind != OutcomeKind.NOT_A_FIT)
        )
        return outcomes + db.session.scalar(db.select(db.func.count(Introduction.id)))
