"""Email addresses reach table-mates only with the guest's consent, given on the RSVP page."""

import re

from planner.extensions import db
from planner.lifecycle.drafts import preview_email
from planner.lifecycle.follow_up import compose_follow_up_1, compose_follow_up_2, seated_dinner
from planner.models import Dinner, Invitation, Outcome, OutcomeKind
from planner.models._types import utcnow
from tests.helpers import base_url
from tests.web.test_rsvp import _answer, _first_industry
from tests.web.test_seating import _seed


def test_the_rsvp_page_says_what_table_mates_see_and_sharing_is_off_by_default(
    app, client, smtp, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser())
    guest = make_guest(dinner_id)
    page = client.get(f"/rsvp/{guest.token}").text
    assert "What your table-mates will see" in page and 'name="share_email"' in page
    assert "checked" not in _checkbox(page)
    industry = _first_industry(client, guest.token)
    client.post(f"/rsvp/{guest.token}", data=_answer(industry=industry))
    with app.app_context():
        assert db.session.get(Invitation, guest.id).profile.share_email is False
    client.post(f"/rsvp/{guest.token}", data=_answer(industry=industry, share_email="y"))
    with app.app_context():
        assert db.session.get(Invitation, guest.id).profile.share_email is True
    assert "checked" in _checkbox(client.get(f"/rsvp/{guest.token}").text)


def _checkbox(page: str) -> str:
    return re.search(r'<input[^>]*name="share_email"[^>]*>', page).group(0)


def _render(app, dinner_id, compose, reader_index=0):
    with app.app_context():
        seated = seated_dinner(db.session.get(Dinner, dinner_id))
        person = seated.seated[reader_index]
        email = preview_email(person, compose(person, seated), base_url())
        mates = {mate.email: mate.id for mate in seated.mates(person)}
        return email.text + email.html, mates, person.id


def test_follow_ups_show_only_the_addresses_of_mates_who_agreed(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 8)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    body, mates, reader = _render(app, dinner_id, compose_follow_up_1)
    assert not any(email in body for email in mates)
    sharing_email, sharing_id = next(iter(mates.items()))
    with app.app_context():
        db.session.get(Invitation, sharing_id).profile.share_email = True
        # Two mates introduced the reader: follow-up 2 thanks both, by name.
        silent_id = next(i for i in mates.values() if i != sharing_id)
        for helper_id in (sharing_id, silent_id):
            db.session.add(
                Outcome(
                    dinner_id=dinner_id,
                    actor_id=helper_id,
                    other_id=reader,
                    kind=OutcomeKind.INTRODUCED,
                    created_at=utcnow(),
                )
            )
        db.session.commit()
    body, mates, _ = _render(app, dinner_id, compose_follow_up_1)
    assert sharing_email in body
    assert [email for email in mates if email in body] == [sharing_email]
    body, mates, _ = _render(app, dinner_id, compose_follow_up_2)
    assert "helped you" in body
    assert [email for email in mates if email in body] == [sharing_email]
