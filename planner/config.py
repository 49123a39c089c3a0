"""Configuration: defaults for the embedded setup, overridden from the environment."""

import os
import secrets
from pathlib import Path

from flask import Flask


class MissingSecretKey(RuntimeError):
    """Raised when the app would start in production without a SECRET_KEY."""


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from defaults, the environment and (in tests) test_config."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=_database_url(instance),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        PUBLIC_BASE_URL=os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        MAIL_FROM=os.environ.get("MAIL_FROM", "Tablewise <dinners@tablewise.local>"),
        SMTP_HOST=os.environ.get("SMTP_HOST"),
        SMTP_PORT=int(os.environ.get("SMTP_PORT", "25")),
        SMTP_USERNAME=os.environ.get("SMTP_USERNAME"),
        SMTP_PASSWORD=os.environ.get("SMTP_PASSWORD"),
        SMTP_STARTTLS=os.environ.get("SMTP_STARTTLS", "") == "1",
        SMTP_TIMEOUT=float(os.environ.get("SMTP_TIMEOUT", "10")),
        MAIL_FILE_DIR=str(instance / "mail"),
        # "thread": a background thread of the web process delivers mail after the request
        # that queued it commits (the embedded default; "inline" is the old name for it);
        # "worker": leave it to `flask mail worker` / `flask tick` (production).
        MAIL_DELIVERY=os.environ.get("MAIL_DELIVERY", "thread"),
        # How often the background thread also looks for mail whose retry fell due.
        MAIL_POLL_SECONDS=float(os.environ.get("MAIL_POLL_SECONDS", "60")),
        SOLVER_SECONDS=float(os.environ.get("SOLVER_SECONDS", "5")),
        SECRET_KEY=os.environ.get("SECRET_KEY"),
        # Personal links: days they keep working after the dinner (see planner.lifecycle.tokens).
        RSVP_LINK_DAYS=int(os.environ.get("RSVP_LINK_DAYS", "30")),
        ACTION_LINK_DAYS=int(os.environ.get("ACTION_LINK_DAYS", "90")),
        UNSUBSCRIBE_LINK_DAYS=int(os.environ.get("UNSUBSCRIBE_LINK_DAYS", "365")),
        # Retention: bodies of sent mail (they hold working links), then guests' profiles.
        MAIL_BODY_RETENTION_DAYS=int(os.environ.get("MAIL_BODY_RETENTION_DAYS", "30")),
        DATA_RETENTION_MONTHS=int(os.environ.get("DATA_RETENTION_MONTHS", "12")),
        # Mail retries: minutes between tries (the last repeats), for how long, and the lease
        # after which a dead worker's message is taken over (renewed while sending).
        MAIL_RETRY_MINUTES=os.environ.get("MAIL_RETRY_MINUTES", "1,2,5,10,20,30,60"),
        MAIL_RETRY_HOURS=float(os.environ.get("MAIL_RETRY_HOURS", "24")),
        MAIL_CLAIM_LEASE_SECONDS=float(os.environ.get("MAIL_CLAIM_LEASE_SECONDS", "60")),
    )
    if test_config:
        app.config.update(test_config)
    _require_secret_key(app)


def _database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'tablewise.sqlite'}")
    # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _require_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.testing or app.debug or os.environ.get("TABLEWISE_ENV") == "development":
        # A throwaway key is fine where sessions need not survive a restart.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise MissingSecretKey(
        "SECRET_KEY is not set. Export SECRET_KEY (e.g. `python -c 'import secrets; "
        "print(secrets.token_hex(32))'`) or set TABLEWISE_ENV=development for local use."
    )
