"""One-click action pages: GET never changes anything, POST records once, tokens gate all."""

import re

import pytest

from planner.extensions import db
from planner.lifecycle.outcomes import funnel, ledger
from planner.lifecycle.tokens import Links
from planner.models import (
    AccessToken,
    Introduction,
    IntroStatus,
    Invitation,
    MailStatus,
    OutboxMessage,
    Outcome,
)
from planner.models._types import utcnow
from tests.helpers import base_url, settings
from tests.web.test_seating import PROFILES

ASK = PROFILES[0][2][0]  # the realtor's ask


@pytest.fixture
def people(make_organiser, make_dinner, make_guest, hold_dinner):
    """Three accepted guests at one table of a held dinner, plus one guest of another."""
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    guests = [
        make_guest(dinner_id, status="accepted", name=f"{role} P", role=role, asks=asks)
        for role, _, asks, _ in PROFILES[:3]
    ]
    hold_dinner(dinner_id, guests)
    stranger = make_guest(make_dinner(organiser), status="accepted", name="Elsewhere")
    return guests, stranger


def _link(app, who, method, *args, **kwargs) -> str:
    with app.app_context():
        person = db.session.get(Invitation, who.id)
        others = [db.session.get(Invitation, a.id) if hasattr(a, "id") else a for a in args]
        url = getattr(Links(person, base_url()), method)(*others, **kwargs)
        db.session.commit()
    return url.removeprefix("http://tablewise.test")


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def _state(app):
    with app.app_context():
        return (
            _count(app, Outcome),
            _count(app, Introduction),
            db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)),
            [i.unsubscribed_at for i in db.session.scalars(db.select(Invitation))],
        )


def test_get_on_any_action_link_changes_nothing(app, client, people):
    (ana, ben, cy), _ = people
    links = [
        _link(app, ben, "outcome", "introduced", ana, ASK),
        _link(app, ben, "outcome", "booked", ana),
        _link(app, ben, "outcome", "not_a_fit", ana),
        _link(app, ana, "outcome", "intro_requested", ben, ASK),
        _link(app, cy, "offer", ana, ben, ASK),
        _link(app, ana, "unsubscribe"),
    ]
    before = _state(app)
    for link in links:
        for _ in range(2):  # scanners and people open links more than once
            page = client.get(link)
            assert page.status_code == 200
            assert re.search(r'<form method="post"', page.text)
    assert _state(app) == before


def test_post_records_an_outcome_per_pair_and_per_ask_once(app, client, people):
    (ana, ben, _), _ = people
    link = _link(app, ben, "outcome", "introduced", ana, ASK)
    assert client.post(link).status_code == 302
    assert client.post(link).status_code == 302  # a double click records once
    page = client.get(link).text
    assert 'id="recorded"' in page and 'id="confirm"' not in page
    with app.app_context():
        (outcome,) = db.session.scalars(db.select(Outcome)).all()
        assert (outcome.actor_id, outcome.other_id, outcome.kind, outcome.ask) == (
            ben.id,
            ana.id,
            "introduced",
            ASK,
        )
        rows = {row.invitation.id: row for row in ledger(outcome.actor.dinner)}
        assert (rows[ben.id].given, rows[ben.id].received) == (1, 0)
        assert (rows[ana.id].given, rows[ana.id].received) == (0, 1)


def test_a_made_up_ask_is_recorded_against_the_pair_only(app, client, people):
    (ana, ben, _), _ = people
    client.post(_link(app, ben, "outcome", "introduced", ana, "free money"))
    with app.app_context():
        assert db.session.scalar(db.select(Outcome.ask)) == ""


def test_please_introduce_me_tells_the_helper(app, client, smtp, people):
    (ana, ben, _), _ = people
    client.post(_link(app, ana, "outcome", "intro_requested", ben, ASK))
    (message,) = smtp.to(ben.email)
    text = message.get_body(("plain",)).get_content()
    assert "asks whether you could introduce them" in text and ASK in text


@pytest.mark.parametrize(
    "make_url",
    [
        lambda app, p, s: "/act/not-a-token/booked/1",
        lambda app, p, s: _link(app, p[1], "outcome", "booked", s),  # someone from elsewhere
        lambda app, p, s: _link(app, p[1], "outcome", "booked", p[1]),  # oneself
        lambda app, p, s: _link(app, p[1], "outcome", "booked", p[0]).replace("booked", "sued"),
        lambda app, p, s: (
            _link(app, p[1], "unsubscribe").replace("unsubscribe/", "act/") + "/booked/1"
        ),  # an unsubscribe token does not open action pages
        lambda app, p, s: "/unsubscribe/not-a-token",
        lambda app, p, s: _link(app, p[2], "offer", p[0], p[0], ASK),
    ],
)
def test_unknown_or_foreign_links_are_404_for_get_and_post(app, client, people, make_url):
    url = make_url(app, *people)
    before = _state(app)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert _state(app) == before


