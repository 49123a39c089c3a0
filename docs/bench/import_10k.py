"""Time guest invitations end to end: the bulk path against the one-by-one path it replaced,
side by side in one run, then 10,000 guests through the service and through the web form.

Run from the worktree: `PYTHONPATH=. python docs/bench/import_10k.py` (SQLite in a temp dir,
or DATABASE_URL). Mail is only queued (MAIL_DELIVERY=worker), as in production.
"""

import os
import tempfile
import time
from datetime import datetime, timedelta

from planner import create_app
from planner.extensions import db
from planner.lifecycle.compose import compose_invitation
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.invitations import invite_guests
from planner.lifecycle.tokens import Links
from planner.models import Dinner, Invitation, Organiser
from planner.services.accounts import register_organiser
from planner.services.dinners import DinnerDetails, create_dinner
from planner.services.guests import import_guests

BASE = "http://tablewise.test"
PASSWORD = "correct horse 1"


def one_by_one(dinner: Dinner, guests) -> None:
    """The invitation loop before the bulk path: a flush and a rendering per guest."""
    for guest in guests:
        invitation = Invitation(dinner=dinner, name=guest.name, email=guest.email)
        db.session.add(invitation)
        db.session.flush()
        links = Links(invitation, BASE)
        key = f"invitation:{invitation.id}"
        queue_draft(invitation, compose_invitation(invitation, links), key=key, links=links)


def bulk(dinner: Dinner, guests) -> None:
    """The current path."""
    invite_guests(dinner, guests, BASE)


def pasted(count: int) -> str:
    return "\n".join(f"Guest Number{n} <guest{n}@example.com>" for n in range(count))


def new_dinner(organiser_id: int) -> Dinner:
    start = datetime.now() + timedelta(days=30)
    details = DinnerDetails("Big", start, "Europe/London", "Hall", 6, 10, start - timedelta(3))
    dinner = create_dinner(db.session.get(Organiser, organiser_id), details)
    db.session.commit()
    return dinner


def timed(invite, organiser_id: int, count: int) -> float:
    """Return the seconds to parse `count` pasted guests, invite them and commit."""
    dinner = new_dinner(organiser_id)
    started = time.perf_counter()
    invite(dinner, import_guests(pasted(count)))
    db.session.commit()
    return time.perf_counter() - started


def main() -> None:
    """Print the timings."""
    folder = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "MAIL_DELIVERY": "worker",
         "MAIL_FILE_DIR": folder, "PUBLIC_BASE_URL": BASE, "WTF_CSRF_ENABLED": False}
    )  # fmt: skip
    with app.app_context():
        db.drop_all()
        db.create_all()
        organiser = register_organiser("Bench", "bench@example.com", PASSWORD)
        db.session.commit()
        organiser_id = organiser.id
        print(f"database: {db.engine.dialect.name}", flush=True)
        for count in (500, 1000, 2000):
            old = timed(one_by_one, organiser_id, count)
            new = timed(bulk, organiser_id, count)
            print(
                f"{count:>6} guests: one by one {old:6.2f}s | bulk {new:5.2f}s ({old / new:.0f}x)"
            )
        print(f" 10000 guests: bulk through the service {timed(bulk, organiser_id, 10_000):.2f}s")
        dinner_id = new_dinner(organiser_id).id
    client = app.test_client()
    client.post("/auth/login", data={"email": "bench@example.com", "password": PASSWORD})
    started = time.perf_counter()
    response = client.post(f"/dinners/{dinner_id}/invite", data={"pasted": pasted(10_000)})
    elapsed = time.perf_counter() - started
    with app.app_context():
        invited = db.session.scalar(
            db.select(db.func.count(Invitation.id)).where(Invitation.dinner_id == dinner_id)
        )
        print(f" 10000 guests: POST /invite (paste) {elapsed:.2f}s -> {response.status_code}, "
              f"{invited} invited")  # fmt: skip
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
