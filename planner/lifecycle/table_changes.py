"""Tell guests whose table changed after they were told their table number."""

from planner.lifecycle.compose import course_name
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.tokens import Links
from planner.models import Dinner, Invitation
from planner.services.plan_versions import changed_guests


def compose_table_change(invitation: Invitation, tables: list[dict]) -> Draft:
    """Draft the note of a guest's new table, one line per course."""
    return Draft(
        Kind.TABLE_CHANGE,
        f"Seating update for {invitation.dinner.title}: your new table",
        {"tables": tables, "courses": len(tables) > 1},
    )


def guest_tables(snapshot: list[dict], invitation_id: int) -> list[dict]:
    """Return the guest's table in each course of a seating snapshot, course order."""
    found = [
        {
            "course": course_name(t["course"]),
            "number": t["number"],
            "name": t.get("name", ""),
        }
        for t in sorted(snapshot, key=lambda t: t["course"])
        if any(int(gid) == invitation_id for gid, _ in t["guests"])
    ]
    return found


def mail_table_changes(
    dinner: Dinner, before: list[dict], after: list[dict], base_url: str, revision: int
) -> list[Invitation]:
    """Queue a table_change mail to every guest whose table changed (not committed)."""
    people = {i.id: i for i in dinner.accepted}
    told = []
    for invitation_id in sorted(changed_guests(before, after)):
        invitation = people.get(invitation_id)
        if invitation is None:
            continue
        draft = compose_table_change(invitation, guest_tables(after, invitation_id))
        key = f"table_change:{dinner.id}:{invitation_id}:{revision}"
        queue_draft(invitation, draft, key=key, links=Links(invitation, base_url))
        told.append(invitation)
    return told
