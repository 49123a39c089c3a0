"""Fixtures of the service tests."""

from tests.web.conftest import chart  # noqa: F401  (a seated dinner, shared with the web tests)
