"""Request guards: a size cap with a friendly 413, NUL bytes refused with a 400, proxy headers."""

from flask import Flask, abort, current_app, render_template, request
from werkzeug.middleware.proxy_fix import ProxyFix

NUL_MESSAGE = (
    "Your request contained a NUL character (\\0), which no field accepts. "
    "Remove it (it often comes from copying out of a binary file) and try again."
)


def init_app(app: Flask) -> None:
    """Install the request guards on the app."""
    proxies = app.config.get("PROXY_COUNT", 0)
    if proxies:
        # Only trust as many X-Forwarded-* hops as there are proxies we run ourselves.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)
    app.before_request(reject_nul_bytes)
    app.register_error_handler(413, too_large)


def reject_nul_bytes() -> None:
    """Answer 400 when the path, query string or form holds a NUL byte."""
    # Reading request.form parses the body, so an oversized body raises 413 here, early.
    if "\x00" in request.path or _query_has_nul(request.query_string):
        abort(400, description=NUL_MESSAGE)
    if any(_has_nul(key, values) for key, values in request.form.lists()):
        abort(400, description=NUL_MESSAGE)
    if any("\x00" in (upload.filename or "") for upload in request.files.values()):
        abort(400, description=NUL_MESSAGE)


def _query_has_nul(raw: bytes) -> bool:
    return b"\x00" in raw or b"%00" in raw.lower()


def _has_nul(key: str, values: list[str]) -> bool:
    return "\x00" in key or any("\x00" in value for value in values)


def too_large(error):
    """Render a page that says how large a request may be."""
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    description = (
        f"That was more than we accept in one go (at most {limit_mb:g} MB). "
        "Split the file or the list into smaller parts and send them one after another."
    )
    return render_template("error.html", code=413, description=description), 413
