"""The seating chart in Chromium: drag a guest, see the score change, save, lock a table,
re-seat the rest, the locked table unchanged; the same with the keyboard through the forms."""

import re

import pytest

from tests.web.seating_helpers import seated
from tests.web.test_seating import _seed

pytestmark = pytest.mark.browser


@pytest.fixture
def chart_page(browser, live_server, app, make_organiser, make_dinner, make_guest):
    """A logged-in organiser's page and a dinner of 14 accepted guests (not seated yet)."""
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 14)

    def open_page(**context):
        page = browser.new_context(**context).new_page()
        page.goto(live_server + "/auth/login")
        page.fill("#email", organiser.email)
        page.fill("#password", organiser.password)
        page.click("button.primary")
        page.wait_for_selector("text=Your dinners")
        return page

    return open_page, f"{live_server}/dinners/{dinner_id}", dinner_id


def _wait_for_chart(page):
    """The page polls the background solve and shows the chart when it is done."""
    page.wait_for_selector("#seating-chart", timeout=60_000)
    page.wait_for_selector("#job", state="detached", timeout=60_000)


def _guests_at(page, table: int) -> list[str]:
    return sorted(page.locator(f"#table-{table} li[data-guest]").evaluate_all(
        "items => items.map(i => i.dataset.guest)"))  # fmt: skip


def _seated_chart(open_page, dinner_url, width: int):
    """Press "Seat tables" on the dinner page and wait for the chart."""
    page = open_page(viewport={"width": width, "height": 1000})
    page.goto(dinner_url)
    page.click("#seat-tables")
    _wait_for_chart(page)
    return page


def test_drag_preview_save_lock_and_reseat_the_rest(app, chart_page):
    open_page, dinner_url, dinner_id = chart_page
    page = _seated_chart(open_page, dinner_url, 1280)
    assert page.locator(".table-card").count() == 2
    guest = page.locator("#table-1 li[data-guest]").first.get_attribute("data-guest")
    assert page.locator("#table-2 .table-score").inner_text()

    page.drag_and_drop(f"#table-1 li[data-guest='{guest}']", "#table-2 h2")
    preview = page.locator("#edit-preview")
    preview.wait_for(state="visible")
    assert "Dinner score:" in page.locator("#preview-dinner").inner_text()
    change = re.search(r"Table 2: (-?[\d.]+) → (-?[\d.]+)", preview.inner_text())
    assert change and change.group(1) == page.locator("#table-2 .table-score").inner_text()
    assert guest not in _guests_at(page, 2)  # nothing saved yet
    page.click("#save-change")
    page.wait_for_selector("text=Saved: Move")
    assert guest in _guests_at(page, 2)
    assert page.locator("#table-2 .table-score").inner_text() == change.group(2)

    page.click("#lock-table-1")
    page.wait_for_selector("#table-1 .badge.lock")
    locked = _guests_at(page, 1)
    page.click("#reseat-rest")
    _wait_for_chart(page)
    assert _guests_at(page, 1) == locked
    assert sorted(int(g) for g in locked) == seated(app, dinner_id)[1]


def _tab_to(page, element_id: str, limit: int = 300) -> None:
    """Press Tab until the element has focus, as a keyboard-only user would."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach #{element_id} with the keyboard")


def test_a_keyboard_only_user_does_the_same_through_the_forms(app, chart_page):
    open_page, dinner_url, dinner_id = chart_page
    page = open_page(java_script_enabled=False)
    page.goto(dinner_url)
    _tab_to(page, "seat-tables")
    page.keyboard.press("Enter")
    _wait_for_chart(page)  # without JS the progress page refreshes itself

    _tab_to(page, "guest")
    page.keyboard.press("ArrowDown")
    guest = page.input_value("#guest")
    start = next(n for n, members in seated(app, dinner_id).items() if int(guest) in members)
    _tab_to(page, "table")
    page.keyboard.press("ArrowDown" if start == 1 else "ArrowUp")
    assert page.input_value("#table") != str(start)
    _tab_to(page, "preview-move")
    page.keyboard.press("Enter")
    page.wait_for_selector("#preview-dinner")
    assert "Dinner score:" in page.locator("#preview-dinner").inner_text()
    _tab_to(page, "save-change")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Saved: Move")
    assert int(guest) not in seated(app, dinner_id)[start]

    _tab_to(page, "lock-table-2")
    page.keyboard.press("Enter")
    page.wait_for_selector("#table-2 .badge.lock")
    locked = seated(app, dinner_id)[2]
    _tab_to(page, "reseat-rest")
    page.keyboard.press("Enter")
    _wait_for_chart(page)
    assert seated(app, dinner_id)[2] == locked


def test_the_chart_fits_a_phone_and_prints_without_navigation(app, chart_page):
    open_page, dinner_url, _ = chart_page
    page = _seated_chart(open_page, dinner_url, 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.emulate_media(media="print")
    assert page.locator("#seating-chart").is_visible()
    for hidden in ("header.top", "text=Log out", "#edit-forms", "#reseat-rest", "#lock-table-1"):
        assert not page.locator(hidden).first.is_visible(), hidden
