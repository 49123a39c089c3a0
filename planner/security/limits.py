"""Rate limits (Flask-Limiter): per client on auth, per link on guest POSTs, per organiser quotas.

Counts live in memory by default (one process: the embedded setup) and in Redis when
REDIS_URL is set, so that every gunicorn worker shares them. Each limit reads its value from
a RATELIMIT_* config key at request time.
"""

import hashlib

from flask import Flask, current_app, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many

limiter = Limiter(key_func=get_remote_address)

TOO_MANY = "Too many attempts in a short time. Please wait a little and try again."


class InvitationQuotaExceeded(Exception):
    """The organiser would send more invitations today than RATELIMIT_INVITATIONS allows."""

    def __init__(self, requested: int, remaining: int):
        super().__init__(
            f"You can send {remaining} more invitations today (you asked for {requested}). "
            "Send the rest tomorrow."
        )
        self.requested = requested
        self.remaining = remaining


def init_app(app: Flask) -> None:
    """Bind the limiter to the app and answer breaches with a friendly 429 page."""
    limiter.init_app(app)
    app.register_error_handler(429, too_many_requests)


def too_many_requests(error):
    """Render the 429 page (Flask-Limiter adds Retry-After)."""
    return render_template("error.html", code=429, description=TOO_MANY), 429


def _configured(key: str):
    return lambda: current_app.config[key]


def _posted_email() -> str:
    """Key a limit on the email typed into the form, so many IPs cannot share one account."""
    email = (request.form.get("email") or "").strip().lower()
    return "email:" + hashlib.sha256(email.encode()).hexdigest()


def _link_token() -> str:
    """Key a limit on the personal link's token (hashed: limiter keys may end up in Redis)."""
    token = (request.view_args or {}).get("token", "")
    return "token:" + hashlib.sha256(token.encode()).hexdigest()


# Decorators. Each counts POSTs only; GETs of the same page stay free.
login_limit = limiter.limit(_configured("RATELIMIT_LOGIN"), methods=["POST"])
login_email_limit = limiter.limit(
    _configured("RATELIMIT_LOGIN_EMAIL"), key_func=_posted_email, methods=["POST"]
)
register_limit = limiter.limit(_configured("RATELIMIT_REGISTER"), methods=["POST"])
register_email_limit = limiter.limit(
    _configured("RATELIMIT_REGISTER_EMAIL"), key_func=_posted_email, methods=["POST"]
)
verify_resend_limit = limiter.limit(_configured("RATELIMIT_VERIFY_RESEND"), methods=["POST"])
delete_account_limit = limiter.limit(_configured("RATELIMIT_DELETE_ACCOUNT"), methods=["POST"])
# For the lead: put these under @bp.route on the RSVP and guest-action views.
rsvp_post_limit = limiter.limit(
    _configured("RATELIMIT_RSVP_POST"), key_func=_link_token, methods=["POST"]
)
action_post_limit = limiter.limit(
    _configured("RATELIMIT_ACTION_POST"), key_func=_link_token, methods=["POST"]
)


def consume_invitations(organiser_id: int, count: int) -> None:
    """Count `count` invitations against the organiser's daily quota, or raise without counting.

    Call it in the request that sends invitations, before they are queued.
    """
    check_invitations(organiser_id, count)
    count_invitations(organiser_id, count)


def check_invitations(organiser_id: int, count: int) -> None:
    """Raise InvitationQuotaExceeded if `count` more invitations pass the quota; count nothing."""
    if not limiter.enabled or count <= 0:
        return
    for item in _invitation_limits():
        if not limiter.limiter.test(item, "invitations", str(organiser_id), cost=count):
            raise InvitationQuotaExceeded(count, invitations_left(organiser_id))


def count_invitations(organiser_id: int, count: int) -> None:
    """Count `count` invitations against the quota (checked before with check_invitations)."""
    if not limiter.enabled or count <= 0:
        return
    for item in _invitation_limits():
        limiter.limiter.hit(item, "invitations", str(organiser_id), cost=count)


def _invitation_limits():
    return parse_many(current_app.config["RATELIMIT_INVITATIONS"])


def invitations_left(organiser_id: int) -> int:
    """Return how many invitations the organiser may still send in the current window."""
    if not limiter.enabled:
        return 10**9
    stats = (
        limiter.limiter.get_window_stats(item, "invitations", str(organiser_id))
        for item in _invitation_limits()
    )
    return min(window.remaining for window in stats)
