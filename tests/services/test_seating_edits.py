"""The optimistic check lives in the UPDATE itself: a save racing another one is refused."""

import pytest
from sqlalchemy import update

from planner.extensions import db
from planner.models import Dinner, SeatingPlan
from planner.services.seating import StalePlan
from planner.services.seating_edits import preview_move, save_edit
from tests.web.seating_helpers import seated


def test_a_save_racing_a_committed_one_is_refused_by_the_update(app, chart):
    tables = seated(app, chart)
    with app.app_context():
        dinner = db.session.get(Dinner, chart)
        version = dinner.seating_plan.version
        preview = preview_move(dinner, 1, tables[1][0], 2)
        # Another tab saves between our read and our write (its own connection, committed).
        with db.engine.begin() as other_tab:
            other_tab.execute(
                update(SeatingPlan)
                .where(SeatingPlan.dinner_id == chart)
                .values(version=version + 1)
            )
        assert dinner.seating_plan.version == version  # what this request read
        with pytest.raises(StalePlan, match="Someone else changed this seating"):
            save_edit(dinner, preview, version, "Olive")
        db.session.rollback()
    assert seated(app, chart) == tables
