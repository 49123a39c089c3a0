"""Manual edits of the seating chart: preview, save, refuse, two tabs, locks, re-seat the rest.

Run on SQLite by default and on PostgreSQL with DATABASE_URL set.
"""

import pytest

from planner.extensions import db
from planner.lifecycle.follow_up import seated_dinner
from planner.models import Dinner, PlanVersion, SeatingRule
from tests.web.seating_helpers import move as _move
from tests.web.seating_helpers import names, plan_version, seated
from tests.web.test_seating import _seed


def test_a_move_is_previewed_with_score_changes_before_it_is_saved(app, client, chart):
    before = seated(app, chart)
    version = plan_version(app, chart)
    guest = before[1][0]
    page = _move(client, chart, guest, 2, version).text
    assert f"Move {names(app, chart)[guest]} to table 2?" in page
    assert "Dinner score:" in page and "Table 1:" in page and "Table 2:" in page
    assert seated(app, chart) == before  # nothing saved by the preview

    saved = _move(client, chart, guest, 2, version, step="save", follow_redirects=True)
    assert "Saved: Move" in saved.text
    after = seated(app, chart)
    assert guest in after[2] and guest not in after[1]
    assert plan_version(app, chart) == version + 1
    with app.app_context():
        last = db.session.scalar(db.select(PlanVersion).order_by(PlanVersion.number.desc()))
        assert last.summary.startswith("Move ") and last.author == "Olive Organiser"
        assert last.objective == pytest.approx(db.session.get(Dinner, chart).seating_plan.objective)


def test_the_json_preview_adds_up(app, client, chart):
    tables = seated(app, chart)
    response = _move(
        client, chart, tables[1][0], 2, plan_version(app, chart),
        headers={"Accept": "application/json"},
    )  # fmt: skip
    data = response.get_json()
    assert data["allowed"] and data["violations"] == []
    assert sorted(t["number"] for t in data["tables"]) == [1, 2]
    assert sum(t["delta"] for t in data["tables"]) == pytest.approx(data["delta"], abs=0.11)
    assert data["after"] - data["before"] == pytest.approx(data["delta"], abs=0.11)


