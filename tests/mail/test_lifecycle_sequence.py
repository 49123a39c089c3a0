"""The full lifecycle of one dinner, through the web and `tick` with a frozen clock, received
by the real SMTP server on loopback: every email on schedule, once, multipart, one recipient."""

import re
from datetime import datetime, timedelta
from html import unescape

from planner.extensions import db
from planner.lifecycle.scheduler import mark_held, tick, timing
from planner.models import Dinner, MailStatus, OutboxMessage
from tests.actions.pages import submit
from tests.helpers import settings
from tests.web import guest_helpers
from tests.web.test_rsvp import _answer, _first_industry
from tests.web.test_seating import PROFILES

START = datetime(2030, 3, 14, 19, 0)  # local, Europe/London (GMT in March)
GUESTS = [f"{role.title()} Person <g{n}@example.com>" for n, (role, *_) in enumerate(PROFILES[:8])]


def _links(message, pattern=r"https?://tablewise\.test(/\S+)") -> list[str]:
    return re.findall(pattern, message.get_body(("plain",)).get_content())


def _kinds_since(smtp, count):
    return [m["Subject"] for m in smtp.messages[count:]]


def _sent_at(app, kind) -> set[datetime]:
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxMessage).filter_by(kind=kind)).all()
        assert {row.status for row in rows} == {MailStatus.SENT}
        return {row.sent_at for row in rows}


def _setup_dinner(app, client, smtp, make_organiser, make_dinner, login):
    organiser = make_organiser()
    dinner_id = make_dinner(
        organiser,
        starts_at_local=START,
        rsvp_deadline_local=START - timedelta(days=4),
        min_table_size=3,
        max_table_size=4,
    )
    login(organiser)
    assert guest_helpers.invite(client, dinner_id, "\n".join(GUESTS)).status_code == 302
    invitations = {m["To"].addresses[0].addr_spec: m for m in smtp.messages}
    assert len(invitations) == 8
    industry = None
    for n, (role, does, asks, intro) in enumerate(PROFILES[:7]):
        (path,) = _links(invitations[f"g{n}@example.com"])
        industry = industry or _first_industry(client, path.rsplit("/", 1)[1])
        answer = _answer(
            name=f"{role.title()} Person",
            role=role,
            industry=industry,
            does=f"I work as a {role.lower()}: {does}.",
            ask_1=asks[0],
            can_introduce=intro,
        )
        assert client.post(path, data=answer).status_code == 302
    return dinner_id, invitations


def test_the_whole_sequence_arrives_on_schedule_once_each(
    app, client, smtp, make_organiser, make_dinner, login
):
    dinner_id, invitations = _setup_dinner(app, client, smtp, make_organiser, make_dinner, login)
    invite = invitations["g0@example.com"]
    calendar = next(p for p in invite.iter_attachments() if p.get_content_type() == "text/calendar")
    (rsvp_path,) = _links(invite)
    assert rsvp_path in calendar.get_content().replace("\r\n ", "")  # event link in .ics and body
    confirmations = [m for m in smtp.messages if m["Subject"].startswith("You're coming")]
    assert len(confirmations) == 7
    assert "Mortgage brokers" in confirmations[0].get_body(("plain",)).get_content()
    with app.app_context():
        when = timing(db.session.get(Dinner, dinner_id))
    assert when.reminder == datetime(2030, 3, 8, 19, 0)  # 48 h before the deadline
    assert when.day_note == datetime(2030, 3, 14, 9, 0)
    seen = len(smtp.messages)

    def at(moment):
        nonlocal seen
        with app.app_context():
            tick(moment, settings())
            tick(moment, settings())  # cron firing twice sends nothing twice
        new = smtp.messages[seen:]
        seen = len(smtp.messages)
        return new

    assert at(when.reminder - timedelta(minutes=1)) == []
    (reminder,) = at(when.reminder)
    assert reminder["To"].addresses[0].addr_spec == "g7@example.com"
    (reminder_link,) = _links(reminder)
    assert "Caterer Person" in client.get(reminder_link).text  # a working, fresh RSVP link
    assert client.post(f"/dinners/{dinner_id}/seat").status_code == 302

    assert at(when.day_note - timedelta(minutes=1)) == []
    day_notes = at(when.day_note)
    assert len(day_notes) == 7 and "g7@example.com" not in {
        m["To"].addresses[0].addr_spec for m in day_notes
    }
    assert all(
        re.search(r"Your table: \d", m.get_body(("plain",)).get_content()) for m in day_notes
    )

    with app.app_context():
        when = mark_held(db.session.get(Dinner, dinner_id), START + timedelta(hours=3), settings())
        db.session.commit()
    assert when.follow_up_1 == datetime(2030, 3, 15, 9, 0)
    assert at(when.follow_up_1 - timedelta(minutes=1)) == []
    first = {m["To"].addresses[0].addr_spec: m for m in at(when.follow_up_1)}
    assert len(first) == 7

    # Ana-the-realtor's table-mate reports introducing her for her ask: follow-up 2 thanks
    # instead of asking her to restate it.
    realtor = first["g0@example.com"]
    mate_email, mate_mail = next(
        (e, m)
        for e, m in first.items()
        if e != "g0@example.com"
        and "Realtor Person" in m.get_body(("plain",)).get_content()
        and _table(m) == _table(realtor)
    )
    # From the table-mates page: "Introduce them" for her ask, done from the mate's own network.
    table = next(link for link in _links(mate_mail) if link.endswith("/table"))
    introduce = re.search(
        r'href="(/act/[^"]+/introduce/\d+\?ask=Mortgage[^"]*)"', client.get(table).text
    )
    response = submit(client, unescape(introduce.group(1)), "introduced-elsewhere")
    assert response.status_code == 302

    assert at(when.follow_up_2 - timedelta(minutes=1)) == []
    second = {m["To"].addresses[0].addr_spec: m for m in at(when.follow_up_2)}
    assert len(second) == 7
    realtor_text = second["g0@example.com"].get_body(("plain",)).get_content()
    assert "Nobody has helped" not in realtor_text and "helped you" in realtor_text
    assert "Nobody has helped" in second["g1@example.com"].get_body(("plain",)).get_content()

    # g1 unsubscribes through the one-click header of follow-up 1.
    header = first["g1@example.com"]["List-Unsubscribe"]
    assert first["g1@example.com"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.match(r"<https?://tablewise\.test(/\S+)>", header).group(1)
    assert client.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200

    # The gentle re-ask: open asks once more to who could help (g1 opted out: not asked).
    assert at(when.re_ask - timedelta(minutes=1)) == []
    re_asks = at(when.re_ask)
    assert re_asks and "g1@example.com" not in {m["To"].addresses[0].addr_spec for m in re_asks}
    assert all(m["List-Unsubscribe"] for m in re_asks)

    assert at(when.outcome_check - timedelta(minutes=1)) == []
    checks = at(when.outcome_check)
    assert sorted(m["To"].addresses[0].addr_spec for m in checks) == sorted(
        e for e in first if e != "g1@example.com"
    )
    assert at(when.outcome_check + timedelta(weeks=10)) == []

    for kind, moment in [
        ("reminder", when.reminder),
        ("day_note", when.day_note),
        ("follow_up_1", when.follow_up_1),
        ("follow_up_2", when.follow_up_2),
        ("outcome_check", when.outcome_check),
    ]:
        assert _sent_at(app, kind) == {moment}
    for message in smtp.messages:
        assert len(message["To"].addresses) == 1
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == len(set(ids))


def _table(message) -> str:
    return re.search(r"at table (\d+)", message.get_body(("plain",)).get_content()).group(1)
