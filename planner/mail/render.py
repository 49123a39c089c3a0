"""Render a multipart email from `templates/email/<name>.txt|.html`."""

from dataclasses import dataclass

from flask import render_template


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(name: str, subject: str, **context) -> RenderedEmail:
    """Render the plain-text and HTML parts of email template `name`."""
    context.setdefault("subject", subject)
    return RenderedEmail(
        subject=subject,
        text=render_template(f"email/{name}.txt", **context),
        html=render_template(f"email/{name}.html", **context),
    )