def test_a_move_below_the_smallest_table_is_refused_with_the_reason(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    before = seated(app, dinner_id)
    assert sorted(len(t) for t in before.values()) == [6, 6]
    page = _move(client, dinner_id, before[1][0], 2, plan_version(app, dinner_id)).text
    assert "Table 1 has 5 guests; it seats 6 to 10" in page
    assert "Save this change" not in page
    refused = _move(
        client, dinner_id, before[1][0], 2, plan_version(app, dinner_id), step="save",
        follow_redirects=True,
    )  # fmt: skip
    assert "Not saved: Table 1 has 5 guests" in refused.text
    assert seated(app, dinner_id) == before


def test_a_swap_that_breaks_a_keep_apart_rule_is_refused_naming_the_guests(app, client, chart):
    tables = seated(app, chart)
    first, second = tables[1][0], tables[2][0]
    with app.app_context():
        rule = SeatingRule(dinner_id=chart, kind="apart", invitation_ids=[first, tables[2][1]])
        db.session.add(rule)
        db.session.commit()
    data = {"action": "swap", "course": 1, "guest": second, "other": first}
    page = client.post(
        f"/dinners/{chart}/seating/preview", data={**data, "version": plan_version(app, chart)}
    ).text
    who = names(app, chart)
    assert f"{who[first]} and {who[tables[2][1]]} must be kept apart" in page.replace("&#39;", "'")
    assert "Save this change" not in page


def test_the_later_of_two_tabs_is_refused_not_silently_lost(app, client, chart):
    tables = seated(app, chart)
    version = plan_version(app, chart)  # both tabs opened the chart at this version
    _move(client, chart, tables[1][0], 2, version, step="save")
    after_first = seated(app, chart)
    second = _move(client, chart, tables[1][1], 2, version, step="save", follow_redirects=True)
    assert "Someone else changed this seating since you opened it" in second.text
    assert seated(app, chart) == after_first
    assert plan_version(app, chart) == version + 1


def test_a_locked_table_is_unchanged_when_the_others_are_reseated(app, client, chart):
    tables = seated(app, chart)
    client.post(
        f"/dinners/{chart}/seating/lock",
        data={"table": 1, "locked": "y", "version": plan_version(app, chart)},
    )
    guest = tables[2][0]
    client.post(
        f"/dinners/{chart}/seating/lock",
        data={"guest": guest, "locked": "y", "version": plan_version(app, chart)},
    )
    page = client.post(f"/dinners/{chart}/seating/reseat", follow_redirects=True).text
    assert "Re-seat the others" in page
    after = seated(app, chart)
    assert after[1] == tables[1]
    assert guest in after[2]
    with app.app_context():
        plan = db.session.get(Dinner, chart).seating_plan
        assert plan.tables[0].locked and plan.stop_reason
        summaries = db.session.scalars(db.select(PlanVersion.summary).order_by(PlanVersion.number))
        assert list(summaries)[-1] == "Re-seated the others"


def test_a_table_can_be_named(app, client, chart):
    page = client.post(
        f"/dinners/{chart}/seating/name",
        data={"table": 2, "name": "  Harbour   view ", "version": plan_version(app, chart)},
        follow_redirects=True,
    ).text
    assert "Table 2 · Harbour view" in page


def test_three_courses_rotate_guests_and_hosts_stay_put(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12, min_table_size=3,
                                 max_table_size=4)  # fmt: skip
    login(organiser)
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        host = dinner.accepted[0].id
        db.session.add(SeatingRule(dinner_id=dinner_id, kind="host", invitation_ids=[host]))
        db.session.commit()
    client.post(f"/dinners/{dinner_id}/seat", data={"courses": 3, "num_tables": 4})
    courses = [seated(app, dinner_id, course) for course in (1, 2, 3)]
    for tables in courses:
        seated_guests = sorted(g for members in tables.values() for g in members)
        assert len(seated_guests) == 12 and len(set(seated_guests)) == 12
    pairs = [
        frozenset((a, b))
        for tables in courses
        for members in tables.values()
        for a in members
        for b in members
        if a < b
    ]
    assert len(pairs) == len(set(pairs))  # 4 tables of 3: nobody meets anyone twice
    host_tables = {n for tables in courses for n, members in tables.items() if host in members}
    assert len(host_tables) == 1
    with app.app_context():
        follow_up_view = seated_dinner(db.session.get(Dinner, dinner_id))
        assert len(follow_up_view.seated) == 12  # each guest once, at their first-course table
    page = client.get(f"/dinners/{dinner_id}/seating?course=2").text
    assert "Seating chart · course 2" in page and '<span class="mark">host</span>' in page


@pytest.mark.parametrize(
    "path, data",
    [
        ("preview", {"action": "move", "guest": "x", "table": "y", "version": "z"}),
        ("preview", {"action": "move", "course": 1, "guest": 999999, "table": 1, "version": 1}),
        ("preview", {"action": "move", "course": 1, "guest": 0, "table": 99, "version": 1}),
        ("preview", {"action": "swap", "course": 7, "guest": 1, "other": 2, "version": 1}),
        ("save", {"action": "swap", "course": 1, "version": 1}),
        ("lock", {"guest": 999999, "locked": "y", "version": 1}),
        ("lock", {"table": "one"}),
        ("name", {"table": 1, "name": "x" * 500, "version": 1}),
        ("versions/999/restore", {"version": 1}),
    ],
)
def test_bad_input_gets_a_message_never_a_500(app, client, chart, path, data):
    if data.get("guest") == 0:
        data = {**data, "guest": seated(app, chart)[1][0]}
    response = client.post(f"/dinners/{chart}/seating/{path}", data=data, follow_redirects=True)
    assert response.status_code in (200, 404)
    assert "Something went wrong" not in response.text
