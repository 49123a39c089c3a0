"""Fixtures for lifecycle tests: a dinner whose guests introduced each other and did business."""

from dataclasses import dataclass

import pytest

from planner.extensions import db
from planner.lifecycle.introductions import answer_introduction, offer_introduction
from planner.lifecycle.outcomes import record_business, record_outcome
from planner.models import Invitation, OutcomeKind
from planner.models._types import utcnow
from tests.helpers import base_url
from tests.web.test_seating import PROFILES


@dataclass(frozen=True)
class Story:
    organiser: object
    dinner_id: int
    ids: dict[str, int]  # role -> invitation id


@pytest.fixture
def story(app, smtp, make_organiser, make_dinner, make_guest) -> Story:
    """Six guests: the inspector introduces the realtor to the broker (both say yes, both
    report business, one with an amount); an introduction to the banker is declined; the
    accountant asks the banker for one; the banker says "not for me" to the HR consultant."""
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    ids = {}
    for role, _, asks, intro in PROFILES[:6]:
        guest = make_guest(
            dinner_id,
            status="accepted",
            name=f"{role} X",
            role=role,
            asks=asks,
            can_introduce=intro,
        )
        ids[role] = guest.id
    with app.app_context():
        get = {role: db.session.get(Invitation, i) for role, i in ids.items()}
        now, url = utcnow(), base_url()
        realtor, broker = get["Realtor"], get["Mortgage broker"]
        made = offer_introduction(
            get["Home inspector"], realtor, broker, PROFILES[0][2][0], now, url
        )
        answer_introduction(made.intro, broker, True, now, url)
        answer_introduction(made.intro, realtor, True, now, url)
        declined = offer_introduction(
            get["Home inspector"], get["Accountant"], get["Business banker"], "", now, url
        )
        answer_introduction(declined.intro, get["Business banker"], False, now, url)
        record_business(realtor, broker, made.intro, True, "1k-10k", now)
        record_business(broker, realtor, made.intro, True, "", now)
        record_outcome(
            get["Accountant"],
            get["Business banker"],
            OutcomeKind.INTRO_REQUESTED,
            PROFILES[3][2][0],
            now,
        )
        record_outcome(
            get["Business banker"],
            get["HR consultant"],
            OutcomeKind.NOT_FOR_ME,
            PROFILES[5][2][0],
            now,
        )
        record_outcome(realtor, broker, OutcomeKind.BOOKED, "", now)
        record_outcome(broker, realtor, OutcomeKind.BOOKED, "", now)
        record_outcome(get["Accountant"], realtor, OutcomeKind.NOT_A_FIT, "", now)
        db.session.commit()
    return Story(organiser, dinner_id, ids)
