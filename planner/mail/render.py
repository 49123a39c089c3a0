"""Render a multipart email from `templates/email/<name>.txt|.html`, without Flask.

Mail is rendered in requests, in `flask tick` and in workers alike, so it uses its own Jinja
environment (HTML autoescaped, text not) rather than the request's.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def local_time(moment: datetime | None, dinner, fmt: str = "%a %d %b %Y, %H:%M %Z") -> str:
    """Show a stored UTC moment in the dinner's own time zone."""
    return dinner.local(moment).strftime(fmt) if moment else ""


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    environment.filters["local"] = local_time
    return environment


def render_email(name: str, subject: str, **context) -> RenderedEmail:
    """Render the plain-text and HTML parts of email template `name`."""
    context.setdefault("subject", subject)
    environment = _environment()
    return RenderedEmail(
        subject=subject,
        text=environment.get_template(f"email/{name}.txt").render(context),
        html=environment.get_template(f"email/{name}.html").render(context),
    )
