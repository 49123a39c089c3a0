"""An organiser runs a dinner in Chromium: sign up → create → invite → edit the date (guests get
an updated .ics) → invite by paste + CSV together → guests RSVP through their emailed links →
seat → cancel (guests get METHOD:CANCEL). Every page visited is checked with axe-core, and the
organiser's pages are checked at a phone's width."""

import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import Audit

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
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
FIRST, PASTED, IN_CSV = GUESTS[:1], GUESTS[1:4], GUESTS[4:]


def _rsvp_link(message, base_url) -> str:
    text = message.get_body(("plain",)).get_content()
    return base_url + re.search(r"https?://[^/\s]+(/rsvp/\S+)", text).group(1)


def _calendar(message) -> str:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part.get_content()


def test_organiser_runs_a_dinner_from_creation_to_cancellation(
    browser, live_server, smtp, audit: Audit
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    audit.watch(page)
    _sign_up(page, live_server, smtp)
    start = datetime.now() + timedelta(days=21)
    _create_dinner(page, start)
    dinner_url = page.url
    _invite_pasted(page, FIRST)
    (invitation,) = smtp.wait_for(1)
    assert "SEQUENCE:0" in _calendar(invitation)

    _edit_date(page, dinner_url, start + timedelta(days=7))
    update = smtp.wait_for(2)[-1]
    assert update["Subject"].startswith("Changed:")
    ics = _calendar(update)
    assert "SEQUENCE:1" in ics and "METHOD:PUBLISH" in ics
    assert re.search(r"UID:dinner-\d+@tablewise.local", ics).group(0) in _calendar(invitation)
    assert f"DTSTART:{start + timedelta(days=7):%Y%m%d}" in ics

    _invite_paste_and_csv(page, PASTED, IN_CSV)
    assert len(smtp.wait_for(len(GUESTS) + 1)) == len(GUESTS) + 1
    # Later invitations carry the current version of the event too.
    assert all("SEQUENCE:1" in _calendar(m) for m in _invitations(smtp)[1:])
    # Each guest answers through the newest link mailed to them: only that one keeps working
    # (the first guest's invitation link was replaced by the one in the date-change mail).
    for guest, message in zip(GUESTS, _newest_rsvp_mails(smtp), strict=True):
        guest_page = browser.new_page()  # no organiser session: the link alone must do
        audit.watch(guest_page)
        _rsvp(guest_page, _rsvp_link(message, live_server), *guest)
        guest_page.close()
    # Hook for the waitlist steps (guests' branch): RSVP beyond capacity → waitlisted, then a
    # decline promotes the first waitlisted guest. They belong here, before seating.

    page.goto(dinner_url)
    assert page.locator("#guest-list .status.accepted").count() == len(GUESTS)
    _seat(page)
    before_note = len(smtp.messages)
    _visit_organiser_pages(page, dinner_url)
    notes = smtp.wait_for(before_note + len(GUESTS))[before_note:]
    assert {m["Subject"] for m in notes} == {"Parking"}
    assert {m["Reply-To"].addresses[0].addr_spec for m in notes} == {"olive@example.com"}
    _check_phone_width(page, dinner_url)
    page.goto(dinner_url)
    assert page.locator("#dinner-state").inner_text() == "Seated"
    _screenshot(page, "dinner.png")

    before_cancel = len(smtp.messages)
    _cancel(page, dinner_url)
    cancellations = smtp.wait_for(before_cancel + len(GUESTS))[before_cancel:]
    assert sorted(m["To"].addresses[0].addr_spec for m in cancellations) == sorted(
        _email(name) for name, *_ in GUESTS
    )
    for message in cancellations:
        ics = _calendar(message)
        assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics and "SEQUENCE:2" in ics
    page.goto(live_server + "/rsvp/a-link-that-never-was")  # a guest's dead end
    assert "This link does not work" in page.content()
    audit.assert_clean()


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


def _create_dinner(page, start):
    page.click("text=New dinner")
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
    assert page.locator("#dinner-state").inner_text() == "Draft"


def _invite_pasted(page, guests):
    page.fill("#pasted", "\n".join(f"{name} <{_email(name)}>" for name, *_ in guests))
    page.click("text=Preview invitations")
    page.click(f"text=Send {len(guests)} invitation(s)")
    page.wait_for_selector(f"text=Invited {len(guests)} guest(s).")


def _invite_paste_and_csv(page, pasted, in_csv):
    page.fill("#pasted", "\n".join(f"{name} <{_email(name)}>" for name, *_ in pasted))
    rows = "".join(f"{name},{_email(name)}\r\n" for name, *_ in in_csv)
    page.set_input_files(
        "#csv_file",
        files=[
            {
                "name": "guests.csv",
                "mimeType": "text/csv",
                "buffer": f"name,email\r\n{rows}".encode(),
            }
        ],
    )
    page.click("text=Preview invitations")  # nothing is sent before the organiser confirms
    page.click(f"text=Send {len(pasted) + len(in_csv)} invitation(s)")
    page.wait_for_selector(f"text=Invited {len(pasted) + len(in_csv)} guest(s).")


def _edit_date(page, dinner_url, new_start):
    page.goto(dinner_url)
    page.click("#action-edit")
    page.fill("#date", new_start.strftime("%Y-%m-%d"))
    page.fill("#rsvp_deadline_date", (new_start - timedelta(days=3)).strftime("%Y-%m-%d"))
    page.click("#save-dinner")
    page.wait_for_selector("#edit-confirm")  # who will be mailed, before anything is sent
    assert _email(FIRST[0][0]) in page.locator("#edit-recipients").inner_text()
    page.click("#confirm-edit")
    page.wait_for_selector("text=1 guest(s) are mailed the new date")


def _rsvp(page, link, name, role, industry, ask):
    page.goto(link)
    page.check("input[name=attending][value=yes]")
    page.fill("#role", role)
    page.fill("#company", f"{name.split()[1]} & Co")
    page.select_option("#industry", industry)
    page.fill("#does", f"I work as a {role.lower()}.")
    page.fill("#ask_1", ask)
    page.fill("#can_introduce", "Clients who might need you")
    page.fill("#dietary", "vegetarian" if len(name) % 2 else "")
    page.click("text=Save my RSVP")
    page.wait_for_selector("text=You're on the list")


def _seat(page):
    page.click("#seat-tables")
    page.wait_for_url(re.compile(r".*/seating$"))
    page.wait_for_selector("#seating-chart")  # the page polls the background solve
    cards = page.locator("#seating-chart .table-card")
    assert cards.count() == 2
    seated = page.locator("#seating-chart .seats li").all_inner_texts()
    assert sorted(s.split(" ")[0] for s in seated) == sorted(g[0].split(" ")[0] for g in GUESTS)
    assert page.locator(".reasons li").count() >= 1
    _screenshot(page, "seating.png")


def _visit_organiser_pages(page, dinner_url):
    """Open the organiser's other pages once, so each is checked for accessibility."""
    for path in ("/rules", "/weights", "/timing", "/outbox", "/dietary", "/seat"):
        page.goto(dinner_url + path)
    page.goto(dinner_url + "/preview/invitation")
    page.goto(dinner_url + "/preview/follow_up_1")
    page.goto(dinner_url + "/message")
    page.check("input[name=audience][value=accepted]")
    page.fill("#subject", "Parking")
    page.fill("#note", "Park behind the restaurant.")
    page.click("#preview-note")
    page.wait_for_selector("#note-preview")
    assert "Park behind the restaurant." in page.locator("#note-preview").inner_text()
    page.click("#send-note")
    page.wait_for_selector(f"text=Your message is on its way to {len(GUESTS)} guest(s).")


def _check_phone_width(page, dinner_url):
    """At 390 px the page never scrolls sideways: wide tables scroll inside their own box."""
    page.set_viewport_size(PHONE)
    for url in (dinner_url, dinner_url + "/seating", dinner_url.rsplit("/dinners", 1)[0] + "/"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url} is {width} px wide at {PHONE['width']} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _cancel(page, dinner_url):
    page.goto(dinner_url)
    page.click("#action-cancel")
    page.wait_for_selector("#confirm-details")
    assert page.locator("#confirm-details li").count() == len(GUESTS)
    page.click("#confirm-button")
    page.wait_for_selector("text=The dinner is cancelled.")
    assert page.locator("#dinner-state").inner_text() == "Cancelled"


def _invitations(smtp):
    by_address = {
        m["To"].addresses[0].addr_spec: m
        for m in smtp.messages
        if m["Subject"].startswith("You're invited")
    }
    return [by_address[_email(name)] for name, *_ in GUESTS]


def _newest_rsvp_mails(smtp):
    newest = {
        m["To"].addresses[0].addr_spec: m
        for m in smtp.messages
        if "/rsvp/" in m.get_body(("plain",)).get_content()
    }
    return [newest[_email(name)] for name, *_ in GUESTS]


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@example.com"


def _screenshot(page, name: str):
    target = ROOT / "test-artifacts" / name
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        target = ROOT / "docs" / "screenshots" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
