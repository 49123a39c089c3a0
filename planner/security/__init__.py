"""Request-level defences: safe redirects, headers, rate limits, guards, sessions, log redaction.

`init_app(app)` wires them all; the pieces the views use are `redirects.safe_next`,
`limits.*_limit` / `limits.consume_invitations` and `fields.SingleLine` / `fields.single_line`.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Install every defence on the app (call after the blueprints are registered)."""
    from planner.security import guards, headers, limits, logs, sessions

    guards.init_app(app)
    headers.init_app(app)
    limits.init_app(app)
    sessions.init_app(app)
    logs.init_app(app)
