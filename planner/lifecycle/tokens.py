"""Personal link tokens: 256-bit, minted per message, stored only as SHA-256 hashes."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select

from planner.errors import LinkNotUsable
from planner.extensions import db
from planner.lifecycle.links import Urls
from planner.models import AccessToken, Invitation, TokenPurpose

PREVIEW_TOKEN = "preview-token"
# What a guest is told when their link does not open the page, in their words.
UNKNOWN_LINK = (
    "This link is not one we know. It may have been copied incompletely from the email: "
    "try opening it from the email again."
)
EXPIRED_LINK = "This link has expired."
WITHDRAWN_LINK = "This link no longer works: the invitation it belonged to was withdrawn."


def new_token() -> tuple[str, str]:
    """Return a fresh 256-bit URL-safe token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(invitation: Invitation, purpose: TokenPurpose) -> str:
    """Mint a token acting for `invitation` (not committed) and return it."""
    token, token_hash = new_token()
    db.session.add(AccessToken(token_hash=token_hash, invitation=invitation, purpose=purpose))
    return token


def holder(token: str, purpose: TokenPurpose, now: datetime) -> Invitation:
    """Return the invitation a `purpose` token acts for; LinkNotUsable (a NotFound) if none."""
    # Equality on a SHA-256 digest leaks nothing useful about the token itself.
    row = db.session.scalar(
        select(AccessToken).where(
            AccessToken.token_hash == hash_token(token), AccessToken.purpose == purpose
        )
    )
    if row is None:
        raise LinkNotUsable(UNKNOWN_LINK)
    if not row.usable(now):
        organiser = row.invitation.dinner.organiser
        reason = WITHDRAWN_LINK if row.revoked_at is not None else EXPIRED_LINK
        raise LinkNotUsable(reason, organiser.name, organiser.email)
    return row.invitation


class Links:
    """Absolute personal links for one recipient's message, one token per purpose."""

    def __init__(self, invitation: Invitation, base_url: str, preview: bool = False):
        self.invitation = invitation
        self.urls = Urls(base_url)
        self.preview = preview  # previews show links but mint no working tokens
        self._tokens: dict[TokenPurpose, str] = {}

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
