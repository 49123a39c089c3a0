"""Personal links expire per purpose, are revoked on removal or re-issue, one live RSVP link."""

from datetime import timedelta

import pytest

from planner.errors import LinkNotUsable, NotFound
from planner.extensions import db
from planner.lifecycle.tokens import (
    EXPIRED_LINK,
    REPLACED_LINK,
    WITHDRAWN_LINK,
    TokenLifetimes,
    holder,
    issue_token,
    revoke_tokens,
)
from planner.models import Dinner, Invitation, TokenPurpose
from planner.models._types import utcnow


@pytest.fixture
def guest(make_organiser, make_dinner, make_guest):
    organiser = make_organiser(name="Olive Grant")
    return make_guest(make_dinner(organiser))


def test_revoke_tokens_stops_every_link_of_the_guest_and_names_the_organiser(app, guest):
    now = utcnow()
    with app.app_context():
        invitation = db.session.get(Invitation, guest.id)
        action = issue_token(invitation, TokenPurpose.ACTIONS, now)
        assert revoke_tokens(invitation, now) == 2
        db.session.commit()
        for token, purpose in ((guest.token, TokenPurpose.RSVP), (action, TokenPurpose.ACTIONS)):
            with pytest.raises(LinkNotUsable) as caught:
                holder(token, purpose, now)
            assert caught.value.reason == WITHDRAWN_LINK
            assert caught.value.organiser_name == "Olive Grant"


def test_revoke_tokens_of_one_purpose_leaves_the_others(app, guest):
    now = utcnow()
    with app.app_context():
        invitation = db.session.get(Invitation, guest.id)
        action = issue_token(invitation, TokenPurpose.ACTIONS, now)
        assert revoke_tokens(invitation, now, TokenPurpose.ACTIONS) == 1
        db.session.commit()
        assert holder(guest.token, TokenPurpose.RSVP, now).id == guest.id
        with pytest.raises(LinkNotUsable):
            holder(action, TokenPurpose.ACTIONS, now)


def test_a_new_rsvp_link_replaces_the_older_one(app, guest):
    now = utcnow()
    with app.app_context():
        newer = issue_token(db.session.get(Invitation, guest.id), TokenPurpose.RSVP, now)
        db.session.commit()
        assert holder(newer, TokenPurpose.RSVP, now).id == guest.id
        with pytest.raises(LinkNotUsable) as caught:
            holder(guest.token, TokenPurpose.RSVP, now)
        assert caught.value.reason == REPLACED_LINK


def test_links_expire_per_purpose_after_the_dinner(app, guest):
    lifetimes = TokenLifetimes(rsvp_days=30, action_days=90, unsubscribe_days=365)
    with app.app_context():
        invitation = db.session.get(Invitation, guest.id)
        end = invitation.dinner.ends_at
        before = end - timedelta(days=3)
        assert lifetimes.expiry(invitation, TokenPurpose.RSVP, before) == end + timedelta(30)
        assert lifetimes.expiry(invitation, TokenPurpose.ACTIONS, before) == end + timedelta(90)
        # An outcome check minted weeks after the dinner still gets its full lifetime.
        later = end + timedelta(weeks=7)
        assert lifetimes.expiry(invitation, TokenPurpose.ACTIONS, later) == later + timedelta(90)
        assert lifetimes.expiry(invitation, TokenPurpose.UNSUBSCRIBE, later) == later + timedelta(
            365
        )


def test_an_expired_link_says_so(app, guest):
    with app.app_context():
        dinner = db.session.get(Invitation, guest.id).dinner
        after = dinner.ends_at + timedelta(days=31)
        with pytest.raises(LinkNotUsable) as caught:
            holder(guest.token, TokenPurpose.RSVP, after)
        assert caught.value.reason == EXPIRED_LINK
        with pytest.raises(NotFound):
            holder("no-such-token", TokenPurpose.RSVP, after)
        assert db.session.get(Dinner, dinner.id) is not None


def test_a_replaced_link_shows_a_friendly_page_not_a_500(app, client, guest):
    with app.app_context():
        issue_token(db.session.get(Invitation, guest.id), TokenPurpose.RSVP)
        db.session.commit()
    response = client.get(f"/rsvp/{guest.token}")
    assert response.status_code == 410
    assert "newer link" in response.text and "Olive Grant" in response.text


def test_answering_keeps_the_link_the_guest_is_using(client, guest, smtp):
    answer = {"attending": "no", "name": "Guest"}
    assert client.post(f"/rsvp/{guest.token}", data=answer).status_code == 302
    assert client.get(f"/rsvp/{guest.token}").status_code == 200
    (confirmation,) = smtp.wait_for(1)
    assert guest.token in confirmation.get_body(("plain",)).get_content()
