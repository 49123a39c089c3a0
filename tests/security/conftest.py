import pytest


@pytest.fixture
def no_rate_limits(app_config):
    """Turn rate limiting off for tests that post many times on purpose (use before `app`)."""
    app_config["RATELIMIT_ENABLED"] = False
