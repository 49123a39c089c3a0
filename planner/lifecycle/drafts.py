"""Turn a draft into mail for one invitee: render it (or preview it) and queue it."""

from datetime import datetime

from planner.lifecycle.kinds import Draft
from planner.lifecycle.registry import spec
from planner.lifecycle.tokens import Links
from planner.mail.calendar import dinner_ics
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail, render_email
from planner.models import Invitation, OutboxMessage


def render_draft(invitation: Invitation, draft: Draft, links: Links):
    """Return the rendered email and extra headers for `draft` addressed to `invitation`."""
    context = dict(draft.context)
    headers = None
    if spec(draft.kind).optional:
        url = links.unsubscribe()
        # RFC 8058: mail clients may POST to this URL with no further interaction.
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        context["unsubscribe_url"] = url
    email = render_email(
        draft.kind,
        subject=draft.subject,
        dinner=invitation.dinner,
        person=invitation,
        links=links,
        **context,
    )
    return email, headers


def queue_draft(
    invitation: Invitation, draft: Draft, key: str, links: Links, due_at: datetime | None = None
) -> OutboxMessage:
    """Render `draft` with working links and put it in the outbox (not committed)."""
    email, headers = render_draft(invitation, draft, links)
    kind = spec(draft.kind)
    ics = draft_ics(invitation, draft)
    return queue_email(
        key=key,
        kind=draft.kind,
        to=invitation.email,
        email=email,
        dinner_id=invitation.dinner_id,
        invitation_id=invitation.id,
        headers=headers,
        due_at=due_at,
        ics=ics,
        optional=kind.optional,
    )


def draft_ics(invitation, draft: Draft) -> str | None:
    """Return the .ics to attach to `draft`, if its kind has one."""
    if not spec(draft.kind).with_ics(draft):
        return None
    return dinner_ics(invitation.dinner, draft.context["link"])


def preview_email(invitation: Invitation, draft: Draft, base_url: str) -> RenderedEmail:
    """Render `draft` for the organiser's preview, with links that open nothing."""
    return render_draft(invitation, draft, Links(invitation, base_url, preview=True))[0]
