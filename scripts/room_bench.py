"""Time the printables for the room on a 200-guest dinner: loading the plan, then each render.

Seeds a throwaway SQLite database with demo profiles (cycled, names made unique) seated at
random in tables of 10 (the solver is not what is measured here), then times `room_plan`
(the database reads, the referral model and the per-table answers) and each printable.

    .venv/bin/python scripts/room_bench.py --guests 200 --rounds 3
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner import create_app  # noqa: E402
from planner.demo import PEOPLE  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.models import (  # noqa: E402
    Dinner,
    Invitation,
    Profile,
    RsvpStatus,
    Seat,
    SeatedTable,
    SeatingPlan,
)
from planner.printables import door_list, host_cards, place_cards, seating_csv, table_tents  # noqa: E402
from planner.services.accounts import register_organiser  # noqa: E402
from planner.services.dinners import DinnerDetails, create_dinner  # noqa: E402
from planner.services.profiles import ProfileData  # noqa: E402
from planner.services.room import room_plan  # noqa: E402

RENDERERS = {
    "door list": door_list,
    "place cards": place_cards,
    "table tents": table_tents,
    "host cards": host_cards,
}


def seed(guests: int, per_table: int) -> int:
    """Create a dinner with `guests` accepted guests seated at random; return its id."""
    organiser = register_organiser("Bench", "bench@example.com", "bench-password-1", verified=True)
    start = (datetime.now() + timedelta(days=14)).replace(hour=19, minute=0, second=0)
    details = DinnerDetails("Bench dinner", start, "Europe/London", "Hall", 6, 10, start)
    dinner = create_dinner(organiser, details)
    db.session.flush()
    invitations = []
    for number in range(guests):
        person = PEOPLE[number % len(PEOPLE)]
        name = f"{person['name']} {number}"
        invitation = Invitation(dinner=dinner, name=name, email=f"g{number}@example.com")
        invitation.status = RsvpStatus.ACCEPTED
        fields = {**person, "name": name, "can_introduce": "\n".join(person["can_introduce"])}
        invitation.profile = Profile()
        ProfileData.from_values(fields).write_to(invitation.profile)
        invitations.append(invitation)
    random.Random(0).shuffle(invitations)
    plan = SeatingPlan(dinner=dinner, status="feasible", objective=0.0, solve_seconds=0.0)
    for start_at in range(0, guests, per_table):
        table = SeatedTable(number=start_at // per_table + 1, score=0.0, reasons=[])
        table.seats = [Seat(invitation=inv) for inv in invitations[start_at : start_at + per_table]]
        plan.tables.append(table)
    db.session.add(plan)
    db.session.commit()
    return dinner.id


def timed(action):
    """Return (seconds, result) of one call."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    """Seed, measure in rounds, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context():
            db.create_all()
            dinner_id = seed(args.guests, 10)
            statements = []
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
            times: dict[str, list[float]] = {}
            for _ in range(args.rounds):
                db.session.expire_all()  # each round reads from the database again
                statements.clear()
                seconds, plan = timed(lambda: room_plan(db.session.get(Dinner, dinner_id)))
                times.setdefault("room_plan (load + model)", []).append(seconds)
                queries = len(statements)
                db.session.rollback()
                for label, render in RENDERERS.items():
                    times.setdefault(label, []).append(
                        timed(lambda r=render, p=plan: r(p, "A4"))[0]
                    )
                times.setdefault("seating CSV", []).append(timed(lambda p=plan: seating_csv(p))[0])
    print(f"{args.guests} guests in tables of 10, {args.rounds} rounds, median seconds:")
    for label, values in times.items():
        print(f"  {label:28s} {statistics.median(values):6.2f}")
    print(f"  SQL statements in room_plan: {queries}")


if __name__ == "__main__":
    main()
