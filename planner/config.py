"""Configuration: defaults for the embedded setup, overridden from the environment."""

import os
import secrets
from datetime import timedelta
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
        # hide_parameters: SQL errors must not log emails, profile text or password hashes.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True},
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
        **_jobs_defaults(),
        SECRET_KEY=os.environ.get("SECRET_KEY"),
        **_security_defaults(),
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
    _harden_cookies(app, test_config or {})
    _require_secret_key(app)


def _jobs_defaults() -> dict:
    env = os.environ.get
    return {
        # "rq": with REDIS_URL set, background jobs go to this RQ queue and `flask jobs worker`
        # runs them; "thread" (or no REDIS_URL): an in-process worker thread runs them.
        "JOBS_BACKEND": env("JOBS_BACKEND", "rq"),
        "JOBS_QUEUE": env("JOBS_QUEUE", "tablewise-seating"),
        "JOBS_TIMEOUT": int(env("JOBS_TIMEOUT", "600")),
        # A job still "running" after this long is given up (its worker died).
        "JOBS_STALE_SECONDS": int(env("JOBS_STALE_SECONDS", "900")),
    }


def _security_defaults() -> dict:
    redis_url = os.environ.get("REDIS_URL")
    env = os.environ.get
    return {
        # Requests above this size get a friendly 413 (CSV imports included).
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        "MAX_FORM_MEMORY_SIZE": int(env("MAX_FORM_MEMORY_SIZE", str(1024 * 1024))),
        # How many reverse proxies set X-Forwarded-For/-Proto in front of the app (0: none).
        "PROXY_COUNT": int(env("PROXY_COUNT", "0")),
        "REDIS_URL": redis_url,
        # Flask-Limiter: in-process memory by default; share counts across workers via Redis.
        "RATELIMIT_ENABLED": env("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # A Redis outage must not lock everyone out: count in memory until it is back.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_LOGIN": env("RATELIMIT_LOGIN", "10/minute;100/day"),
        "RATELIMIT_LOGIN_EMAIL": env("RATELIMIT_LOGIN_EMAIL", "20/hour"),
        "RATELIMIT_REGISTER": env("RATELIMIT_REGISTER", "5/hour"),
        "RATELIMIT_REGISTER_EMAIL": env("RATELIMIT_REGISTER_EMAIL", "3/hour"),
        "RATELIMIT_VERIFY_RESEND": env("RATELIMIT_VERIFY_RESEND", "3/hour"),
        "RATELIMIT_DELETE_ACCOUNT": env("RATELIMIT_DELETE_ACCOUNT", "5/hour"),
        "RATELIMIT_RSVP_POST": env("RATELIMIT_RSVP_POST", "10/minute;50/day"),
        "RATELIMIT_ACTION_POST": env("RATELIMIT_ACTION_POST", "20/hour;60/day"),
        "RATELIMIT_INVITATIONS": env("RATELIMIT_INVITATIONS", "300/day"),
        # Signed email-verification links stop working after this many seconds.
        "VERIFY_EMAIL_MAX_AGE": int(env("VERIFY_EMAIL_MAX_AGE", str(3 * 24 * 3600))),
    }


def _harden_cookies(app: Flask, test_config: dict) -> None:
    # Derived after test_config so a test (or deployment) with an https base gets Secure cookies.
    https = app.config["PUBLIC_BASE_URL"].startswith("https://")
    remember_days = min(int(os.environ.get("REMEMBER_DAYS", "30")), 30)
    hardened = {
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(days=remember_days),
    }
    for key, value in hardened.items():
        if key not in test_config:
            app.config[key] = value


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
