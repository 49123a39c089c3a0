"""Fixtures for the mail tests: every lifecycle email of one realistic seated dinner, sent
through the web, `tick` with a frozen clock and the real SMTP server; SpamAssassin to score it."""

import copy
import html
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest

from planner.extensions import db
from planner.lifecycle.scheduler import mark_held, tick, timing
from planner.models import Dinner, Invitation, Organiser, OutboxMessage
from planner.services.dinners import DinnerDetails, create_dinner, details_of
from tests.actions.pages import submit
from tests.conftest import _empty_all_tables, _test_config
from tests.helpers import settings
from tests.mail.spamassassin import spamassassin_path
from tests.web.guest_helpers import invite
from tests.web.test_rsvp import _answer, _first_industry
from tests.web.test_seating import PROFILES

START = datetime(2030, 3, 14, 19, 0)  # local, Europe/London
NAMES = [
    "Ana Souza",
    "Ben Okafor",
    "Chloe Martin",
    "Dev Patel",
    "Ella Novak",
    "Finn Byrne",
    "Grace Liu",
    "Hugo Schmidt",
    "Isla Grant",
    "Jonas Berg",
    "Kemi Adeyemi",
    "Liam Walsh",
    "Maya Cohen",
    "Noah Fischer",
    "Omar Haddad",  # says yes once the dinner is full: waitlisted, then offered a seat
]
DINNER = {
    "title": "Founders' Dinner",
    "starts_at_local": START,
    "timezone": "Europe/London",
    "venue": "The Old Mill, 12 Quay Street",
    "min_table_size": 6,
    "max_table_size": 8,
    "rsvp_deadline_local": START - timedelta(days=4),
}
ACCEPTING = 12  # the first twelve come, with PROFILES[i]; one declines, one never answers
WAITLISTED = NAMES[-1]
NEVER_ANSWERS = NAMES[ACCEPTING + 1]


@dataclass(frozen=True)
class SentMail:
    """One email as the SMTP server received it, with the outbox kind it was queued as."""

    kind: str
    message: EmailMessage

    def part(self, subtype: str) -> str:
        """Return the text of the body part of `subtype` ("plain" or "html")."""
        body = self.message.get_body((subtype,))
        assert body is not None and body.get_content_type() == f"text/{subtype}", self.kind
        return body.get_content()


@pytest.fixture(scope="module")
def lifecycle_mail(migrated_database, smtp_server, tmp_path_factory) -> list[SentMail]:
    """Drive one seated dinner of fourteen invitees through every lifecycle email."""
    from planner import create_app

    config = _test_config(migrated_database, smtp_server, tmp_path_factory.mktemp("deliver"))
    app = create_app(config)
    mailbox = smtp_server.handler
    mailbox.clear()
    try:
        _Scenario(app, mailbox).run()
        with app.app_context():
            rows = db.session.execute(db.select(OutboxMessage.message_id, OutboxMessage.kind))
            kinds = dict(rows.all())
        sent = [SentMail(kinds[m["Message-ID"]], _as_sent(m)) for m in mailbox.messages]
    finally:
        mailbox.clear()
        with app.app_context():
            db.session.remove()
            _empty_all_tables(db)
            db.engine.dispose()
    return sent


def _as_sent(message: EmailMessage) -> EmailMessage:
    # The test server adds X-Envelope-To; score what the sender wrote.
    sent = copy.deepcopy(message)
    del sent["X-Envelope-To"]
    return sent


