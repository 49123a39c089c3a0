"""Factory fixtures: each returns a callable that builds rows in their own app context and
returns plain references (ids, tokens), so no ORM object outlives its session."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from planner.extensions import db
from planner.lifecycle.rsvp import record_response
from planner.lifecycle.tokens import issue_token
from planner.models import Invitation, Organiser, RsvpStatus, TokenPurpose
from planner.models._types import utcnow
from planner.services.accounts import register_organiser
from planner.services.dinners import DinnerDetails, create_dinner
from planner.services.profiles import ProfileData


@dataclass(frozen=True)
class OrganiserRef:
    id: int
    email: str
    password: str


@dataclass(frozen=True)
class GuestRef:
    id: int
    email: str
    token: str


def _in_future(days: int, hour: int = 19) -> datetime:
    moment = datetime.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def make_organiser(app):
    counter = iter(range(1, 10_000))

    def make(
        name: str = "Olive Organiser",
        password: str = "correct horse battery",
        verified: bool = True,
    ) -> OrganiserRef:
        email = f"organiser{next(counter)}@example.com"
        with app.app_context():
            organiser = register_organiser(name, email, password, verified=verified)
            db.session.commit()
            return OrganiserRef(organiser.id, email, password)

    return make


@pytest.fixture
def make_dinner(app):
    def make(organiser: OrganiserRef, **overrides) -> int:
        values = {
            "title": "Founders' Dinner",
            "starts_at_local": _in_future(14),
            "timezone": "Europe/London",
            "venue": "The Old Mill",
            "min_table_size": 6,
            "max_table_size": 10,
            "rsvp_deadline_local": _in_future(10),
        }
        values.update(overrides)
        with app.app_context():
            owner = db.session.get(Organiser, organiser.id)
            dinner = create_dinner(owner, DinnerDetails(**values))
            db.session.commit()
            return dinner.id

    return make


@pytest.fixture
def make_guest(app):
    """Add an invitee directly (no invitation mail); accepted guests get a profile."""
    counter = iter(range(1, 100_000))

    def make(dinner_id: int, status: str = "pending", **profile) -> GuestRef:
        n = next(counter)
        with app.app_context():
            invitation = Invitation(
                dinner_id=dinner_id,
                name=profile.get("name", f"Guest {n}"),
                email=profile.pop("email", f"guest{n}@example.com"),
            )
            db.session.add(invitation)
            db.session.flush()
            token = issue_token(invitation, TokenPurpose.RSVP)
            if status != "pending":
                record_response(
                    invitation, status == "accepted", _profile(invitation.name, profile), utcnow()
                )
            db.session.commit()
            assert invitation.status == RsvpStatus(status)
            return GuestRef(invitation.id, invitation.email, token)

    return make


def _profile(name: str, fields: dict) -> ProfileData:
    return ProfileData.from_values({"name": name, **fields})


@pytest.fixture
def login(client):
    """Log the test client in as an organiser."""

    def do(organiser: OrganiserRef):
        response = client.post(
            "/auth/login", data={"email": organiser.email, "password": organiser.password}
        )
        assert response.status_code == 302, response.text
        return response

    return do


@pytest.fixture
def hold_dinner(app):
    """Seat the given guests (one list per table) and mark the dinner held: the state in
    which guests' action links work."""

    def hold(dinner_id: int, *tables: list) -> None:
        from planner.models import Dinner, Seat, SeatedTable, SeatingPlan

        with app.app_context():
            dinner = db.session.get(Dinner, dinner_id)
            plan = SeatingPlan(dinner=dinner, status="OPTIMAL", objective=0.0, solve_seconds=0.0)
            plan.tables = [
                SeatedTable(
                    number=n,
                    score=0.0,
                    seats=[Seat(invitation_id=getattr(guest, "id", guest)) for guest in guests],
                )
                for n, guests in enumerate(tables, start=1)
            ]
            dinner.held_at = dinner.starts_at
            db.session.add(plan)
            db.session.commit()

    return hold
