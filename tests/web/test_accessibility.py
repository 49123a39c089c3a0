"""Fast accessibility checks of the markup and colours (the browser test runs axe-core too)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "planner" / "static" / "style.css").read_text()


def _luminance(colour: str) -> float:
    if len(colour) == 4:  # #rgb
        colour = "#" + "".join(c * 2 for c in colour[1:])
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb (or #rgb) colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _variable(name: str) -> str:
    return re.search(rf"--{name}:(#[0-9a-f]{{6}})", CSS).group(1)


def _rule(selector: str) -> dict[str, str]:
    body = re.search(rf"{re.escape(selector)} \{{([^}}]*)\}}", CSS).group(1)
    return {
        part.split(":", 1)[0].strip(): part.split(":", 1)[1].strip()
        for part in body.split(";")
        if ":" in part
    }


def test_the_contrast_check_tells_the_old_muted_grey_apart():
    assert contrast("#6b7478", "#f6f4ef") < 4.5  # the colour the issue reported


def test_muted_text_is_readable_on_the_page_and_on_cards():
    for background in (_variable("bg"), "#ffffff"):
        assert contrast(_variable("muted"), background) >= 4.5


@pytest.mark.parametrize("state", ["draft", "inviting", "seated", "held", "closed", "cancelled"])
def test_every_state_badge_is_readable(state):
    rule = _rule(f".state-{state}")
    assert contrast(rule["color"], rule["background"]) >= 4.5


def test_the_held_badge_and_table_headings_are_readable():
    assert contrast("#ffffff", _rule(".badge")["background"]) >= 4.5
    assert contrast(_rule(".table-card h3")["color"], "#ffffff") >= 4.5


def test_preview_navigation_is_labelled_and_the_outbox_has_no_empty_header(
    client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id)
    login(organiser)
    preview = client.get(f"/dinners/{dinner_id}/preview/invitation").text
    navs = re.findall(r"<nav[^>]*>", preview)
    assert len(navs) == 2 and all("aria-label=" in nav for nav in navs)
    outbox = client.get(f"/dinners/{dinner_id}/outbox").text
    assert "<th></th>" not in outbox
