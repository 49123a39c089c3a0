import uuid

import pytest
import redis

from planner import create_app
from planner.security import limits
from planner.security.limits import InvitationQuotaExceeded, consume_invitations, invitations_left


def _wrong_login(client, email: str, ip: str = "10.0.0.1"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": "wrong password"},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_login_is_throttled_per_client_after_ten_tries(client, make_organiser):
    organiser = make_organiser()
    statuses = [_wrong_login(client, organiser.email).status_code for _ in range(10)]
    assert statuses == [200] * 10
    refused = client.post(
        "/auth/login",
        data={"email": organiser.email, "password": organiser.password},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert refused.status_code == 429
    assert "Too many attempts" in refused.text
    assert "Retry-After" in refused.headers
    # Another client is not affected.
    assert _wrong_login(client, organiser.email, ip="10.0.0.2").status_code == 200


def test_login_is_throttled_per_account_across_clients(app_config, make_organiser):
    app_config["RATELIMIT_LOGIN_EMAIL"] = "5/hour"
    client = create_app(app_config).test_client()
    organiser = make_organiser()
    statuses = [
        _wrong_login(client, organiser.email, ip=f"10.1.0.{n}").status_code for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_sign_up_is_throttled(client, smtp):
    def sign_up(n):
        return client.post(
            "/auth/register",
            data={
                "name": "Olive",
                "email": f"o{n}@example.com",
                "password": "long enough pw",
                "confirm": "long enough pw",
            },
        )

    assert [sign_up(n).status_code for n in range(6)] == [302] * 5 + [429]


def test_guest_link_limit_counts_posts_per_token(app_config):
    app_config["RATELIMIT_RSVP_POST"] = "3/minute"
    app = create_app(app_config)

    @app.route("/rsvp-probe/<token>", methods=["GET", "POST"])
    @limits.rsvp_post_limit
    def probe(token):
        return "ok"

    client = app.test_client()
    assert [client.post("/rsvp-probe/a").status_code for _ in range(4)] == [200] * 3 + [429]
    assert client.get("/rsvp-probe/a").status_code == 200  # reading the page stays free
    assert client.post("/rsvp-probe/b").status_code == 200  # another guest's link is separate


def test_invitation_quota_per_organiser_per_day(app_config):
    app_config["RATELIMIT_INVITATIONS"] = "10/day"
    app = create_app(app_config)
    with app.test_request_context():
        consume_invitations(1, 8)
        assert invitations_left(1) == 2
        with pytest.raises(InvitationQuotaExceeded) as refused:
            consume_invitations(1, 3)
        assert refused.value.remaining == 2
        assert invitations_left(1) == 2  # a refused batch does not use up the quota
        consume_invitations(1, 2)
        consume_invitations(2, 10)  # each organiser has their own


def test_limits_can_be_switched_off(no_rate_limits, client, make_organiser):
    organiser = make_organiser()
    assert {_wrong_login(client, organiser.email).status_code for _ in range(12)} == {200}


def test_limits_are_shared_through_redis_when_configured(app_config, make_organiser):
    prefix = f"test-{uuid.uuid4().hex}"
    app_config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/0"
    app_config["RATELIMIT_KEY_PREFIX"] = prefix
    app_config["RATELIMIT_LOGIN"] = "3/minute"
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client = create_app(app_config).test_client()
        organiser = make_organiser()
        assert [_wrong_login(client, organiser.email).status_code for _ in range(4)] == [
            200,
            200,
            200,
            429,
        ]
        assert list(server.scan_iter(f"*{prefix}*"))
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)


def test_a_redis_outage_falls_back_to_memory_instead_of_failing(app_config, make_organiser):
    app_config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app_config["RATELIMIT_LOGIN"] = "2/minute"
    client = create_app(app_config).test_client()
    organiser = make_organiser()
    statuses = [_wrong_login(client, organiser.email).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
