"""Personal link tokens: 256-bit, minted per message, stored only as SHA-256 hashes.

Lifetimes (decided once, documented in docs/architecture.md "Personal links"):
- RSVP links open the RSVP page, and the guest's data page, until `rsvp_days` after the
  dinner ends; a guest has one live RSVP link: minting a new one revokes the older ones.
- Action and unsubscribe links are minted per follow-up message, which can go out weeks after
  the dinner, so they live `action_days` / `unsubscribe_days` after the later of the
  dinner's end and the moment they were minted.
- Removing a guest, or the guest deleting their data, revokes every link (`revoke_tokens`).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import joinedload

from planner.errors import LinkNotUsable
from planner.extensions import db
from planner.lifecycle.links import Urls
from planner.models import AccessToken, Invitation, TokenPurpose
from planner.models._types import utcnow

PREVIEW_TOKEN = "preview-token"
# What a guest is told when their link does not open the page, in their words.
UNKNOWN_LINK = (
    "This link is not one we know. It may have been copied incompletely from the email: "
    "try opening it from the email again."
)
EXPIRED_LINK = "This link has expired."
REPLACED_LINK = (
    "We have sent you a newer link for this dinner: please use the one in the most recent email."
)
WITHDRAWN_LINK = "This link no longer works: the invitation it belonged to was withdrawn."


@dataclass(frozen=True)
class TokenLifetimes:
    """How many days after the dinner (or after minting, if later) each kind of link works."""

    rsvp_days: int = 30
    action_days: int = 90
    unsubscribe_days: int = 365

    def expiry(self, invitation: Invitation, purpose: TokenPurpose, now: datetime) -> datetime:
        """Return when a `purpose` link minted at `now` for `invitation` stops working."""
        end = invitation.dinner.ends_at
        if purpose == TokenPurpose.RSVP:
            return end + timedelta(days=self.rsvp_days)
        days = self.action_days if purpose == TokenPurpose.ACTIONS else self.unsubscribe_days
        return max(end, now) + timedelta(days=days)


# Set from the app's config by `configure_lifetimes` when the app is built (one per process).
_lifetimes = TokenLifetimes()


def configure_lifetimes(lifetimes: TokenLifetimes) -> None:
    """Use `lifetimes` for every token minted from now on in this process."""
    global _lifetimes
    _lifetimes = lifetimes


def new_token() -> tuple[str, str]:
    """Return a fresh 256-bit URL-safe token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(invitation: Invitation, purpose: TokenPurpose, now: datetime | None = None) -> str:
    """Mint a token acting for `invitation` (not committed) and return it.

    A new RSVP link replaces the older ones: only the newest one sent keeps working.
    """
    now = now or utcnow()
    if purpose == TokenPurpose.RSVP and invitation.id is not None:
        revoke_tokens(invitation, now, TokenPurpose.RSVP)
    token, values = token_values(invitation, purpose, now)
    values.pop("invitation_id")
    db.session.add(AccessToken(invitation=invitation, **values))
    return token


def token_values(invitation: Invitation, purpose: TokenPurpose, now: datetime) -> tuple[str, dict]:
    """Return a fresh token and the column values of its row, for a bulk insert."""
    token, token_hash = new_token()
    return token, {
        "token_hash": token_hash,
        "invitation_id": invitation.id,
        "purpose": purpose,
        "created_at": now,
        "expires_at": _lifetimes.expiry(invitation, purpose, now),
    }