class _Scenario:
    """The organiser invites, guests answer, the dinner is seated and held, guests act."""

    def __init__(self, app, mailbox):
        self.app, self.mailbox, self.client = app, mailbox, app.test_client()

    def run(self) -> None:
        dinner_id = self.invite_and_answer()
        self.change_and_write(dinner_id)
        with self.app.app_context():
            when = timing(db.session.get(Dinner, dinner_id))
        self.tick(when.reminder)
        self.remove_with_a_note(dinner_id)
        assert self.client.post(f"/dinners/{dinner_id}/seat").status_code == 302
        self.tick(when.day_note)
        self.swap_after_day_note(dinner_id)
        with self.app.app_context():
            when = mark_held(
                db.session.get(Dinner, dinner_id), START + timedelta(hours=3), settings()
            )
            db.session.commit()
        self.tick(when.follow_up_1)
        self.act_on_follow_up_1()
        self.tick(when.follow_up_2)
        self.tick(when.re_ask)
        self.answer_re_ask()
        self.tick(when.outcome_check)
        self.cancel_another_dinner()

    def change_and_write(self, dinner_id: int) -> None:
        """The organiser moves the dinner to another venue and writes to those who accepted."""
        with self.app.app_context():
            details = details_of(db.session.get(Dinner, dinner_id))
        edit = {
            "title": details.title,
            "date": f"{details.starts_at_local:%Y-%m-%d}",
            "time": f"{details.starts_at_local:%H:%M}",
            "timezone": details.timezone,
            "venue": "Café Rot, Torstraße 12",
            "min_table_size": details.min_table_size,
            "max_table_size": details.max_table_size,
            "rsvp_deadline_date": f"{details.rsvp_deadline_local:%Y-%m-%d}",
            "rsvp_deadline_time": f"{details.rsvp_deadline_local:%H:%M}",
            "confirmed": "yes",
        }
        assert self.client.post(f"/dinners/{dinner_id}/edit", data=edit).status_code == 302
        note = {
            "audience": "accepted",
            "subject": "Parking at the venue",
            "note": "There is free parking behind the building.\n\nSee you on Thursday.",
            "confirmed": "yes",
        }
        assert self.client.post(f"/dinners/{dinner_id}/message", data=note).status_code == 302

    def cancel_another_dinner(self) -> None:
        """A second dinner of the organiser's is cancelled after two guests were invited."""
        with self.app.app_context():
            organiser = db.session.scalar(db.select(Organiser))
            spring = {"title": "Spring Dinner", "min_table_size": 2, "max_table_size": 2}
            dinner = create_dinner(organiser, DinnerDetails(**DINNER | spring))
            db.session.commit()
            dinner_id = dinner.id
        guests = "\n".join(f"{name} <{_address(name)}>" for name in NAMES[:3])
        assert invite(self.client, dinner_id, guests).status_code == 302
        self.wait_in_vain(dinner_id)
        assert self.client.post(f"/dinners/{dinner_id}/cancel").status_code == 302

    def wait_in_vain(self, dinner_id: int) -> None:
        """Two seats, three yeses: the third waits, and hears when no more seats can come."""
        seats = f"/dinners/{dinner_id}/capacity"
        assert self.client.post(seats, data={"capacity": 2}).status_code == 302
        invited = {
            m["To"].addresses[0].addr_spec: self.links(m)[0]
            for m in self.mailbox.messages
            if m["Subject"].endswith("Spring Dinner")
        }
        for name in NAMES[:3]:
            link = invited[_address(name)]
            industry = _first_industry(self.client, link.rsplit("/", 1)[1])
            answer = _answer(name=name, industry=industry)
            assert self.client.post(link, data=answer).status_code == 302
        with self.app.app_context():
            self.tick(timing(db.session.get(Dinner, dinner_id)).waitlist_closed)

    def remove_with_a_note(self, dinner_id: int) -> None:
        """The guest who never answered is removed, and told so with a line from the organiser."""
        with self.app.app_context():
            silent = db.session.scalar(
                db.select(Invitation.id).filter_by(email=_address(NEVER_ANSWERS))
            )
        note = {"tell_guest": "y", "note": "We had to make room for a speaker. Next time!"}
        removed = self.client.post(f"/dinners/{dinner_id}/guests/{silent}/remove", data=note)
        assert removed.status_code == 302

    def sign_up_and_verify(self, name: str, email: str, password: str) -> None:
        """Sign up through the web, open the mailed confirmation link, log in."""
        form = {"name": name, "email": email, "password": password, "confirm": password}
        assert self.client.post("/auth/register", data=form).status_code == 302
        (confirmation,) = [
            m for m in self.mailbox.messages if m["To"].addresses[0].addr_spec == email
        ]
        self.client.get(self.links(confirmation)[0])
        login = {"email": email, "password": password}
        assert self.client.post("/auth/login", data=login).status_code == 302

    def invite_and_answer(self) -> int:
        self.sign_up_and_verify("Olive Grant", "olive@example.com", "correct horse 1")
        with self.app.app_context():
            organiser = db.session.scalar(db.select(Organiser))
            dinner = create_dinner(organiser, DinnerDetails(**DINNER))
            db.session.commit()
            dinner_id = dinner.id
        guests = "\n".join(f"{name} <{_address(name)}>" for name in NAMES)
        assert invite(self.client, dinner_id, guests).status_code == 302
        invited = {_address(name) for name in NAMES}
        links = {
            m["To"].addresses[0].addr_spec: self.links(m)[0]
            for m in self.mailbox.messages
            if m["To"].addresses[0].addr_spec in invited
        }
        assert len(links) == len(NAMES)
        industry = _first_industry(self.client, links[_address(NAMES[0])].rsplit("/", 1)[1])
        for name, profile in zip(NAMES[:ACCEPTING], PROFILES, strict=False):
            company = f"{name.split()[1]} & Co"
            answer = _answer(name=name, company=company, industry=industry, **_fields(profile))
            assert self.client.post(links[_address(name)], data=answer).status_code == 302
        declined = self.client.post(links[_address(NAMES[ACCEPTING])], data={"attending": "no"})
        assert declined.status_code == 302
        self.wait_and_be_offered(dinner_id, links[_address(WAITLISTED)], industry)
        return dinner_id

    def swap_after_day_note(self, dinner_id: int) -> None:
        """Swap two guests once they know their table: both get a table_change mail."""
        with self.app.app_context():
            plan = db.session.get(Dinner, dinner_id).seating_plan
            first, second = (plan.tables[0].seats[0], plan.tables[1].seats[0])
            data = {"action": "swap", "course": 1, "version": plan.version}
            data.update(guest=first.invitation_id, other=second.invitation_id)
        saved = self.client.post(f"/dinners/{dinner_id}/seating/save", data=data)
        assert saved.status_code == 302

    def wait_and_be_offered(self, dinner_id: int, link: str, industry: str) -> None:
        """The dinner is full: one more yes is waitlisted, then more seats offer it one."""
        seats = f"/dinners/{dinner_id}/capacity"
        assert self.client.post(seats, data={"capacity": ACCEPTING}).status_code == 302
        answer = _answer(name=WAITLISTED, industry=industry, **_fields(PROFILES[-1]))
        assert self.client.post(link, data=answer).status_code == 302
        assert self.client.post(seats, data={"capacity": ACCEPTING + 1}).status_code == 302

    def act_on_follow_up_1(self) -> None:
        """Introduce two people (both say yes: one mail to both), ask a table-mate for one."""
        follow_ups = [m for m in self.mailbox.messages if m["Subject"].startswith("Your table")]
        table = next(link for link in self.links(follow_ups[0]) if link.endswith("/table"))
        introduce = re.search(r'href="(/act/[^"]+/introduce/[^"]+)"', self.client.get(table).text)
        response = submit(self.client, html.unescape(introduce.group(1)), "introduce-form")
        assert response.status_code == 302
        for _ in range(2):  # the target says yes, then the seeker
            consent = self.mailbox.messages[-1]
            (answer,) = [link for link in self.links(consent) if "/introductions/" in link]
            yes = self.client.post(answer, data={"yes": "Yes, introduce us"})
            assert yes.status_code == 302
        assert self.mailbox.messages[-1]["Subject"].startswith("Introduction:")
        page = self.client.get(table).text
        please = re.search(r'href="(/act/[^"]+/intro_requested/\d+)"', page).group(1)
        assert submit(self.client, please, "ask-form").status_code == 302

    def answer_re_ask(self) -> None:
        """A table-mate asked once more answers "not for me"."""
        re_asks = [m for m in self.mailbox.messages if m["Subject"].startswith("Could you help")]
        assert re_asks, "nobody was asked once more"
        not_for_me = next(link for link in self.links(re_asks[0]) if "/not_for_me/" in link)
        assert self.client.post(not_for_me).status_code == 302

    def tick(self, moment: datetime) -> None:
        with self.app.app_context():
            tick(moment, settings())

    @staticmethod
    def links(message: EmailMessage) -> list[str]:
        text = message.get_body(("plain",)).get_content()
        return re.findall(r"https?://tablewise\.test(/\S+)", text)


def _address(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@example.com"


def _fields(profile: tuple) -> dict[str, str]:
    role, does, asks, can_introduce = profile
    does_text = f"I work as a {role.lower()}: {does}."
    return {"role": role, "does": does_text, "ask_1": asks[0], "can_introduce": can_introduce}


@pytest.fixture(scope="session")
def spamassassin() -> str:
    """The `spamassassin` executable; skipped when missing, but CI must have it."""
    path = spamassassin_path()
    if path is None:
        message = "spamassassin not found (apt-get install spamassassin)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must prove deliverability, never skip it
        pytest.skip(message)
    return path
