"""Security headers through Flask-Talisman: CSP, framing, sniffing, referrer, HSTS on https."""

from flask import Flask
from flask_talisman import Talisman

talisman = Talisman()

# Every page's scripts and styles come from /static: no inline <script>, <style> or style="".
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# For a page that must show mail HTML (inline styles) in a sandboxed frame: styles only.
INLINE_STYLES_POLICY = {**CONTENT_SECURITY_POLICY, "style-src": ["'self'", "'unsafe-inline'"]}


def init_app(app: Flask) -> None:
    """Send the security headers on every response."""
    https = app.config["PUBLIC_BASE_URL"].startswith("https://")
    talisman.init_app(
        app,
        # TLS ends at the proxy; redirecting here would loop behind a plain-http hop.
        force_https=False,
        strict_transport_security=https,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="no-referrer",
        x_content_type_options=True,
    )


def allow_inline_styles(view):
    """Relax the CSP of one view to accept inline styles (e.g. an email preview)."""
    return talisman(content_security_policy=INLINE_STYLES_POLICY)(view)
