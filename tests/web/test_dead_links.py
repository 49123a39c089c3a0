"""A guest whose link does not work gets a page that says what happened and whom to ask."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from planner.extensions import db
from planner.lifecycle.tokens import hash_token
from planner.models import AccessToken
from planner.models._types import utcnow


def test_an_unknown_link_says_so_without_a_developer_404(client):
    for path in ("/rsvp/not-a-real-token", "/unsubscribe/not-a-real-token"):
        response = client.get(path)
        assert response.status_code == 404
        assert "This link is not one we know" in response.text
        assert "check your spelling" not in response.text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": utcnow()}, "the invitation it belonged to was withdrawn"),
        ({"expires_at": utcnow() - timedelta(minutes=1)}, "This link has expired."),
    ],
)
def test_a_withdrawn_or_expired_link_names_the_organiser_to_write_to(
    app, client, make_organiser, make_dinner, make_guest, change, message
):
    organiser = make_organiser(name="Olive Organiser")
    guest = make_guest(make_dinner(organiser))
    with app.app_context():
        db.session.execute(
            update(AccessToken)
            .where(AccessToken.token_hash == hash_token(guest.token))
            .values(**change)
        )
        db.session.commit()
    response = client.get(f"/rsvp/{guest.token}")
    assert response.status_code == 410  # Gone: a link we issued that no longer works
    assert message in response.text
    assert "Olive Organiser" in response.text
    assert f'href="mailto:{organiser.email}"' in response.text


def test_an_organiser_page_that_does_not_exist_is_a_plain_404(client, make_organiser, login):
    login(make_organiser())
    response = client.get("/dinners/999999")
    assert response.status_code == 404 and "Page not found" in response.text
    assert "This link" not in response.text
