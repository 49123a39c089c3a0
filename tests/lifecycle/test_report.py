"""The organiser's report per dinner (page, CSV, PDF) and the ledger across dinners."""

import re

from planner.extensions import db
from planner.lifecycle.report import dinner_report, organiser_ledger
from planner.models import Dinner, Invitation
from tests.web.test_seating import PROFILES


def test_the_report_counts_what_happened(app, story):
    with app.app_context():
        report = dinner_report(db.session.get(Dinner, story.dinner_id))
        counts = dict(report.counts())
        assert counts["Asks made"] == 6
        assert counts["Asks answered"] == 1  # the realtor's, by the introduction made
        assert counts["Asks still open"] == 5
        assert counts["Introductions offered"] == 2
        assert counts["Introductions made"] == 1
        assert counts["Introductions declined"] == 1
        assert counts["“Please introduce me” requests"] == 1
        assert counts["1:1s booked"] == 1  # reported by both, one meeting
        assert counts["“Not a fit”"] == 1
        assert counts["“Not for me / I don't know anyone”"] == 1
        assert counts["Business reported"] == 1  # both sides of one deal
        assert sum(report.business_bands.values()) == 1
        hr = next(item for item in report.open_asks if item.asker.name == "HR consultant X")
        assert hr.not_for == ("Business banker X",)
        accountant = next(i for i in report.open_asks if i.asker.name == "Accountant X")
        assert accountant.requested_from == ("Business banker X",)


def test_the_ledger_credits_the_introducer_with_the_business_that_came_of_it(app, story):
    with app.app_context():
        rows = {r.name: r for r in organiser_ledger([db.session.get(Dinner, story.dinner_id)])}
    assert (rows["Home inspector X"].given, rows["Home inspector X"].business_given) == (1, 1)
    assert (rows["Realtor X"].received, rows["Realtor X"].business_received) == (1, 1)
    assert rows["Mortgage broker X"].business_received == 1
    assert rows["Accountant X"].business_given == 0


def test_the_ledger_adds_up_a_person_across_the_organisers_dinners(
    app, story, make_dinner, make_guest
):
    second = make_dinner(story.organiser)
    with app.app_context():
        realtor_email = db.session.get(Invitation, story.ids["Realtor"]).email
    make_guest(second, status="accepted", name="Realtor X", email=realtor_email.upper(), asks=["x"])
    with app.app_context():
        dinners = [db.session.get(Dinner, d) for d in (story.dinner_id, second)]
        rows = {r.email: r for r in organiser_ledger(dinners)}
    assert rows[realtor_email.lower()].dinners == 2
    assert rows[realtor_email.lower()].received == 1


def test_report_page_csv_and_pdf_for_the_owner_only(app, client, story, make_organiser, login):
    login(story.organiser)
    page = client.get(f"/dinners/{story.dinner_id}/report")
    assert page.status_code == 200
    counts = dict(re.findall(r'data-count="([^"]+)">(\d+)<', page.text))
    assert counts["Introductions made"] == "1" and counts["Business reported"] == "1"
    assert PROFILES[5][2][0] in page.text and 'id="ledger-chart"' in page.text
    csv = client.get(f"/dinners/{story.dinner_id}/report.csv")
    assert csv.mimetype == "text/csv" and csv.data.startswith(b"\xef\xbb\xbf")
    text = csv.data.decode("utf-8-sig")
    assert "Introductions made,1" in text and "Open ask,HR consultant X" in text
    assert "not for Business banker X" in text
    pdf = client.get(f"/dinners/{story.dinner_id}/report.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    ledger = client.get("/ledger")
    assert ledger.status_code == 200 and 'data-given="Home inspector X"' in ledger.text
    client.post("/auth/logout")
    login(make_organiser())
    for suffix in ("", ".csv", ".pdf"):
        assert client.get(f"/dinners/{story.dinner_id}/report{suffix}").status_code == 404
