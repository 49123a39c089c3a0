"""Closed business: the outcome check asks whether an introduction led to business and
roughly how much; the answer is recorded from the page its link opens."""

import re

from planner.extensions import db
from planner.lifecycle.follow_up import seated_dinner
from planner.lifecycle.introductions import answer_introduction, offer_introduction
from planner.lifecycle.scheduler import tick, timing
from planner.models import Dinner, Outcome, OutcomeKind
from planner.models._types import utcnow
from tests.helpers import base_url, settings
from tests.web.test_seating import _seed


def test_the_outcome_check_asks_about_business_from_an_introduction(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 8)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    client.post(f"/dinners/{dinner_id}/held")
    with app.app_context():
        seated = seated_dinner(db.session.get(Dinner, dinner_id))
        introducer, seeker, target = seated.seated[:3]
        now = utcnow()
        offered = offer_introduction(introducer, seeker, target, "", now, base_url())
        answer_introduction(offered.intro, target, True, now, base_url())
        answer_introduction(offered.intro, seeker, True, now, base_url())
        db.session.commit()
        seeker_email, target_name, intro_id = seeker.email, target.name, offered.intro.id
        tick(timing(db.session.get(Dinner, dinner_id)).outcome_check, settings())
    (check,) = [m for m in smtp.to(seeker_email) if "did anything come of it" in m["Subject"]]
    text = check.get_body(("plain",)).get_content()
    assert f"{target_name}, introduced by" in text
    (link,) = re.findall(rf"http://tablewise\.test(\S+intro={intro_id})", text)
    page = client.get(link)
    assert page.status_code == 200 and 'id="yes"' in page.text and "Over 50,000" in page.text
    assert client.post(link, data={"yes": "y", "band": "10k-50k"}).status_code == 302
    assert 'id="recorded"' in client.get(link).text
    assert client.post(link, data={"yes": "y", "band": "gt50k"}).status_code == 302  # corrected
    with app.app_context():
        (outcome,) = db.session.scalars(
            db.select(Outcome).where(Outcome.kind == OutcomeKind.BUSINESS)
        ).all()
        assert (outcome.amount_band, outcome.introduction_id) == ("gt50k", intro_id)
    assert client.post(link, data={"no": "n"}).status_code == 302
    with app.app_context():
        kinds = db.session.scalars(db.select(Outcome.kind)).all()
        assert kinds == [OutcomeKind.NO_BUSINESS]
    foreign = re.sub(r"/business/\d+", f"/business/{_someone_else(app, dinner_id)}", link)
    assert client.get(foreign).status_code == 404  # not the pair that introduction joined
    assert client.post(link, data={"yes": "y", "band": "a lot"}).status_code == 200  # refused


def _someone_else(app, dinner_id) -> int:
    with app.app_context():
        return seated_dinner(db.session.get(Dinner, dinner_id)).seated[3].id