def test_double_opt_in_introduces_both_only_after_the_target_says_yes(app, client, smtp, people):
    (ana, ben, cy), _ = people
    offer = _link(app, cy, "offer", ana, ben, ASK)
    client.post(offer)
    client.post(offer)  # offered twice, asked once
    (consent,) = smtp.messages
    assert consent["To"].addresses[0].addr_spec == ben.email  # the target is asked first
    consent_text = consent.get_body(("plain",)).get_content()
    (answer_path,) = re.findall(r"http://tablewise\.test(/act/\S+)", consent_text)
    before = _state(app)
    assert 'id="yes"' in client.get(answer_path).text
    assert _state(app) == before
    client.post(answer_path)  # a POST without an answer decides nothing
    assert _state(app) == before
    client.post(answer_path, data={"yes": "Yes, introduce us"})
    client.post(answer_path, data={"no": "No, thank you"})  # the first answer stands
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages[1:]) == sorted(
        [ana.email, ben.email]
    )
    to_ana = smtp.to(ana.email)[0].get_body(("plain",)).get_content()
    assert "Meet" not in to_ana and ben.email in to_ana and ASK in to_ana
    with app.app_context():
        intro = db.session.scalar(db.select(Introduction))
        assert intro.status == IntroStatus.MADE
        result = funnel(intro.seeker.dinner)
        assert (result.asks, result.offered, result.made, result.booked) == (3, 1, 1, 0)


def test_a_declined_introduction_sends_nothing_to_the_seeker(app, client, smtp, people):
    (ana, ben, cy), _ = people
    client.post(_link(app, cy, "offer", ana, ben, ASK))
    with app.app_context():
        intro = db.session.scalar(db.select(Introduction))
        intro_id = intro.id
    path = _link(app, ben, "introduction", intro_id)
    client.post(path, data={"no": "No, thank you"})
    assert 'id="answered"' in client.get(path).text
    assert smtp.to(ana.email) == []
    with app.app_context():
        assert db.session.get(Introduction, intro_id).status == IntroStatus.DECLINED


def test_only_the_target_can_answer_an_introduction(app, client, smtp, people):
    (ana, ben, cy), _ = people
    client.post(_link(app, cy, "offer", ana, ben, ASK))
    with app.app_context():
        intro_id = db.session.scalar(db.select(Introduction.id))
    assert (
        client.post(_link(app, ana, "introduction", intro_id), data={"yes": "y"}).status_code == 404
    )


def test_one_click_unsubscribe_works_without_csrf_and_stops_queued_follow_ups(
    app_config, people, smtp
):
    from planner import create_app
    from planner.lifecycle.drafts import queue_draft
    from planner.lifecycle.kinds import Draft
    from planner.mail.sender import deliver_due

    app_config["WTF_CSRF_ENABLED"] = True  # as in production: only this endpoint is exempt
    app = create_app(app_config)
    client = app.test_client()
    (ana, ben, _), _ = people
    with app.app_context():
        person = db.session.get(Invitation, ana.id)
        draft = Draft("outcome_check", "Later", {"mates": []})
        queue_draft(person, draft, key="later:1", links=Links(person, base_url()))
        db.session.commit()
    url = _link(app, ana, "unsubscribe")
    assert client.post(_link(app, ben, "outcome", "booked", ana)).status_code == 400  # CSRF
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and 'id="unsubscribed"' in response.text
    with app.app_context():
        assert db.session.get(Invitation, ana.id).unsubscribed_at is not None
        assert db.session.scalar(db.select(OutboxMessage.status)) == MailStatus.CANCELLED
        assert deliver_due(settings(), utcnow()) == 0
    assert smtp.messages == []


def test_action_page_post_works_with_csrf_from_the_page_itself(app_config, people):
    from planner import create_app

    app_config["WTF_CSRF_ENABLED"] = True
    app = create_app(app_config)
    client = app.test_client()
    (ana, ben, _), _ = people
    link = _link(app, ben, "outcome", "booked", ana)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(link).text)
    assert client.post(link, data={"csrf_token": csrf.group(1)}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Outcome.kind)) == "booked"


def test_tokens_are_stored_only_as_hashes(app, people):
    (ana, ben, _), _ = people
    link = _link(app, ben, "outcome", "booked", ana)
    token = link.split("/")[2]
    with app.app_context():
        hashes = db.session.scalars(db.select(AccessToken.token_hash)).all()
        assert hashes and all(token not in h for h in hashes)
