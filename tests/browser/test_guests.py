"""Guests in Chromium: invite by paste + CSV through the preview (sent by the background import
job, its progress page polled until done), a yes beyond the seats is waitlisted, a decline
offers the seat by mail, the guest confirms it, the organiser sees it; the guest pages fit a
390 px phone; axe-core finds no serious violation on any page visited."""

import re
import threading
from datetime import datetime, timedelta
from functools import partial

import pytest

from planner.jobs import imports
from tests.browser.test_walkthrough import _create_dinner, _sign_up

pytestmark = pytest.mark.browser

PASTED = ["Ana Souza <ana@example.com>", "Ben Okafor\tben@example.com", "chloe.martin@example.com"]
CSV = (
    "Name;Email;Company\nDev Patel;dev@example.com;Patel & Co\nElla Novak;ella@example.com;Novak\n"
)
SEATS = 3
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def app_config(app_config):
    # The five guests are more than this: "Send" starts the background import job.
    return {**app_config, "IMPORT_IN_BACKGROUND_ABOVE": 4}


def test_invite_waitlist_and_a_freed_seat(browser, live_server, smtp, tmp_path, audit, monkeypatch):
    tab = partial(_tab, browser, audit)
    page = tab()
    _sign_up(page, live_server, smtp)
    _create_dinner(page, datetime.now() + timedelta(days=21))  # tables of 3-4
    dinner_url = page.url
    _set_seats(page, dinner_url)
    import_url = _invite_mixed(page, dinner_url, tmp_path, monkeypatch)

    links = {m["To"].addresses[0].addr_spec: _link(m, live_server) for m in smtp.wait_for(5)}
    assert len(links) == 5
    for address in ("ana@example.com", "ben@example.com", "chloe.martin@example.com"):
        assert "You're on the list" in _answer_yes(tab(), links[address])
    assert "number 1 on the waitlist" in _answer_yes(tab(), links["dev@example.com"])
    assert _subjects(smtp, "dev@example.com")[-1].startswith("You're on the waitlist")

    _decline(tab(), links["ben@example.com"])
    offer = _wait_for_subject(smtp, "dev@example.com", "A seat is free for you")
    guest = tab()
    guest.goto(_link(offer, live_server))
    assert guest.locator("#waitlist").inner_text().startswith("A seat is free for you")
    guest.click("#take-seat")
    guest.wait_for_selector("text=Your seat is confirmed")
    guest.close()

    page.goto(dinner_url + "/guests?sort=status")
    rows = page.locator("#guest-table tbody tr").all_inner_texts()
    assert [r.split("\n")[0].split("\t")[0] for r in rows[:3]] == [
        "Ana Souza",
        "Chloe Martin",
        "Dev Patel",
    ]
    assert "accepted" in page.locator("#guest-table tr", has_text="Dev Patel").inner_text()
    assert "declined" in page.locator("#guest-table tr", has_text="Ben Okafor").inner_text()
    page.click("text=Dev Patel")
    assert page.locator("#guest-status").inner_text() == "accepted"
    pages = [dinner_url, dinner_url + "/guests", page.url, dinner_url + "/guests/1/remove"]
    pages.append(import_url)
    _fits_a_phone(page, pages)
    audit.assert_clean()  # axe-core: no serious or critical violation on any page visited
    assert any("/imports/" in url for url in audit.pages), "axe never saw the import's page"


def _tab(browser, audit):
    """Open a browser tab whose every page load is checked with axe-core."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    audit.watch(page)
    return page


def _set_seats(page, dinner_url):
    page.goto(dinner_url + "/guests")
    page.fill("#capacity", str(SEATS))
    page.click("text=Save seats")
    page.wait_for_selector(f"text=Seats: {SEATS}.")
    assert "first guest waiting is offered it" in page.locator("#waitlist-rule").inner_text()


def _invite_mixed(page, dinner_url, tmp_path, monkeypatch) -> str:
    """Invite the five through the preview and the background job; return its page's URL."""
    page.goto(dinner_url)
    csv_file = tmp_path / "guests.csv"
    csv_file.write_bytes(CSV.encode("cp1252"))
    page.fill("#pasted", "\n".join(PASTED))
    page.set_input_files("#csv_file", str(csv_file))
    page.click("text=Preview invitations")
    preview = page.locator("#import-preview")
    preview.wait_for()
    assert "nothing has been sent yet" in preview.inner_text()
    assert page.locator("#preview-guests tbody tr").count() == 5
    assert "no name given; using 'Chloe Martin'" in page.locator("#import-warnings").inner_text()
    said = page.locator("#send-in-background").inner_text()
    assert "5 invitations will be sent in the background" in said
    gate, real = threading.Event(), imports.invite_guests
    monkeypatch.setattr(imports, "invite_guests", lambda *args: gate.wait(30) and real(*args))
    page.click("text=Send 5 invitation(s)")
    assert "0 of 5 done" in page.locator("#job-message").inner_text()  # held: still running
    _fits_a_phone(page, [page.url])
    page.set_viewport_size({"width": 1280, "height": 900})
    gate.set()
    page.wait_for_selector("text=Invited 5 guest(s).")  # the page polled and reloaded itself
    return page.url


def _answer_yes(guest, link) -> str:
    guest.goto(link)
    guest.check("input[name=attending][value=yes]")
    guest.fill("#role", "Consultant")
    guest.select_option("#industry", index=1)
    guest.fill("#does", "I help small firms with their books.")
    guest.fill("#ask_1", "Owners of growing bakeries in Leeds")
    guest.click("text=Save my RSVP")
    guest.wait_for_selector(".flash")
    text = guest.locator("main").inner_text()
    guest.close()
    return text


def _decline(guest, link):
    guest.goto(link)
    guest.check("input[name=attending][value=no]")
    guest.click("text=Save my RSVP")
    guest.wait_for_selector("text=Thanks for letting us know")
    guest.close()


def _fits_a_phone(page, urls):
    page.set_viewport_size(PHONE)
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide at a 390 px viewport"


def _link(message, base_url) -> str:
    text = message.get_body(("plain",)).get_content()
    return base_url + re.search(r"https?://[^/\s]+(/rsvp/\S+)", text).group(1)


def _subjects(smtp, address) -> list[str]:
    return [m["Subject"] for m in smtp.to(address)]


def _wait_for_subject(smtp, address, start):
    for _ in range(200):
        found = [m for m in smtp.to(address) if m["Subject"].startswith(start)]
        if found:
            return found[-1]
        smtp.wait_for(len(smtp.messages) + 1, timeout=0.05)
    raise AssertionError(f"no {start!r} mail to {address}: {_subjects(smtp, address)}")
