"""The attendee's personal RSVP page: no account, just the link from their invitation."""

from flask import Blueprint

bp = Blueprint("rsvp", __name__, url_prefix="/rsvp")
