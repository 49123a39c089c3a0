"""The organiser's funnel chart and reciprocity ledger on the dinner page."""

import re

from planner.extensions import db
from planner.lifecycle.tokens import Links
from planner.models import Invitation
from tests.actions.pages import submit
from tests.helpers import base_url
from tests.web.test_seating import _seed


def _post(app, client, actor_id, method, *args, **kwargs):
    with app.app_context():
        actor = db.session.get(Invitation, actor_id)
        # Ids stand for invitations; strings (an outcome kind) pass through.
        args = [db.session.get(Invitation, a) if isinstance(a, int) else a for a in args]
        url = getattr(Links(actor, base_url()), method)(*args, **kwargs)
        db.session.commit()
    path = url.removeprefix("http://tablewise.test")
    # The introduction page has a form to fill in; the outcome pages just a button.
    response = submit(client, path, "introduce-form") if method == "offer" else client.post(path)
    assert response.status_code == 302


def _counts(page: str) -> dict[str, int]:
    return {
        stage: int(count) for stage, count in re.findall(r'data-stage="([^"]+)">(\d+)</text>', page)
    }


def test_funnel_and_ledger_count_what_attendees_report(
    app, client, smtp, make_organiser, make_dinner, make_guest, login, hold_dinner
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 6)
    with app.app_context():
        people = sorted(i.id for i in db.session.scalars(db.select(Invitation)) if i.profile)
        ask = db.session.get(Invitation, people[0]).profile.asks[0]
    hold_dinner(dinner_id, people)
    a, b, c = people[:3]
    _post(app, client, b, "outcome", "introduced", a, ask=ask)  # b served a's ask
    _post(app, client, a, "outcome", "booked", b)
    _post(app, client, b, "outcome", "booked", a)  # the same 1:1, reported by both
    _post(app, client, c, "offer", a, b, ask=ask)  # waits for b's yes
    _post(app, client, c, "outcome", "not_a_fit", a)
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}").text
    for kept in ('id="seat-tables"', 'id="guest-list"', 'id="funnel-chart"', 'id="ledger"'):
        assert kept in page
    assert _counts(page) == {
        "Asks": 6,
        "Intros offered": 2,
        "Intros made": 1,
        "1:1s booked": 1,
    }
    with app.app_context():
        names = {i.id: i.name for i in db.session.scalars(db.select(Invitation))}
    rows = {
        name: (int(given), int(received))
        for name, given, received in re.findall(
            r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td>", page
        )
    }
    assert rows[names[b]] == (1, 0) and rows[names[a]] == (0, 1) and rows[names[c]] == (0, 0)
    assert len(smtp.messages) == 1  # only the consent request to the target, b


def test_before_anything_is_recorded_the_ledger_is_one_line_not_rows_of_zeros(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 6)
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}").text
    assert 'id="ledger-empty"' in page and "Nothing recorded yet" in page
    assert 'id="ledger"' not in page and 'id="funnel-chart"' in page
