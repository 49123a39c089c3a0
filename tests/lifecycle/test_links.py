"""Links built without Flask point at the very routes the blueprints serve."""

from flask import url_for

from planner.lifecycle.links import Urls

BASE = "http://tablewise.test"
TOKEN = "AbC-123_xyz"


def test_every_link_matches_its_route(app):
    urls = Urls(BASE + "/")
    cases = [
        (urls.rsvp(TOKEN), "rsvp.respond", {"token": TOKEN}),
        (
            urls.outcome(TOKEN, "booked", 7, "Mortgage brokers & planners"),
            "actions.outcome",
            {"token": TOKEN, "kind": "booked", "other_id": 7, "ask": "Mortgage brokers & planners"},
        ),
        (
            urls.outcome(TOKEN, "not_a_fit", 7),
            "actions.outcome",
            {"token": TOKEN, "kind": "not_a_fit", "other_id": 7},
        ),
        (
            urls.offer(TOKEN, 3, 4, "HR directors, 50–200 staff"),
            "actions.offer",
            {"token": TOKEN, "seeker_id": 3, "target_id": 4, "ask": "HR directors, 50–200 staff"},
        ),
        (
            urls.introduction(TOKEN, 9),
            "actions.introduction",
            {"token": TOKEN, "introduction_id": 9},
        ),
        (urls.unsubscribe(TOKEN), "actions.unsubscribe", {"token": TOKEN}),
    ]
    with app.test_request_context(base_url=BASE):
        for built, endpoint, values in cases:
            assert built == url_for(endpoint, _external=True, **values)
