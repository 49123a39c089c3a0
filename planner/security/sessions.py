"""Login sessions that end for real: the session's user id carries Organiser.session_version."""

from flask import Flask

from planner.extensions import db
from planner.webext import login_manager


def init_app(app: Flask) -> None:
    """Load the logged-in organiser only while their session version still matches."""
    # Replaces any loader registered earlier: ids are "<id>:<version>" now.
    login_manager.user_loader(load_organiser)


def load_organiser(user_id: str):
    """Return the organiser of a session id "<id>:<version>", or None once it was revoked."""
    from planner.models import Organiser

    organiser_id, _, version = user_id.partition(":")
    if not (organiser_id.isdigit() and version.isdigit()):
        return None  # sessions from before versioning, or forged ones: log in again
    organiser = db.session.get(Organiser, int(organiser_id))
    if organiser is None or organiser.session_version != int(version):
        return None
    return organiser
