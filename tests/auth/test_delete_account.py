from sqlalchemy import func, select

from planner.extensions import db
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail
from planner.models import (
    AccessToken,
    Dinner,
    Invitation,
    Organiser,
    OutboxMessage,
    Outcome,
    OutcomeKind,
    Profile,
)
from planner.models._types import utcnow


def _populate(app, make_dinner, make_guest, organiser) -> int:
    dinner_id = make_dinner(organiser)
    first = make_guest(dinner_id, status="accepted", does="Private profile text")
    second = make_guest(dinner_id, status="accepted")
    make_guest(dinner_id)
    with app.app_context():
        token = {"token_hash": f"{dinner_id:064d}", "purpose": "actions"}
        db.session.add(AccessToken(invitation_id=first.id, expires_at=utcnow(), **token))
        db.session.add(
            Outcome(
                dinner_id=dinner_id,
                actor_id=first.id,
                other_id=second.id,
                kind=OutcomeKind.BOOKED,
            )
        )
        queue_email(
            key=f"probe-{dinner_id}",
            kind="probe",
            to=first.email,
            email=RenderedEmail("s", "t", "h"),
            dinner_id=dinner_id,
            invitation_id=first.id,
        )
        db.session.commit()
    return dinner_id


def _count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_deleting_an_account_needs_the_password(app, client, login, make_organiser):
    organiser = make_organiser()
    login(organiser)
    response = client.post("/auth/delete", data={"password": "not mine", "confirm": "y"})
    assert "That is not your password." in response.text
    with app.app_context():
        assert db.session.get(Organiser, organiser.id) is not None


def test_deleting_an_account_removes_everything_hanging_off_it(
    app, client, login, make_organiser, make_dinner, make_guest
):
    organiser, bystander = make_organiser(), make_organiser()
    _populate(app, make_dinner, make_guest, organiser)
    kept_dinner = _populate(app, make_dinner, make_guest, bystander)
    login(organiser)

    response = client.post("/auth/delete", data={"password": organiser.password, "confirm": "y"})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # logged out
    with app.app_context():
        assert db.session.get(Organiser, organiser.id) is None
        assert _count(Dinner) == 1 and _count(Dinner, id=kept_dinner) == 1
        assert _count(Invitation) == 3 and _count(Profile) == 2
        # The bystander keeps the RSVP link of each of their 3 guests and the one action link.
        assert _count(AccessToken) == 4 and _count(Outcome) == 1 and _count(OutboxMessage) == 1
        texts = db.session.scalars(select(Profile.does)).all()
        assert "Private profile text" in texts  # the bystander's guests keep theirs


def test_the_deletion_page_asks_for_confirmation(client, login, make_organiser):
    login(make_organiser())
    page = client.get("/auth/delete").text
    assert "cannot be undone" in page
    response = client.post("/auth/delete", data={"password": "correct horse battery"})
    assert "Tick the box to confirm." in response.text
