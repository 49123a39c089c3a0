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

# Any character a form can carry (lone surrogates cannot be encoded, so no client sends them),
# with control characters, NUL and line breaks made likely.
_CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(["\x00", "\n", "\r", "\x0b", "\u2028", "\u202e", "\x1b", "\t"]),
)
_SHORT = st.text(_CHARS, max_size=40)
_HUGE = st.builds(
    lambda piece, times: piece * times,
    st.text(_CHARS, min_size=1, max_size=4),
    st.integers(5_000, 60_000),
)
FIELD = st.one_of(_SHORT, _SHORT, _SHORT, _HUGE)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RSVP_FIELDS = [
    "attending", "name", "company", "role", "industry", "does", "serves",
    "ask_1", "ask_2", "ask_3", "can_introduce", "dietary", "prefer_not",
]  # fmt: skip
DINNER_FIELDS = [
    "title", "date", "time", "timezone", "venue", "min_table_size", "max_table_size",
    "rsvp_deadline_date", "rsvp_deadline_time",
]  # fmt: skip


def _form(fields: list[str]):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(fields, FIELD))


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


def test_rsvp_form(app, client, smtp, held_table, make_guest):
    _, dinner_id, _ = held_table
    guest = make_guest(dinner_id)

    @FUZZ
    @given(_form(RSVP_FIELDS))
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
    @given(st.sampled_from(links), _form(["ask", "yes", "no"]))
    def post(link, data):
        _ok(client.post(link, data=data))

    post()
    _sender_finishes(app)


def test_dinner_and_invite_forms_and_csv_import(app, client, smtp, held_table, login):
    organiser, dinner_id, _ = held_table
    login(organiser)

    @FUZZ
    @given(_form(DINNER_FIELDS), _form(["pasted"]), st.one_of(FIELD, st.binary(max_size=5000)))
    def post(dinner, invite, csv):
        _ok(client.post("/dinners/new", data=dinner))
        _ok(client.post(f"/dinners/{dinner_id}/invite", data=invite))
        upload = csv.encode("utf-8", "surrogatepass") if isinstance(csv, str) else csv
        data = {"csv_file": (io.BytesIO(upload), "guests.csv")}
        _ok(client.post(f"/dinners/{dinner_id}/invite", data=data))

    post()
    _sender_finishes(app)
