from itertools import combinations

from planner.extensions import db
from planner.models import Dinner
from planner.services.referrals import referral_scores

PROFILES = [
    (
        "Realtor",
        "Residential real estate agent",
        ["Mortgage brokers for first-time buyers"],
        "Home buyers",
    ),
    ("Mortgage broker", "Mortgage broker", ["Realtors who work with first-time buyers"], "Lenders"),
    ("Home inspector", "Home inspection", ["Realtors"], "Contractors"),
    ("Accountant", "Accounting", ["Business bankers"], "Small business owners"),
    (
        "Business banker",
        "Commercial banking",
        ["Accountants of growing companies"],
        "Business owners",
    ),
    ("HR consultant", "Human resources consulting", ["Employment lawyers"], "HR directors"),
    ("Employment lawyer", "Law - employment", ["HR consultants"], "Employers"),
    ("Caterer", "Catering", ["Event planners"], "Florists"),
    ("Event planner", "Event planning", ["Caterers", "Venues"], "Marketing directors"),
    ("Venue manager", "Event venue", ["Event planners"], "Caterers"),
    ("Web developer", "Web development", ["Graphic designers"], "Shop owners"),
    ("Graphic designer", "Graphic design", ["Web developers"], "Printers"),
    ("Security consultant", "Cybersecurity", ["CTOs of SaaS companies"], "Insurers"),
    ("SaaS founder", "SaaS / software", ["Help protecting our platform from hackers"], "Founders"),
]


def _seed(make_organiser, make_dinner, make_guest, count, **dinner):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, **dinner)
    for n, (role, industry, asks, intro) in enumerate(PROFILES[:count]):
        make_guest(
            dinner_id,
            status="accepted",
            name=f"{role.title()} {n}",
            role=role,
            industry=industry,
            does=f"I work as a {role.lower()}.",
            asks=asks,
            can_introduce=intro,
        )
    make_guest(dinner_id, status="declined")
    return organiser, dinner_id


def test_seating_puts_every_accepted_guest_at_a_table_within_bounds(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 14)
    login(organiser)
    response = client.post(f"/dinners/{dinner_id}/seat")
    assert response.headers["Location"].endswith(f"/dinners/{dinner_id}/seating")
    page = client.get(f"/dinners/{dinner_id}/seating").text
    assert "Table 1" in page and "Table 2" in page and "Why this table" in page
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        tables = [[seat.invitation for seat in t.seats] for t in dinner.seating_plan.tables]
        assert len(tables) == 2 and all(6 <= len(t) <= 10 for t in tables)
        seated = {inv.id for table in tables for inv in table}
        assert seated == {inv.id for inv in dinner.accepted}
        # The stored objective is the sum of within-table pair scores, re-scored here.
        matrix = referral_scores(dinner.accepted)
        position = {inv.id: n for n, inv in enumerate(dinner.accepted)}
        rescored = sum(
            matrix.scores[position[a.id], position[b.id]]
            for table in tables
            for a, b in combinations(table, 2)
        )
        assert abs(rescored - dinner.seating_plan.objective) < 1e-6 * max(1.0, abs(rescored))
        for table in dinner.seating_plan.tables:
            members = [position[seat.invitation_id] for seat in table.seats]
            table_sum = sum(matrix.scores[a, b] for a, b in combinations(members, 2))
            assert abs(table_sum - table.score) < 1e-6 * max(1.0, abs(table_sum))


def test_reseating_replaces_the_plan_and_keeps_the_old_one_as_a_version(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    client.post(f"/dinners/{dinner_id}/seat")
    with app.app_context():
        from planner.models import PlanVersion, Seat, SeatingPlan

        assert db.session.scalar(db.select(db.func.count(SeatingPlan.id))) == 1
        assert db.session.scalar(db.select(db.func.count(Seat.id))) == 12
        numbers = db.session.scalars(db.select(PlanVersion.number).order_by(PlanVersion.number))
        assert list(numbers) == [1, 2]


def test_too_few_guests_is_explained_not_a_500(
    client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 4)
    login(organiser)
    response = client.post(f"/dinners/{dinner_id}/seat", follow_redirects=True)
    assert response.status_code == 200
    assert "Only 4 guest(s) have accepted, but the smallest table is 6." in response.text


def test_no_feasible_seating_is_explained(client, make_organiser, make_dinner, make_guest, login):
    # 11 guests cannot fill tables of 6-7: one table is too small, two need 12.
    organiser, dinner_id = _seed(
        make_organiser, make_dinner, make_guest, 11, min_table_size=6, max_table_size=7
    )
    login(organiser)
    response = client.post(f"/dinners/{dinner_id}/seat", follow_redirects=True)
    assert response.status_code == 200
    assert "No seating is possible" in response.text
    assert "11" in response.text


def test_direct_competitors_sit_at_different_tables(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser, min_table_size=3, max_table_size=4)
    lawyers = [
        make_guest(
            dinner_id,
            status="accepted",
            name=f"Lawyer {n}",
            industry="estate_planning_attorney",
            asks=["Financial planners who advise retirees"],
            can_introduce="Retirees\nFamilies",
        ).id
        for n in range(2)
    ]
    for n in range(5):
        make_guest(
            dinner_id,
            status="accepted",
            name=f"Planner {n}",
            industry="financial_advisor",
            asks=["Estate planning attorneys"],
        )
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    with app.app_context():
        plan = db.session.get(Dinner, dinner_id).seating_plan
        table_of = {seat.invitation_id: t.number for t in plan.tables for seat in t.seats}
        assert table_of[lawyers[0]] != table_of[lawyers[1]]
