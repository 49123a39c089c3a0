"""Guests in Chromium: invite by paste + CSV through the preview, a yes beyond the seats is
waitlisted, a decline offers the seat by mail, the guest confirms it, the organiser sees it;
the guest pages fit a 390 px phone."""

import re
from datetime import datetime, timedelta

import pytest

from tests.browser.test_walkthrough import _create_dinner, _sign_up

pytestmark = pytest.mark.browser

PASTED = ["Ana Souza <ana@example.com>", "Ben Okafor\tben@example.com", "chloe.martin@example.com"]
CSV = (
    "Name;Email;Company\nDev Patel;dev@example.com;Patel & Co\nElla Novak;ella@example.com;Novak\n"
)
SEATS = 3
# Colour contrast comes from style.css's palette, which the dinner-lifecycle work retunes.
ELSEWHERE = {"color-contrast"}


def _accessible(page) -> None:
    """Fail on any serious or critical axe-core violation on the page (but ELSEWHERE)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in violations
        if v["impact"] in ("serious", "critical") and v["id"] not in ELSEWHERE
    ]
    assert not serious, f"{page.url}: {serious}"


def test_invite_waitlist_and_a_freed_seat(browser, live_server, smtp, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_up(page, live_server, smtp)
    _create_dinner(page, datetime.now() + timedelta(days=21))  # tables of 3-4
    dinner_url = page.url
    _set_seats(page, dinner_url)
    _invite_mixed(page, dinner_url, tmp_path)

    links = {m["To"].addresses[0].addr_spec: _link(m, live_server) for m in smtp.wait_for(5)}
    assert len(links) == 5
    for address in ("ana@example.com", "ben@example.com", "chloe.martin@example.com"):
        assert "You're on the list" in _answer_yes(browser, links[address])
    assert "number 1 on the waitlist" in _answer_yes(browser, links["dev@example.com"])
    assert _subjects(smtp, "dev@example.com")[-1].startswith("You're on the waitlist")

    _decline(browser, links["ben@example.com"])
    offer = _wait_for_subject(smtp, "dev@example.com", "A seat is free for you")
    guest = browser.new_page()
    guest.goto(_link(offer, live_server))
    assert guest.locator("#waitlist").inner_text().startswith("A seat is free for you")
    _accessible(guest)
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
    _accessible(page)
    page.click("text=Dev Patel")
    assert page.locator("#guest-status").inner_text() == "accepted"
    _accessible(page)
    pages = [dinner_url, dinner_url + "/guests", page.url, dinner_url + "/guests/1/remove"]
    _fits_a_phone(page, pages)


def _set_seats(page, dinner_url):
    page.goto(dinner_url + "/guests")
    page.fill("#capacity", str(SEATS))
    page.click("text=Save seats")
    page.wait_for_selector(f"text=Seats: {SEATS}.")
    _accessible(page)
    assert "first guest waiting is offered it" in page.locator("#waitlist-rule").inner_text()


def _invite_mixed(page, dinner_url, tmp_path):
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
    _accessible(page)
    page.click("text=Send 5 invitation(s)")
    page.wait_for_selector("text=Invited 5 guest(s).")


def _answer_yes(browser, link) -> str:
    guest = browser.new_page()
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


def _decline(browser, link):
    guest = browser.new_page()
    guest.goto(link)
    guest.check("input[name=attending][value=no]")
    guest.click("text=Save my RSVP")
    guest.wait_for_selector("text=Thanks for letting us know")
    guest.close()


def _fits_a_phone(page, urls):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide at a 390 px viewport"
        _accessible(page)


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
