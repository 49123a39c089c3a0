"""The links follow-up mail carries point at the routes that serve them."""

from flask import url_for

from planner.lifecycle.links import Urls

BASE = "http://tablewise.test"
TOKEN = "AbC-123_xyz"


def test_follow_up_links_match_their_routes(app):
    urls = Urls(BASE + "/")
    cases = [
        (
            urls.introduce(TOKEN, 3, "HR directors, 50–200 staff", None),
            "actions.introduce",
            {"token": TOKEN, "seeker_id": 3, "ask": "HR directors, 50–200 staff"},
        ),
        (
            urls.introduce(TOKEN, 3, "", 4),
            "actions.introduce",
            {"token": TOKEN, "seeker_id": 3, "target": "4"},
        ),
        (
            urls.offer(TOKEN, 3, 4, "Realtors & brokers"),
            "actions.offer",
            {"token": TOKEN, "seeker_id": 3, "target_id": 4, "ask": "Realtors & brokers"},
        ),
        (urls.table(TOKEN), "actions.table", {"token": TOKEN}),
        (
            urls.business(TOKEN, 7, 9),
            "actions.business",
            {"token": TOKEN, "other_id": 7, "intro": "9"},
        ),
        (urls.business(TOKEN, 7, None), "actions.business", {"token": TOKEN, "other_id": 7}),
    ]
    with app.test_request_context(base_url=BASE):
        for built, endpoint, values in cases:
            assert built == url_for(endpoint, _external=True, **values)