def revoke_tokens(
    invitation: Invitation, now: datetime, purpose: TokenPurpose | None = None
) -> int:
    """Stop every live link of `invitation` (of one `purpose`, or all); return how many."""
    query = update(AccessToken).where(
        AccessToken.invitation_id == invitation.id, AccessToken.revoked_at.is_(None)
    )
    if purpose is not None:
        query = query.where(AccessToken.purpose == purpose)
    result = db.session.execute(
        query.values(revoked_at=now).execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def holder(
    token: str, purpose: TokenPurpose, now: datetime, with_profile: bool = False
) -> Invitation:
    """Return the invitation a `purpose` token acts for, with its dinner (and its profile).

    LinkNotUsable (a NotFound) always: without the organiser for a token that never existed;
    with them for one that was replaced, revoked or has expired, so the guest learns whom to ask.
    """
    # Equality on a SHA-256 digest leaks nothing useful about the token itself.
    row = db.session.scalar(
        _token_query(with_profile), {"token_hash": hash_token(token), "purpose": purpose}
    )
    if row is None:
        raise LinkNotUsable(UNKNOWN_LINK)
    if not row.usable(now):
        raise _not_usable(row)
    return row.invitation


@cache
def _token_query(with_profile: bool) -> Select:
    """Build the link lookup once: building it anew took a third of the RSVP page's lookup."""
    # Every page behind a link shows the invitation and its dinner: one round trip for all.
    invitation = joinedload(AccessToken.invitation)
    load = [invitation.joinedload(Invitation.dinner)]
    if with_profile:  # its sentence vectors are deferred: no page behind a link shows them
        load.append(invitation.joinedload(Invitation.profile))
    return (
        select(AccessToken)
        .where(
            AccessToken.token_hash == bindparam("token_hash"),
            AccessToken.purpose == bindparam("purpose"),
        )
        .options(*load)
    )


def _not_usable(row: AccessToken) -> LinkNotUsable:
    invitation = row.invitation
    organiser = invitation.dinner.organiser
    if row.revoked_at is None:
        reason = EXPIRED_LINK
    elif invitation.deleted_at is None and row.purpose == TokenPurpose.RSVP and _has_newer(row):
        reason = REPLACED_LINK
    else:
        reason = WITHDRAWN_LINK
    return LinkNotUsable(reason, organiser.name, organiser.email)


def _has_newer(row: AccessToken) -> bool:
    return (
        db.session.scalar(
            select(AccessToken.id).where(
                AccessToken.invitation_id == row.invitation_id,
                AccessToken.purpose == row.purpose,
                AccessToken.id > row.id,
            )
        )
        is not None
    )


class Links:
    """Absolute personal links for one recipient's message, one token per purpose.

    `known` holds tokens the recipient already has and is using (e.g. the RSVP link they
    just answered through): reused rather than minted, so a confirmation does not replace
    the link the guest has open.
    """

    def __init__(
        self,
        invitation: Invitation,
        base_url: str,
        preview: bool = False,
        known: dict[TokenPurpose, str] | None = None,
    ):
        self.invitation = invitation
        self.urls = Urls(base_url)
        self.preview = preview  # previews show links but mint no working tokens
        self._tokens: dict[TokenPurpose, str] = dict(known or {})

    def token(self, purpose: TokenPurpose) -> str:
        """Return this message's token for `purpose`, minting (not committing) it once."""
        if purpose not in self._tokens:
            self._tokens[purpose] = (
                PREVIEW_TOKEN if self.preview else issue_token(self.invitation, purpose)
            )
        return self._tokens[purpose]

    def rsvp(self) -> str:
        """Return a working link to the recipient's RSVP and profile page."""
        return self.urls.rsvp(self.token(TokenPurpose.RSVP))

    def outcome(self, kind: str, other: Invitation, ask: str = "") -> str:
        """Return the link to a one-click outcome page about `other` (and their ask)."""
        return self.urls.outcome(self.token(TokenPurpose.ACTIONS), kind, other.id, ask)

    def offer(self, seeker: Invitation, target: Invitation, ask: str) -> str:
        """Return the link to offer introducing `seeker` to `target` for `ask`."""
        return self.urls.offer(self.token(TokenPurpose.ACTIONS), seeker.id, target.id, ask)

    def introduce(self, seeker: Invitation, ask: str = "", target: Invitation | None = None) -> str:
        """Return the link to write an introduction for `seeker` (to `target`, if suggested)."""
        target_id = target.id if target is not None else None
        return self.urls.introduce(self.token(TokenPurpose.ACTIONS), seeker.id, ask, target_id)

    def table(self) -> str:
        """Return the link to the page with all table-mates and what happened with each."""
        return self.urls.table(self.token(TokenPurpose.ACTIONS))

    def business(self, other: Invitation, introduction_id: int | None = None) -> str:
        """Return the link to say whether business came of meeting `other`."""
        return self.urls.business(self.token(TokenPurpose.ACTIONS), other.id, introduction_id)

    def introduction(self, introduction_id: int) -> str:
        """Return the link where the target of an introduction says yes or no."""
        return self.urls.introduction(self.token(TokenPurpose.ACTIONS), introduction_id)

    def unsubscribe(self) -> str:
        """Return the RFC 8058 one-click unsubscribe link for the follow-up series."""
        return self.urls.unsubscribe(self.token(TokenPurpose.UNSUBSCRIBE))
