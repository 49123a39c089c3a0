"""Settings the services need, as a plain value: no Flask object crosses into a service."""

from collections.abc import Mapping
from dataclasses import dataclass

# A confirmed import of more guests than this is invited by a background job, not the request.
# Below the default daily invitation quota (300), so an organiser on the defaults meets it too.
IMPORT_IN_BACKGROUND_ABOVE = 200


@dataclass(frozen=True)
class Settings:
    """What services and the mail layer read from the app's configuration."""

    public_base_url: str
    mail_from: str
    mail_file_dir: str
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 10.0
    solver_seconds: float = 5.0
    mail_body_retention_days: int = 30
    # Mail retries like an MTA: waits between tries (the last repeats) for `mail_retry_hours`
    # from the first attempt; a claimed row is taken over after `mail_claim_lease_seconds`.
    mail_retry_minutes: tuple[float, ...] = (1, 2, 5, 10, 20, 30, 60)
    mail_retry_hours: float = 24
    mail_claim_lease_seconds: float = 60
    data_retention_months: int = 12
    import_in_background_above: int = IMPORT_IN_BACKGROUND_ABOVE

    @classmethod
    def from_config(cls, config: Mapping) -> "Settings":
        """Return the settings held in a Flask-style config mapping."""
        return cls(
            public_base_url=config["PUBLIC_BASE_URL"].rstrip("/"),
            mail_from=config["MAIL_FROM"],
            mail_file_dir=config["MAIL_FILE_DIR"],
            smtp_host=config.get("SMTP_HOST"),
            smtp_port=int(config.get("SMTP_PORT", 25)),
            smtp_username=config.get("SMTP_USERNAME"),
            smtp_password=config.get("SMTP_PASSWORD"),
            smtp_starttls=bool(config.get("SMTP_STARTTLS")),
            smtp_timeout=float(config.get("SMTP_TIMEOUT", 10)),
            solver_seconds=float(config.get("SOLVER_SECONDS", 5)),
            mail_body_retention_days=int(config.get("MAIL_BODY_RETENTION_DAYS", 30)),
            mail_retry_minutes=_numbers(config.get("MAIL_RETRY_MINUTES", "1,2,5,10,20,30,60")),
            mail_retry_hours=float(config.get("MAIL_RETRY_HOURS", 24)),
            mail_claim_lease_seconds=float(config.get("MAIL_CLAIM_LEASE_SECONDS", 60)),
            data_retention_months=int(config.get("DATA_RETENTION_MONTHS", 12)),
            import_in_background_above=int(
                config.get("IMPORT_IN_BACKGROUND_ABOVE", IMPORT_IN_BACKGROUND_ABOVE)
            ),
        )


def _numbers(value) -> tuple[float, ...]:
    # "1,2,5" from the environment, or a sequence from a test's config.
    parts = value.split(",") if isinstance(value, str) else value
    return tuple(float(part) for part in parts)
