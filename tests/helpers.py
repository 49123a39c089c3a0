"""Small helpers for tests that call services directly inside an app context."""

from flask import current_app
from flask.testing import FlaskClient

from planner.settings import Settings


def settings() -> Settings:
    """Return the settings of the app whose context is pushed."""
    return Settings.from_config(current_app.config)


def base_url() -> str:
    """Return the public base URL of the app whose context is pushed."""
    return settings().public_base_url


def plain_client(app, organiser) -> FlaskClient:
    """A logged-in client that does not wait for background work: it sees what a browser sees."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    login = {"email": organiser.email, "password": organiser.password}
    assert client.post("/auth/login", data=login).status_code == 302
    return client
