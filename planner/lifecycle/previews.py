"""Render any previewable lifecycle email of a dinner for the organiser, changing nothing."""

from dataclasses import dataclass

from planner.lifecycle.drafts import preview_email
from planner.lifecycle.follow_up import seated_dinner
from planner.lifecycle.registry import ComposeContext, previewable_kinds, spec
from planner.lifecycle.tokens import Links
from planner.mail.render import RenderedEmail
from planner.models import Dinner, Invitation


@dataclass(frozen=True)
class Preview:
    recipient: Invitation | None
    email: RenderedEmail | None
    note: str = ""


def preview_labels() -> dict[str, str]:
    """Return the previewable kinds and their labels, in lifecycle order."""
    return {kind.kind.value: kind.label for kind in previewable_kinds()}


def preview(dinner: Dinner, kind_name: str, base_url: str) -> Preview:
    """Return a kind of mail as one real guest would get it, or why there is nothing yet."""
    kind = spec(kind_name)
    seated = seated_dinner(dinner)
    if kind.after_dinner:
        if seated is None or not seated.seated:
            return Preview(None, None, "Follow-ups can be previewed once tables are seated.")
        person = seated.seated[0]
    else:
        people = dinner.accepted or dinner.invitations
        if not people:
            return Preview(None, None, "Invite a guest first: previews use a real guest's details.")
        person = people[0]
    links = Links(person, base_url, preview=True)
    draft = kind.compose(person, ComposeContext(dinner, links, seated))
    if draft is None:
        return Preview(person, None, f"{person.name} would not get this email: nothing to say.")
    return Preview(person, preview_email(person, draft, base_url))
