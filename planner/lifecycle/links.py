"""Absolute links for emails, always rooted at PUBLIC_BASE_URL.

Never the request's Host header: a forged Host would otherwise put an attacker's domain into
personal links, and the mail worker has no request at all. The paths mirror the routes of the
rsvp and actions blueprints; tests/lifecycle/test_links.py checks they still match.
"""

from urllib.parse import quote, urlencode

# The characters Werkzeug leaves unescaped in a query string, so links read as before.
_QUERY_SAFE = "!$'()*,/:;?@"


class Urls:
    """Build the absolute URL of each page a guest reaches from an email."""

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")

    def _url(self, path: str, **query: str) -> str:
        query = {name: value for name, value in query.items() if value}
        tail = f"?{urlencode(query, safe=_QUERY_SAFE)}" if query else ""
        return f"{self.base}{path}{tail}"

    def rsvp(self, token: str) -> str:
        """Return the RSVP and profile page of a token."""
        return self._url(f"/rsvp/{quote(token)}")

    def outcome(self, token: str, kind: str, other_id: int, ask: str = "") -> str:
        """Return the one-click outcome page about `other_id` (and their ask)."""
        return self._url(f"/act/{quote(token)}/{kind}/{other_id}", ask=ask)

    def offer(self, token: str, seeker_id: int, target_id: int, ask: str) -> str:
        """Return the page where the token's holder offers an introduction."""
        return self._url(f"/act/{quote(token)}/offer/{seeker_id}/{target_id}", ask=ask)

    def introduce(self, token: str, seeker_id: int, ask: str, target_id: int | None) -> str:
        """Return the page where the token's holder writes an introduction for `seeker_id`."""
        target = str(target_id) if target_id else ""
        return self._url(f"/act/{quote(token)}/introduce/{seeker_id}", ask=ask, target=target)

    def table(self, token: str) -> str:
        """Return the page listing the token holder's table-mates with the outcome buttons."""
        return self._url(f"/act/{quote(token)}/table")

    def business(self, token: str, other_id: int, introduction_id: int | None) -> str:
        """Return the page where the token's holder says whether business came of it."""
        intro = str(introduction_id) if introduction_id else ""
        return self._url(f"/act/{quote(token)}/business/{other_id}", intro=intro)

    def introduction(self, token: str, introduction_id: int) -> str:
        """Return the page where the target of an introduction says yes or no."""
        return self._url(f"/act/{quote(token)}/introductions/{introduction_id}")

    def verify_email(self, token: str) -> str:
        """Return the page where an organiser confirms their email address."""
        return self._url(f"/auth/verify/{quote(token)}")

    def login(self) -> str:
        """Return the organiser's log-in page."""
        return self._url("/auth/login")

    def unsubscribe(self, token: str) -> str:
        """Return the RFC 8058 one-click unsubscribe page of a token."""
        return self._url(f"/unsubscribe/{quote(token)}")
