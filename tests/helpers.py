"""Small helpers for tests that call services directly inside an app context."""

from flask import current_app

from planner.settings import Settings


def settings() -> Settings:
    """Return the settings of the app whose context is pushed."""
    return Settings.from_config(current_app.config)


def base_url() -> str:
    """Return the public base URL of the app whose context is pushed."""
    return settings().public_base_url
