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
from tests.actions.pages import submit
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


def _answer_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    (path,) = re.findall(r"http://tablewise\.test(/act/\S+/introductions/\S+)", text)
    return path


def _offer(client, app, introducer, seeker, target, ask=ASK, **changes):
    return submit(
        client, _link(app, introducer, "offer", seeker, target, ask), "introduce-form", **changes
    )


def test_double_opt_in_asks_the_target_then_the_seeker_then_sends_one_mail_to_both(
    app, client, smtp, people
):
    (ana, ben, cy), _ = people
    page = client.get(_link(app, cy, "offer", ana, ben, ASK)).text
    assert "meet" in page and "Ask " in page  # a prefilled, editable introduction
    words = "Ana, meet Ben: you two should talk about first homes. Cy"
    assert _offer(client, app, cy, ana, ben, message=words).status_code == 302
    link = _link(app, cy, "offer", ana, ben, ASK)
    again = client.get(link).text  # offered twice: the page says so, and asks nobody twice
    assert 'id="already-offered"' in again and 'id="introduce-form"' not in again
    client.post(link, data={"target": str(ben.id), "message": words})
    (consent,) = smtp.messages
    assert consent["To"].addresses[0].addr_spec == ben.email  # the target is asked first
    to_ben = consent.get_body(("plain",)).get_content()
    assert "We ask you first" in to_ben and "both said yes" not in to_ben.split("Once")[0]
    answer_path = _answer_link(consent)
    before = _state(app)
    assert 'id="yes"' in client.get(answer_path).text
    client.post(answer_path)  # a POST without an answer decides nothing
    assert _state(app) == before
    client.post(answer_path, data={"yes": "Yes, introduce us"})
    client.post(answer_path, data={"no": "No, thank you"})  # the first answer stands
    # Ana never asked Cy for this: she is asked next, and told that Ben said yes.
    (to_ana,) = smtp.messages[1:]
    assert to_ana["To"].addresses[0].addr_spec == ana.email
    assert (
        "Mortgage broker P said yes" in to_ana["Subject"]
        and "has said yes" in to_ana.get_body(("plain",)).get_content()
    )
    assert "We have asked Realtor P" in client.get(answer_path).text
    client.post(_answer_link(to_ana), data={"yes": "Yes, introduce us"})
    (joint,) = smtp.messages[2:]
    assert sorted(a.addr_spec for a in joint["To"].addresses) == sorted([ana.email, ben.email])
    text = joint.get_body(("plain",)).get_content()
    assert words in text and "You both said yes" in text and ASK not in text.split(words)[0]
    with app.app_context():
        intro = db.session.scalar(db.select(Introduction))
        assert intro.status == IntroStatus.MADE
        result = funnel(intro.seeker.dinner)
        assert (result.asks, result.offered, result.made, result.booked) == (3, 1, 1, 0)
        rows = {row.invitation.id: row for row in ledger(intro.seeker.dinner)}
        assert (rows[cy.id].given, rows[ana.id].received) == (1, 1)


def test_a_seeker_who_asked_is_not_asked_again(app, client, smtp, people):
    (ana, ben, cy), _ = people
    client.post(_link(app, ana, "outcome", "intro_requested", cy, ASK))
    smtp.clear()
    _offer(client, app, cy, ana, ben)
    (consent,) = smtp.messages
    assert "Realtor P" in consent.get_body(("plain",)).get_content().split("Answer")[0]
    assert "asked for this introduction" in consent.get_body(("plain",)).get_content()
    client.post(_answer_link(consent), data={"yes": "Yes, introduce us"})
    (joint,) = smtp.messages[1:]
    assert len(joint["To"].addresses) == 2


def test_offering_an_introduction_already_made_says_so(app, client, smtp, people):
    (ana, ben, cy), _ = people
    client.post(_link(app, ana, "outcome", "intro_requested", cy, ASK), follow_redirects=True)
    client.get(_offer(client, app, cy, ana, ben).headers["Location"])  # as a browser would
    client.post(_answer_link(smtp.to(ben.email)[-1]), data={"yes": "Yes, introduce us"})
    again = client.get(_link(app, cy, "offer", ana, ben, ASK)).text
    assert "We have asked" not in again and "already introduced" in again
    offered_again = client.post(
        _link(app, cy, "offer", ana, ben, ASK), data={"target": str(ben.id), "message": "x"}
    )
    page = client.get(offered_again.headers["Location"]).text
    assert "We have asked" not in page and "already introduced" in page


def test_a_declined_introduction_sends_nothing_to_the_seeker(app, client, smtp, people):
    (ana, ben, cy), _ = people
    _offer(client, app, cy, ana, ben)
    with app.app_context():
        intro = db.session.scalar(db.select(Introduction))
        intro_id = intro.id
    path = _link(app, ben, "introduction", intro_id)
    client.post(path, data={"no": "No, thank you"})
    assert 'id="answered"' in client.get(path).text
    assert smtp.to(ana.email) == []
    with app.app_context():
        assert db.session.get(Introduction, intro_id).status == IntroStatus.DECLINED


def test_only_the_person_asked_now_can_answer_an_introduction(app, client, smtp, people):
    (ana, ben, cy), _ = people
    _offer(client, app, cy, ana, ben)
    with app.app_context():
        intro_id = db.session.scalar(db.select(Introduction.id))
    assert (
        client.post(_link(app, cy, "introduction", intro_id), data={"yes": "y"}).status_code == 404
    )
    # The seeker's turn comes after the target's yes: answering early changes nothing.
    client.post(_link(app, ana, "introduction", intro_id), data={"yes": "y"})
    with app.app_context():
        intro = db.session.get(Introduction, intro_id)
        assert (intro.seeker_agreed_at, intro.target_agreed_at) == (None, None)


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


def test_an_introduction_needs_words_and_a_real_target(app, client, smtp, people):
    (ana, ben, cy), stranger = people
    link = _link(app, cy, "offer", ana, ben, ASK)
    empty = client.post(link, data={"target": str(ben.id), "message": "  "})
    assert empty.status_code == 422 and "Write a line or two" in empty.text
    for target in (str(stranger.id), str(ana.id), "nobody"):
        assert client.post(link, data={"target": target, "message": "Hi"}).status_code == 404
    assert client.get(link.replace(f"/{ben.id}?", "/x?")).status_code == 404
    assert smtp.messages == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Introduction.id))) == 0
