"""Turn a draft into mail for one invitee: render it (or preview it) and queue it."""

from collections.abc import Callable
from datetime import datetime
from email.utils import formataddr

from planner.lifecycle.kinds import Draft
from planner.lifecycle.registry import spec
from planner.lifecycle.tokens import Links
from planner.mail.calendar import dinner_ics
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail, render_email
from planner.models import Dinner, Invitation, OutboxMessage, TokenPurpose
from planner.models._types import utcnow


def render_draft(invitation: Invitation, draft: Draft, links: Links):
    """Return the rendered email and extra headers for `draft` addressed to `invitation`."""
    context = dict(draft.context)
    headers = {"Reply-To": organiser_address(invitation.dinner)}
    if spec(draft.kind).optional:
        url = links.unsubscribe()
        # RFC 8058: mail clients may POST to this URL with no further interaction.
        headers |= {
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


def queue_composed(
    invitation: Invitation,
    compose: Callable[[Invitation, Links], Draft],
    key: str,
    base_url: str,
    rsvp_token: str | None = None,
) -> OutboxMessage:
    """Compose a draft for `invitation` with working links and queue it (not committed).

    `rsvp_token`: the RSVP link the guest is using right now, repeated rather than replaced.
    """
    known = {TokenPurpose.RSVP: rsvp_token} if rsvp_token else None
    links = Links(invitation, base_url, known=known)
    return queue_draft(invitation, compose(invitation, links), key=key, links=links)


def organiser_address(dinner: Dinner) -> str:
    """Return the organiser as a Reply-To address: guests' replies reach them, not the sender."""
    return formataddr((dinner.organiser.name, dinner.organiser.email))


def _calendar(dinner: Dinner, draft: Draft, kind) -> str:
    # Every .ics carries the dinner's current SEQUENCE, so a late invitation after an update
    # is not older than the update its calendar already holds; changed versions get a new stamp.
    stamp = utcnow() if dinner.ics_sequence else None
    return dinner_ics(
        dinner, draft.context["link"], dinner.ics_sequence, kind.ics_method, stamp=stamp
    )


def draft_ics(invitation: Invitation, draft: Draft) -> str | None:
    """Return the .ics to attach to `draft`, if its kind has one (the dinner's current version)."""
    kind = spec(draft.kind)
    return _calendar(invitation.dinner, draft, kind) if kind.with_ics(draft) else None


def preview_email(invitation: Invitation, draft: Draft, base_url: str) -> RenderedEmail:
    """Render `draft` for the organiser's preview, with links that open nothing."""
    return render_draft(invitation, draft, Links(invitation, base_url, preview=True))[0]
