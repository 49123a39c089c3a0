"""Keep personal link tokens out of the logs: access and error lines show /rsvp/[redacted]."""

import logging
import re

from flask import Flask

# Paths whose next segment is a bearer token (RSVP, guest actions, unsubscribe, verification).
TOKEN_PATH = re.compile(r"(/(?:rsvp|act|unsubscribe|auth/verify)/)[^/\s?#\"']+")
REDACTED = r"\1[redacted]"

# Loggers that write request lines: the dev server, gunicorn, and Flask's own error log.
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class RedactTokenPaths(logging.Filter):
    """Rewrite a record's message with token path segments replaced by [redacted]."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = TOKEN_PATH.sub(REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def redact(text: str) -> str:
    """Return `text` with token path segments replaced by [redacted]."""
    return TOKEN_PATH.sub(REDACTED, text)


def init_app(app: Flask) -> None:
    """Attach the redacting filter to the request loggers and the app's logger."""
    for logger in (*map(logging.getLogger, REQUEST_LOGGERS), app.logger):
        if not any(isinstance(f, RedactTokenPaths) for f in logger.filters):
            logger.addFilter(RedactTokenPaths())
