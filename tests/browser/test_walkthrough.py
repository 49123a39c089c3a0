"""Organiser sign-up → dinner → invite → RSVP via the emailed links → seat → chart, in Chromium."""

import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# name, role, industry (taxonomy key), the introduction they ask for
GUESTS = [
    ("Ana Souza", "Realtor", "residential_realtor", "Mortgage brokers for first-time buyers"),
    ("Ben Okafor", "Mortgage broker", "mortgage_broker", "Realtors with first-time buyers"),
    ("Chloe Martin", "Home inspector", "home_inspector", "Busy residential realtors"),
    ("Hugo Brandt", "Accountant", "accountant", "Business bankers for my growing clients"),
    ("Liam O'Neill", "Business banker", "commercial_banker", "Accountants of growing firms"),
    ("Jamal Reed", "HR consultant", "hr_consultant", "Employment lawyers for escalations"),
    ("Fiona Walsh", "Employment lawyer", "employment_attorney", "HR consultants needing a lawyer"),
]


def _rsvp_link(message, base_url) -> str:
    text = message.get_body(("plain",)).get_content()
    return base_url + re.search(r"https?://[^/\s]+(/rsvp/\S+)", text).group(1)


def test_organiser_to_seating_chart(browser, live_server, smtp, app_config):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_up(page, live_server, smtp)
    _create_dinner(page)
    _invite(page)
    dinner_url = page.url

    assert len(smtp.wait_for(len(GUESTS))) == len(GUESTS)
    for guest, message in zip(GUESTS, _in_guest_order(smtp), strict=True):
        guest_page = browser.new_page()  # no organiser session: the link alone must do
        _rsvp(guest_page, _rsvp_link(message, live_server), *guest)
        guest_page.close()

    page.goto(dinner_url)
    assert page.locator("#guest-list .status.accepted").count() == len(GUESTS)
    page.click("#seat-tables")
    page.wait_for_url(re.compile(r".*/seating$"))
    cards = page.locator("#seating-chart .table-card")
    assert cards.count() == 2
    seated = page.locator("#seating-chart .seats li").all_inner_texts()
    assert sorted(s.split(" ")[0] for s in seated) == sorted(g[0].split(" ")[0] for g in GUESTS)
    assert page.locator(".reasons li").count() >= 1
    _screenshot(page)


def _sign_up(page, base, smtp):
    page.goto(base + "/auth/register")
    page.fill("#name", "Olive Organiser")
    page.fill("#email", "olive@example.com")
    page.fill("#password", "a long enough password")
    page.fill("#confirm", "a long enough password")
    page.click("button.primary")
    page.wait_for_selector("text=Check your inbox")
    # Confirm the address through the mailed link, then log in.
    smtp.wait_for(1)  # delivered by the background thread, maybe after the page shows
    (mail,) = smtp.to("olive@example.com")
    text = mail.get_body(("plain",)).get_content()
    page.goto(base + re.search(r"https?://[^/\s]+(/auth/verify/\S+)", text).group(1))
    page.wait_for_selector("text=Your email address is confirmed")
    page.fill("#email", "olive@example.com")
    page.fill("#password", "a long enough password")
    page.click("button.primary")
    page.wait_for_selector("text=Your dinners")
    smtp.clear()


def _create_dinner(page):
    page.click("text=New dinner")
    start = datetime.now() + timedelta(days=21)
    page.fill("#title", "Harbourside Referral Dinner")
    page.fill("#date", start.strftime("%Y-%m-%d"))
    page.fill("#time", "19:00")
    page.select_option("#timezone", "Europe/London")
    page.fill("#venue", "Trattoria Bianchi, 12 Quay Street")
    page.fill("#min_table_size", "3")
    page.fill("#max_table_size", "4")
    page.fill("#rsvp_deadline_date", (start - timedelta(days=3)).strftime("%Y-%m-%d"))
    page.fill("#rsvp_deadline_time", "12:00")
    page.click("button.primary")
    page.wait_for_selector("text=Dinner created")


def _invite(page):
    lines = "\n".join(f"{name} <{_email(name)}>" for name, *_ in GUESTS)
    page.fill("#pasted", lines)
    page.click("text=Preview invitations")
    page.click(f"text=Send {len(GUESTS)} invitation(s)")
    page.wait_for_selector(f"text=Invited {len(GUESTS)} guest(s).")


def _rsvp(page, link, name, role, industry, ask):
    page.goto(link)
    page.check("input[name=attending][value=yes]")
    page.fill("#role", role)
    page.fill("#company", f"{name.split()[1]} & Co")
    page.select_option("#industry", industry)
    page.fill("#does", f"I work as a {role.lower()}.")
    page.fill("#ask_1", ask)
    page.fill("#can_introduce", "Clients who might need you")
    page.click("text=Save my RSVP")
    page.wait_for_selector("text=You're on the list")


def _in_guest_order(smtp):
    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp.messages}
    return [by_address[_email(name)] for name, *_ in GUESTS]


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@example.com"


def _screenshot(page):
    target = ROOT / "test-artifacts" / "seating.png"
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        target = ROOT / "docs" / "screenshots" / "seating.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
