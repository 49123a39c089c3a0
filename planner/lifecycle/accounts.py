"""Mail to organisers about their account: confirming the email address they signed up with."""

import secrets

from planner.lifecycle.kinds import Kind
from planner.lifecycle.links import Urls
from planner.mail.outbox import queue_email
from planner.mail.render import render_email
from planner.models import Organiser


def queue_verification_email(
    organiser: Organiser,
    token: str,
    base_url: str,
    valid_days: int,
    already_registered: bool = False,
) -> None:
    """Queue the verification mail, or for an existing account a log-in reminder (not committed).

    Both say the same on the page that sent them, so sign-up never reveals who has an account.
    """
    urls = Urls(base_url)
    link = urls.login() if already_registered else urls.verify_email(token)
    email = render_email(
        Kind.VERIFY_EMAIL,
        "Confirm your email for Tablewise",
        organiser=organiser,
        link=link,
        already_registered=already_registered,
        valid_days=valid_days,
    )
    queue_email(
        # Each request mails afresh (limited per hour by the sign-up and resend rate limits).
        key=f"verify-email:{organiser.id}:{secrets.token_hex(8)}",
        kind=Kind.VERIFY_EMAIL,
        to=organiser.email,
        email=email,
    )
