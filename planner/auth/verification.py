"""Email verification: a signed, expiring link mailed to the organiser's address."""

import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from planner.extensions import db
from planner.models import Organiser

_SALT = "tablewise.verify-email"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def verification_token(organiser: Organiser) -> str:
    """Return a signed token naming the organiser and the address it proves."""
    return _serializer().dumps({"id": organiser.id, "email": organiser.email})


def organiser_for_token(token: str) -> Organiser | None:
    """Return the organiser a still-valid token verifies, or None (bad, expired, stale)."""
    max_age = current_app.config["VERIFY_EMAIL_MAX_AGE"]
    try:
        claim = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(claim, dict):
        return None
    # The email is part of the claim: a link for an old address does not verify a new one.
    return db.session.scalar(
        select(Organiser).where(
            Organiser.id == claim.get("id"), Organiser.email == claim.get("email")
        )
    )


def queue_verification_email(organiser: Organiser, *, already_registered: bool = False) -> None:
    """Queue the verification mail (or, for an existing account, a log-in reminder).

    The one place auth touches the mail layer: move it into the lifecycle package as a unit.
    """
    from planner.mail.outbox import queue_email
    from planner.mail.render import render_email
    from planner.services.links import external_url

    link = external_url("auth.verify", token=verification_token(organiser))
    if already_registered:
        link = external_url("auth.login")
    email = render_email(
        "verify_email",
        "Confirm your email for Tablewise",
        organiser=organiser,
        link=link,
        already_registered=already_registered,
        valid_days=max(1, current_app.config["VERIFY_EMAIL_MAX_AGE"] // 86400),
    )
    queue_email(
        key=f"verify-email:{organiser.id}:{secrets.token_hex(8)}",
        kind="verify_email",
        to=organiser.email,
        email=email,
    )
