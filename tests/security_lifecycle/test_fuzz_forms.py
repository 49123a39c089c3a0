"""Every public form and the CSV import, fed arbitrary Unicode, control characters, NUL and
huge fields: never a 500, and the sender still delivers everything afterwards."""

import io
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.extensions import db
from planner.mail.sender import deliver_due
from planner.models import MailStatus, OutboxMessage
from planner.models._types import utcnow
from tests.actions.test_actions import _link
from tests.helpers import settings as app_settings
from tests.web.test_rsvp import _first_industry

# Any character a form can carry (lone surrogates cannot be encoded, so no client sends them).
_SPECIAL = st.sampled_from(["\x00", "\n", "\r", "\r\n", "\x0b", "\u2028", "\u202e", "\x1b", "\t"])
_CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs",)), _SPECIAL.filter(lambda c: len(c) == 1)
)
_SHORT = st.text(_CHARS, max_size=40)
# A plausible value with control characters, NUL or line breaks in it: it passes the form's
# checks, so it reaches the database and the mail.
_SEEDED = st.builds(
    lambda word, noise, special, tail: word + noise + special + tail,
    st.sampled_from(["Ana Souza", "Acme Ltd", "HR directors at 50-200-person firms"]),
    _SHORT,
    _SPECIAL,
    _SHORT,
)
_HUGE = st.builds(
    lambda piece, times: piece * times,
    st.text(_CHARS, min_size=1, max_size=4),
    st.integers(5_000, 60_000),
)
FIELD = st.one_of(*[_SEEDED] * 6, *[_SHORT] * 3, _HUGE)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RSVP_TEXT = [
    "name", "company", "role", "does", "serves", "ask_1", "ask_2", "ask_3",
    "can_introduce", "dietary", "prefer_not",
]  # fmt: skip
# Fields that must hold one of a few values for the form to pass: mostly valid, so the free
# text gets as far as the database and the mail, sometimes fuzzed too.
RSVP_CHOICES = {"attending": ["yes", "yes", "no"]}
DINNER_TEXT = ["title", "venue"]
DINNER_CHOICES = {
    "date": ["2031-05-01"],
    "time": ["19:00"],
    "timezone": ["Europe/London"],
    "min_table_size": ["6"],
    "max_table_size": ["10"],
    "rsvp_deadline_date": ["2031-04-20"],
    "rsvp_deadline_time": ["12:00"],
}


def _form(text: list[str], choices: dict[str, list[str]] | None = None):
    fields = dict.fromkeys(text, FIELD)
    for name, values in (choices or {}).items():
        fields[name] = st.one_of(st.sampled_from(values), st.sampled_from(values), FIELD)
    return st.fixed_dictionaries(fields)


@pytest.fixture
def held_table(make_organiser, make_dinner, make_guest, hold_dinner):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    guests = [make_guest(dinner_id, status="accepted", name=f"Mate {n}") for n in range(3)]
    hold_dinner(dinner_id, guests)
    return organiser, dinner_id, guests


def _ok(response) -> None:
    assert response.status_code < 500, response.status_code


def _sender_finishes(app) -> None:
    later = utcnow() + timedelta(minutes=1)
    with app.app_context():
        deliver_due(app_settings(), later, limit=10_000)
        stuck = db.session.scalar(
            db.select(db.func.count(OutboxMessage.id)).where(
                OutboxMessage.status == MailStatus.SENDING
            )
        )
        assert stuck == 0


def test_rsvp_form(app, client, smtp, make_organiser, make_dinner, make_guest):
    guest = make_guest(make_dinner(make_organiser()))  # open for answers
    choices = {**RSVP_CHOICES, "industry": [_first_industry(client, guest.token)]}

    @FUZZ
    @given(_form(RSVP_TEXT, choices))
    def post(data):
        _ok(client.post(f"/rsvp/{guest.token}", data=data))

    post()
    _ok(client.get(f"/rsvp/{guest.token}"))
    _sender_finishes(app)


def test_action_posts(app, client, smtp, held_table):
    _, _, (ana, ben, cy) = held_table
    links = [
        _link(app, ana, "outcome", "booked", ben),
        _link(app, ana, "outcome", "intro_requested", ben),
        _link(app, cy, "offer", ana, ben, ""),
    ]

    @FUZZ
    @given(st.sampled_from(links), _form(["ask"], {"yes": ["Yes"], "no": ["No"]}))
    def post(link, data):
        _ok(client.post(link, data=data))

    post()
    _sender_finishes(app)


def test_dinner_and_invite_forms_and_csv_import(app, client, smtp, held_table, login):
    organiser, dinner_id, _ = held_table
    login(organiser)

    @FUZZ
    @given(
        _form(DINNER_TEXT, DINNER_CHOICES),
        _form(["pasted"]),
        st.one_of(FIELD, st.binary(max_size=5000)),
    )
    def post(dinner, invite, csv):
        _ok(client.post("/dinners/new", data=dinner))
        _ok(client.post(f"/dinners/{dinner_id}/invite", data=invite))
        upload = csv.encode("utf-8", "surrogatepass") if isinstance(csv, str) else csv
        data = {"csv_file": (io.BytesIO(upload), "guests.csv")}
        _ok(client.post(f"/dinners/{dinner_id}/invite", data=data))

    post()
    _sender_finishes(app)
