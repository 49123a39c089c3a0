"""Personal links in lifecycle mail: tokens minted per message, stored only as hashes."""

from flask import abort
from sqlalchemy import select

from planner.extensions import db
from planner.models import AccessToken, Invitation
from planner.services.links import external_url
from planner.services.tokens import hash_token, new_token

PREVIEW_TOKEN = "preview-token"


def holder_or_404(token: str, purpose: str) -> Invitation:
    """Return the invitation a `purpose` token acts for; 404 for any unknown token."""
    # Equality on a SHA-256 digest leaks nothing useful about the token itself.
    row = db.session.scalar(
        select(AccessToken).where(
            AccessToken.token_hash == hash_token(token), AccessToken.purpose == purpose
        )
    )
    if row is None:
        abort(404)
    return row.invitation


class Links:
    """Absolute personal links for one recipient's message, one token per purpose."""

    def __init__(self, invitation: Invitation, preview: bool = False):
        self.invitation = invitation
        self.preview = preview  # previews show links but mint no working tokens
        self._tokens: dict[str, str] = {}

    def token(self, purpose: str) -> str:
        """Return this message's token for `purpose`, minting (not committing) it once."""
        if purpose not in self._tokens:
            if self.preview:
                self._tokens[purpose] = PREVIEW_TOKEN
            else:
                token, token_hash = new_token()
                db.session.add(
                    AccessToken(
                        token_hash=token_hash, invitation_id=self.invitation.id, purpose=purpose
                    )
                )
                self._tokens[purpose] = token
        return self._tokens[purpose]

    def rsvp(self) -> str:
        """Return a working link to the recipient's RSVP and profile page."""
        return external_url("rsvp.respond", token=self.token("rsvp"))

    def outcome(self, kind: str, other: Invitation, ask: str = "") -> str:
        """Return the link to a one-click outcome page about `other` (and their ask)."""
        values = {"ask": ask} if ask else {}
        return external_url(
            "actions.outcome", token=self.token("actions"), kind=kind, other_id=other.id, **values
        )

    def offer(self, seeker: Invitation, target: Invitation, ask: str) -> str:
        """Return the link to offer introducing `seeker` to `target` for `ask`."""
        return external_url(
            "actions.offer",
            token=self.token("actions"),
            seeker_id=seeker.id,
            target_id=target.id,
            ask=ask,
        )

    def introduction(self, introduction_id: int) -> str:
        """Return the link where the target of an introduction says yes or no."""
        return external_url(
            "actions.introduction", token=self.token("actions"), introduction_id=introduction_id
        )

    def unsubscribe(self) -> str:
        """Return the RFC 8058 one-click unsubscribe link for the follow-up series."""
        return external_url("actions.unsubscribe", token=self.token("unsubscribe"))
