"""Inviting in bulk gives every guest the same mail a one-by-one invitation would, with a
working link of their own, in the text, the HTML and the calendar file."""

import re

from planner.extensions import db
from planner.lifecycle import bulk_invite
from planner.lifecycle.invitations import invite_guests
from planner.lifecycle.tokens import holder
from planner.mail.render import RenderedEmail
from planner.models import Dinner, Invitation, OutboxMessage, TokenPurpose
from planner.models._types import utcnow
from planner.services.guests import Guest
from tests.helpers import base_url

NAMES = ["Zoë <b>O'Brien & Co</b>", "Ana Souza", "李小龍", "A" * 120]


def _guests(count: int) -> list[Guest]:
    return [Guest(NAMES[n % len(NAMES)], f"guest{n}@example.com") for n in range(count)]


def _unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "")


def test_each_guest_gets_their_own_working_link_in_every_part(
    app, make_organiser, make_dinner, monkeypatch
):
    rendered_in_full = []
    full = bulk_invite._render
    monkeypatch.setattr(
        bulk_invite, "_render", lambda *args: rendered_in_full.append(1) or full(*args)
    )
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        result = invite_guests(dinner, _guests(40), base_url())
        db.session.commit()
        assert len(result.invited) == 40
        # The stand-in template, then one full rendering per sample: not one per guest.
        assert len(rendered_in_full) <= 3
        tokens = set()
        for message in db.session.scalars(db.select(OutboxMessage)):
            invitation = db.session.get(Invitation, message.invitation_id)
            (token,) = set(re.findall(r"/rsvp/([\w-]{43})", message.text_body))
            assert holder(token, TokenPurpose.RSVP, utcnow()).id == invitation.id
            assert f"/rsvp/{token}" in message.html_body
            assert f"/rsvp/{token}" in _unfolded(message.ics)
            email, ics, _headers = full(invitation, token, base_url())
            assert (message.text_body, message.html_body, message.ics) == (
                email.text,
                email.html,
                ics,
            )
            tokens.add(token)
        assert len(tokens) == 40


def test_when_filling_in_would_differ_every_guest_is_rendered_in_full(
    app, make_organiser, make_dinner, monkeypatch
):
    # As if a template used the name in a way substitution cannot follow.
    wrong = RenderedEmail("wrong", "wrong", "wrong")
    monkeypatch.setattr(bulk_invite, "_fill", lambda template, person, token: (wrong, None, {}))
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        invite_guests(db.session.get(Dinner, dinner_id), _guests(5), base_url())
        db.session.commit()
        messages = db.session.scalars(db.select(OutboxMessage)).all()
        assert len(messages) == 5
        for message in messages:
            name = db.session.get(Invitation, message.invitation_id).name
            assert f"Hello {name}" in message.text_body and message.ics
