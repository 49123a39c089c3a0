"""Small helpers for tests that call services directly inside an app context, drive the app
as a browser would, or run the jobs worker."""

import os
import subprocess
import sys
from pathlib import Path

from flask import current_app
from flask.testing import FlaskClient

from planner.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/15"


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


def run_jobs_worker(database_url: str, queue: str, **env: str) -> subprocess.CompletedProcess:
    """Run `flask jobs worker --burst` in its own process on the test Redis queue."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "JOBS_QUEUE": queue,
        "SECRET_KEY": "worker-test",
        "MAIL_DELIVERY": "worker",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "planner", "jobs", "worker", "--burst"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
