"""Time from pressing "Seat tables" to the first progress and the chart, as the page sees it
through the JSON endpoint (embedded worker thread, SQLite).

Run from the worktree: `python scripts/bench_seating_page.py`.
"""

import sys
import tempfile
import time

sys.path.insert(0, ".")
from datetime import datetime, timedelta

from flask.testing import FlaskClient
from flask_migrate import upgrade

from planner import create_app
from planner.extensions import db
from planner.lifecycle.rsvp import record_response
from planner.models import Invitation, Organiser, SeatingJob
from planner.models._types import utcnow
from planner.services.accounts import register_organiser
from planner.services.dinners import DinnerDetails, create_dinner
from planner.services.profiles import ProfileData
from solver.search import warm_up
from tests.web.test_seating import PROFILES

warm_up()
tmp = tempfile.mkdtemp()
app = create_app(
    {
        "TESTING": True,
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite",
        "MAIL_FILE_DIR": tmp,
        "SOLVER_SECONDS": 5.0,
        "WTF_CSRF_ENABLED": False,
        "MAIL_DELIVERY": "worker",
        "RATELIMIT_ENABLED": False,
    }
)
with app.app_context():
    upgrade()
    register_organiser("Olive", "o@example.com", "correct horse battery", verified=True)
    db.session.commit()
for size in (40, 120, 200):
    with app.app_context():
        organiser = db.session.scalar(db.select(Organiser))
        start = datetime.now() + timedelta(days=20)
        dinner = create_dinner(
            organiser,
            DinnerDetails(
                title=f"D{size}",
                starts_at_local=start,
                timezone="Europe/London",
                venue="V",
                min_table_size=6,
                max_table_size=10,
                rsvp_deadline_local=start - timedelta(days=3),
            ),
        )
        db.session.flush()
        for n in range(size):
            role, industry, asks, intro = PROFILES[n % len(PROFILES)]
            inv = Invitation(
                dinner_id=dinner.id, name=f"{role} {n}", email=f"g{size}-{n}@example.com"
            )
            db.session.add(inv)
            db.session.flush()
            record_response(
                inv,
                True,
                ProfileData.from_values(
                    {
                        "name": inv.name,
                        "role": role,
                        "industry": industry,
                        "does": f"I work as a {role.lower()}.",
                        "asks": asks,
                        "can_introduce": intro,
                    }
                ),
                utcnow(),
            )
        db.session.commit()
        dinner_id = dinner.id
    client = FlaskClient(app, app.response_class, use_cookies=True)
    client.post("/auth/login", data={"email": "o@example.com", "password": "correct horse battery"})
    t0 = time.perf_counter()
    client.post(f"/dinners/{dinner_id}/seat")
    returned = time.perf_counter() - t0
    with app.app_context():
        job_id = db.session.scalar(
            db.select(SeatingJob.id).where(SeatingJob.dinner_id == dinner_id)
        )
    first = first_score = None
    while True:
        s = client.get(f"/dinners/{dinner_id}/seating/jobs/{job_id}").get_json()
        now = time.perf_counter() - t0
        if first is None and s["progress"] > 0:
            first = now
        if first_score is None and s["best_score"] is not None:
            first_score = now
        if s["status"] in ("done", "failed"):
            break
        time.sleep(0.02)
    cells = [f"{returned * 1000:.0f} ms", f"{first:.2f} s", f"{first_score:.2f} s", f"{now:.1f} s"]
    print(f"| {size} | " + " | ".join(cells) + f" | {s['status']} |", flush=True)
