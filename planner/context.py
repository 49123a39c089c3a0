"""What views and CLI commands read from the running app for the services they call."""

from flask import current_app

from planner.settings import Settings

SETTINGS = "tablewise.settings"


def settings() -> Settings:
    """Return the settings services need, for the current app."""
    return current_app.extensions[SETTINGS]
