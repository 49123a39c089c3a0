"""Load a demo dinner so a fresh install has something real to look at."""

import json
from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files

from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.invitations import invite_guests
from planner.lifecycle.rsvp import record_response
from planner.mail.sender import deliver_due
from planner.models import Organiser
from planner.models._types import utcnow
from planner.services.accounts import register_organiser
from planner.services.dinners import DinnerDetails, create_dinner
from planner.services.guests import Guest
from planner.services.profiles import ProfileData
from planner.settings import Settings

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-dinner-2026"
ACCEPTING = 40  # the first 40 guests in people.json accept; the last 8 have not answered

# Invented but realistic guests: name, company, role, industry (taxonomy key), what they do,
# whom they serve, their asks and whom they can introduce.
PEOPLE: list[dict] = json.loads(files("planner.demo").joinpath("people.json").read_text("utf-8"))


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str


def load_demo(settings: Settings, reset: bool = False) -> DemoLogin:
    """Create the demo organiser and dinner unless they exist; return the login."""
    existing = db.session.scalar(select(Organiser).where(Organiser.email == DEMO_EMAIL))
    if existing is not None and not reset:
        return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    organiser = register_organiser("Demo Organiser", DEMO_EMAIL, DEMO_PASSWORD, verified=True)
    dinner = create_dinner(organiser, _demo_details())
    db.session.flush()
    guests = [Guest(p["name"], _email(p["name"])) for p in PEOPLE]
    result = invite_guests(dinner, guests, settings.public_base_url)
    now = utcnow()
    for invitation, person in zip(result.invited[:ACCEPTING], PEOPLE, strict=False):
        record_response(invitation, True, _profile(person), now)
    db.session.commit()
    deliver_due(settings)
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD)


def _demo_details() -> DinnerDetails:
    start = (utcnow() + timedelta(days=14)).replace(hour=19, minute=0, second=0, microsecond=0)
    return DinnerDetails(
        title="Harbourside Business Owners' Dinner",
        starts_at_local=start,
        timezone="Europe/London",
        venue="Trattoria Bianchi, 12 Quay Street",
        min_table_size=6,
        max_table_size=10,
        rsvp_deadline_local=start - timedelta(days=4),
    )


def _email(name: str) -> str:
    local = name.lower().replace(" ", ".").replace("'", "")
    return f"{local}@example.com"


def _profile(person: dict) -> ProfileData:
    return ProfileData.from_values({**person, "can_introduce": "\n".join(person["can_introduce"])})
