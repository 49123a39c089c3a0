"""Invite thousands of guests in one pass: rows, tokens and mail inserted in bulk.

The invitation is rendered once per dinner with stand-ins for the guest's name and link, and
each guest's copy is filled in by substitution. The filled copy is checked against a full
rendering for the first and last guest; if the templates ever use the guest in another way
(a filter on the name, say) the check fails and every guest is rendered in full instead.
"""

import re
from types import SimpleNamespace

from markupsafe import escape
from sqlalchemy import insert

from planner.extensions import db
from planner.lifecycle.compose import compose_invitation
from planner.lifecycle.drafts import draft_ics, render_draft
from planner.lifecycle.kinds import Kind
from planner.lifecycle.tokens import Links, token_values
from planner.mail.outbox import outbox_values, queue_many
from planner.mail.render import RenderedEmail
from planner.models import AccessToken, Dinner, Invitation, RsvpStatus, TokenPurpose
from planner.models._types import utcnow

# Same length and alphabet as a real token, so calendar line folding lands in the same places.
TOKEN_STAND_IN = "TablewiseTokenStandIn".ljust(43, "X")
NAME_STAND_IN = "TablewiseNameStandIn7f3a"
# In the .ics a long line is folded ("\r\n "), possibly inside the stand-in.
_FOLD = "\r\n "
_FOLDED_TOKEN = re.compile(f"(?:{_FOLD})?".join(map(re.escape, TOKEN_STAND_IN)))


def insert_invitations(rows: list[dict]) -> list[Invitation]:
    """Insert invitation rows in one statement and return them as objects (not committed)."""
    if not rows:
        return []
    now = utcnow()
    values = [{"status": RsvpStatus.PENDING, "created_at": now, **row} for row in rows]
    return list(db.session.scalars(insert(Invitation).returning(Invitation), values))


def queue_invitations(dinner: Dinner, invitations: list[Invitation], base_url: str) -> None:
    """Mint each invitee's RSVP link and queue their invitation, in bulk (not committed)."""
    if not invitations:
        return
    now = utcnow()
    tokens: list[dict] = []
    rows: list[dict] = []
    fill = _filler(invitations, base_url)
    for invitation in invitations:
        token, token_row = token_values(invitation, TokenPurpose.RSVP, now)
        tokens.append(token_row)
        rows.append(_outbox_row(invitation, *fill(invitation, token)))
    db.session.execute(insert(AccessToken.__table__), tokens)
    queue_many(rows)


def _outbox_row(invitation: Invitation, email: RenderedEmail, ics: str | None, headers) -> dict:
    # headers: what render_draft decided for this kind of mail (Reply-To the organiser).
    return outbox_values(
        key=f"invitation:{invitation.id}",
        kind=Kind.INVITATION,
        to=invitation.email,
        email=email,
        dinner_id=invitation.dinner_id,
        invitation_id=invitation.id,
        headers=headers,
        ics=ics,
    )


def _filler(invitations: list[Invitation], base_url: str):
    template = _render(_stand_in(invitations[0]), TOKEN_STAND_IN, base_url)

    def fast(invitation: Invitation, token: str):
        return _fill(template, invitation, token)

    def full(invitation: Invitation, token: str):
        return _render(invitation, token, base_url)

    samples = {invitations[0].id: invitations[0], invitations[-1].id: invitations[-1]}
    probe = "P" * 43  # any token of the real length
    if all(fast(person, probe) == full(person, probe) for person in samples.values()):
        return fast
    return full


def _stand_in(invitation: Invitation) -> SimpleNamespace:
    # Everything as the first guest, but the name: that is filled in per guest.
    fields = {column.key: getattr(invitation, column.key) for column in Invitation.__mapper__.attrs}
    return SimpleNamespace(**{**fields, "name": NAME_STAND_IN})


def _render(person, token: str, base_url: str) -> tuple[RenderedEmail, str | None, dict]:
    links = Links(person, base_url, known={TokenPurpose.RSVP: token})
    draft = compose_invitation(person, links)
    email, headers = render_draft(person, draft, links)
    return email, draft_ics(person, draft), headers


def _fill(template, invitation: Invitation, token: str) -> tuple[RenderedEmail, str | None, dict]:
    email, ics, headers = template

    def text(value: str) -> str:
        return value.replace(NAME_STAND_IN, invitation.name).replace(TOKEN_STAND_IN, token)

    html = email.html.replace(NAME_STAND_IN, str(escape(invitation.name)))
    filled = RenderedEmail(
        text(email.subject), text(email.text), html.replace(TOKEN_STAND_IN, token)
    )
    return filled, _fill_folded(ics, token) if ics else None, headers


def _fill_folded(ics: str, token: str) -> str:
    """Put `token` where the stand-in is, keeping any fold inside it where it was."""

    def put(match: re.Match) -> str:
        pieces = match.group(0).split(_FOLD)
        out, start = [], 0
        for piece in pieces:
            out.append(token[start : start + len(piece)])
            start += len(piece)
        return _FOLD.join(out)

    return _FOLDED_TOKEN.sub(put, ics)
