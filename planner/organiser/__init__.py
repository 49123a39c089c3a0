"""The organiser's pages: dinners, guest lists, seating and follow-up (login required)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("organiser", __name__)


@bp.before_request
@login_required
def require_login():
    """Every organiser page needs a logged-in organiser."""
