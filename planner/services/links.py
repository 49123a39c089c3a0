"""Absolute links for emails, always rooted at PUBLIC_BASE_URL."""

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """Return the absolute URL of `endpoint` under PUBLIC_BASE_URL.

    Never the request's Host header: a forged Host would otherwise put an attacker's
    domain into personal links, and the mail worker has no request at all.
    """
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)
