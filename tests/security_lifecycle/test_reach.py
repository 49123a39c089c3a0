"""Finding 9: guest action links reach only the guest's own table-mates at a held dinner,
and introduction requests are limited per guest."""

import pytest

from planner.lifecycle.reach import MAX_INTRO_REQUESTS
from tests.actions.test_actions import _link


@pytest.fixture
def dinner(make_organiser, make_dinner, make_guest):
    """Ten guests: eight accepted, one pending (Pat Pending), one declined (Dee Clined)."""
    dinner_id = make_dinner(make_organiser())
    seated = [make_guest(dinner_id, status="accepted", name=f"Seated {n}") for n in range(8)]
    pending = make_guest(dinner_id, name="Pat Pending")
    declined = make_guest(dinner_id, status="declined", name="Dee Clined")
    return dinner_id, seated, pending, declined


def test_before_the_dinner_is_held_no_action_page_opens(app, client, dinner):
    _, seated, _, _ = dinner
    for kind in ("booked", "intro_requested"):
        assert client.get(_link(app, seated[0], "outcome", kind, seated[1])).status_code == 404


def test_stepping_through_ids_names_no_pending_declined_or_other_table_guest(
    app, client, smtp, dinner, hold_dinner
):
    dinner_id, seated, pending, declined = dinner
    hold_dinner(dinner_id, seated[:4], seated[4:])
    ana = seated[0]
    link = _link(app, ana, "outcome", "intro_requested", seated[1])
    assert client.get(link).status_code == 200
    for other in (pending, declined, seated[4], seated[7]):
        stepped = link.replace(f"/{seated[1].id}", f"/{other.id}")
        page = client.get(stepped)
        assert page.status_code == 404
        assert "Pat Pending" not in page.text and "Dee Clined" not in page.text
        assert client.post(stepped).status_code == 404
    assert smtp.messages == []


def test_offers_only_introduce_a_table_mate_to_someone_who_came(
    app, client, smtp, dinner, hold_dinner
):
    dinner_id, seated, pending, _ = dinner
    hold_dinner(dinner_id, seated[:4], seated[4:])
    cy = seated[2]
    assert client.get(_link(app, cy, "offer", seated[0], seated[5], "")).status_code == 200
    assert client.get(_link(app, cy, "offer", seated[5], seated[0], "")).status_code == 404
    assert client.post(_link(app, cy, "offer", seated[0], pending, "")).status_code == 404
    assert smtp.messages == []


def test_introduction_requests_are_limited_per_guest_with_a_polite_refusal(
    app, client, smtp, make_organiser, make_dinner, make_guest, hold_dinner
):
    dinner_id = make_dinner(make_organiser())
    table = [make_guest(dinner_id, status="accepted", name=f"Mate {n}") for n in range(8)]
    hold_dinner(dinner_id, table)
    asker, mates = table[0], table[1:]
    for mate in mates[:MAX_INTRO_REQUESTS]:
        assert client.post(_link(app, asker, "outcome", "intro_requested", mate)).status_code == 302
    refused = client.post(_link(app, asker, "outcome", "intro_requested", mates[-1]))
    assert refused.status_code == 429 and "plenty" in refused.text
    # Re-opening a request already made still works.
    again = client.get(_link(app, asker, "outcome", "intro_requested", mates[0]))
    assert again.status_code == 200
    assert len(smtp.wait_for(MAX_INTRO_REQUESTS)) == MAX_INTRO_REQUESTS
