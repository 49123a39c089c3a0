"""From follow-up 1's first step to a sent double-opt-in introduction and its recorded outcome,
in Chromium, with the mail received by the real SMTP server.

UPDATE_DOCS_SCREENSHOT=1 writes the HTML part of that follow-up to docs/screenshots."""

import os
import re
from pathlib import Path

import pytest

from planner.extensions import db
from planner.lifecycle.report import dinner_report
from planner.lifecycle.scheduler import mark_held, tick, timing
from planner.models import Dinner, Introduction, IntroStatus
from planner.models._types import utcnow
from planner.services.seating import seat_dinner
from tests.helpers import settings
from tests.people import add_guests
from tests.web.test_seating import PROFILES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "http://tablewise.test"
GUESTS = [list(profile) for profile in PROFILES[:8]]
# The home inspector knows mortgage brokers (Ana's ask) and asks for what nobody here does.
GUESTS[2][2:] = [["Roofers for old houses"], "Mortgage brokers who work with first-time buyers"]
NAMES = ["Ana Souza", "Ben Okafor", "Chloe Martin", "Dev Patel", "Ella Novak", "Finn Byrne",
         "Grace Liu", "Hugo Schmidt"]  # fmt: skip
WORDS = "Ana, meet Ben: he pre-approves first-time buyers in a day. Chloe"


@pytest.fixture
def followed_up(app, smtp, make_organiser, make_dinner, make_guest):
    """Eight guests at one table, the dinner held, follow-up 1 delivered by SMTP."""
    dinner_id = make_dinner(make_organiser(), min_table_size=8, max_table_size=8)
    add_guests(make_guest, dinner_id, GUESTS, NAMES)
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert seat_dinner(dinner, 2.0).plan is not None
        mark_held(dinner, utcnow(), settings())
        db.session.commit()
        tick(timing(dinner).follow_up_1, settings())
    smtp.wait_for(len(NAMES))
    return dinner_id


def _first_step(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"^1\. .*\r?\n\s+(.+?): ", text, re.MULTILINE).group(1)


def _html(message, live_server) -> str:
    return message.get_body(("html",)).get_content().replace(PUBLIC, live_server)


def _answer_yes(browser, message, live_server) -> str:
    text = message.get_body(("plain",)).get_content()
    link = re.search(rf"{PUBLIC}(/act/\S+/introductions/\d+)", text).group(1)
    page = browser.new_page()  # the person asked has only their link
    page.goto(live_server + link)
    assert page.locator("#yes").evaluate("b => getComputedStyle(b).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    )  # a styled button, like the rest of the app
    page.click("#yes")
    answered = page.locator("#answered").inner_text()
    page.close()
    return answered


def test_first_step_to_a_sent_introduction_and_its_recorded_outcome(
    app, browser, live_server, smtp, followed_up
):
    chloe = smtp.to("chloe@example.com")[0]
    assert _first_step(chloe) == "Introduce them"
    page = browser.new_page(viewport={"width": 720, "height": 900})
    page.set_content(_html(chloe, live_server))
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / "follow_up_1.png"), full_page=True)
    page.get_by_role("link", name="Introduce them").first.click()

    page.wait_for_url(re.compile(r".*/introduce/\d+.*"))
    assert "Ana Souza" in page.locator("h1").inner_text()
    message = page.locator("textarea[name=message]")
    assert "meet" in message.input_value()  # prefilled, editable
    message.fill(WORDS)
    page.click("#confirm")
    page.wait_for_url(re.compile(r".*/introduce/sent/\d+"))
    assert "Waiting for Ben Okafor" in page.locator("#intro-state").inner_text()

    before = len(smtp.messages)
    (to_ben,) = smtp.wait_for(before)[-1:]
    assert to_ben["To"].addresses[0].addr_spec == "ben@example.com"
    assert "We have asked Ana Souza" in _answer_yes(browser, to_ben, live_server)
    to_ana = smtp.wait_for(before + 1)[-1]
    assert to_ana["To"].addresses[0].addr_spec == "ana@example.com"
    assert "both said yes" in _answer_yes(browser, to_ana, live_server)

    joint = smtp.wait_for(before + 2)[-1]
    assert sorted(a.addr_spec for a in joint["To"].addresses) == [
        "ana@example.com",
        "ben@example.com",
    ]
    assert WORDS in joint.get_body(("plain",)).get_content()
    page.reload()
    assert "Both said yes" in page.locator("#intro-state").inner_text()
    with app.app_context():
        intro = db.session.scalar(db.select(Introduction))
        assert intro.status == IntroStatus.MADE and intro.introducer.name == "Chloe Martin"
        assert dinner_report(db.session.get(Dinner, followed_up)).made == 1
