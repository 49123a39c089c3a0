"""The gentle re-ask: open asks go once more to the table-mate who could hold them, who may
answer "not for me"; the asker hears what is open and who was asked."""

import re
from datetime import timedelta

import pytest

from planner.extensions import db
from planner.lifecycle.follow_up import seated_dinner
from planner.lifecycle.preferences import unsubscribe
from planner.lifecycle.reask import compose_re_ask, compose_re_ask_holder, open_holds
from planner.lifecycle.scheduler import tick, timing
from planner.models import Dinner, Invitation, OutboxMessage
from planner.models._types import utcnow
from tests.helpers import settings
from tests.web.test_dinner_lifecycle import _started
from tests.web.test_seating import _seed


@pytest.fixture
def held_dinner(app, client, make_organiser, make_dinner, make_guest, login):
    organiser, dinner_id = _seed(
        make_organiser, make_dinner, make_guest, 8, min_table_size=8, max_table_size=8
    )
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    _started(app, dinner_id)  # "held" only once the dinner has begun
    client.post(f"/dinners/{dinner_id}/held")
    return dinner_id


def _holds(app, dinner_id):
    with app.app_context():
        seated = seated_dinner(db.session.get(Dinner, dinner_id))
        return {
            person.name: [(h.ask, h.holder.name) for h in open_holds(person, seated)]
            for person in seated.seated
        }


def _sent(app, kind):
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.kind == kind))
        return {row.to_addr: row.text_body for row in rows}


def test_the_re_ask_goes_to_the_asker_and_to_who_could_help_at_its_time(
    app, client, smtp, held_dinner
):
    with app.app_context():
        when = timing(db.session.get(Dinner, held_dinner))
        assert when.re_ask - when.follow_up_2 == timedelta(days=7)  # the default
        tick(when.re_ask - timedelta(minutes=1), settings())
    assert _sent(app, "re_ask") == {}  # not before its time
    with app.app_context():
        tick(when.re_ask, settings())
    to_askers, to_holders = _sent(app, "re_ask"), _sent(app, "re_ask_holder")
    assert to_askers and to_holders
    holds = _holds(app, held_dinner)
    with app.app_context():
        email_of = {i.name: i.email for i in db.session.scalars(db.select(Invitation))}
    for asker, pairs in holds.items():
        if not pairs:
            assert email_of[asker] not in to_askers
            continue
        for ask, holder in pairs:
            assert ask in to_askers[email_of[asker]] and holder in to_askers[email_of[asker]]
            assert ask in to_holders[email_of[holder]] and asker in to_holders[email_of[holder]]
    for body in list(to_askers.values()) + list(to_holders.values()):
        assert "Stop follow-up emails" in body  # an optional kind: the opt-out is offered


def test_not_for_me_turns_the_silence_into_a_reason_and_stops_asking(
    app, client, smtp, held_dinner
):
    with app.app_context():
        tick(timing(db.session.get(Dinner, held_dinner)).re_ask, settings())
    to_holders = _sent(app, "re_ask_holder")
    holder_email, body = next(iter(to_holders.items()))
    (first,) = re.findall(r"Not for me / I don't know anyone: http://tablewise\.test(\S+)", body)[
        :1
    ]
    page = client.get(first)
    assert page.status_code == 200 and 'id="confirm"' in page.text
    assert client.post(first).status_code == 302
    assert 'id="recorded"' in client.get(first).text
    with app.app_context():
        seated = seated_dinner(db.session.get(Dinner, held_dinner))
        holder = next(p for p in seated.seated if p.email == holder_email)
        asker_id = int(re.search(r"/not_for_me/(\d+)", first).group(1))
        asker = db.session.get(Invitation, asker_id)
        assert all(h.holder.id != holder.id for h in open_holds(asker, seated))
        asker_email, holder_name = asker.email, holder.name
    # The asker sees the reason on the table page their re-ask links to.
    to_asker = _sent(app, "re_ask")[asker_email]
    table = re.search(r"http://tablewise\.test(/act/\S+/table)", to_asker).group(1)
    assert f"{holder_name} answered “not for me" in client.get(table).text


def test_a_holder_who_opted_out_is_neither_asked_nor_named(app, held_dinner):
    with app.app_context():
        seated = seated_dinner(db.session.get(Dinner, held_dinner))
        asker = next(p for p in seated.seated if open_holds(p, seated))
        holder = open_holds(asker, seated)[0].holder
        unsubscribe(holder, utcnow())
        assert all(h.holder.id != holder.id for h in open_holds(asker, seated))
        assert compose_re_ask_holder(holder, seated) is None or all(
            h.holder.id == holder.id for h in compose_re_ask_holder(holder, seated).context["holds"]
        )
        draft = compose_re_ask(asker, seated)
        assert draft is None or holder.name not in str(draft.context["holds"])
