import re

import pytest

from planner import create_app
from planner.auth.verification import organiser_for_token, verification_token
from planner.extensions import db
from planner.models import Organiser
from planner.services.accounts import EmailNotVerified, require_verified


def _sign_up(client, email="olive@example.com"):
    client.post(
        "/auth/register",
        data={
            "name": "Olive",
            "email": email,
            "password": "long enough pw",
            "confirm": "long enough pw",
        },
    )


def _link_path(mail) -> str:
    text = mail.get_body(("plain",)).get_content()
    return re.search(r"http://tablewise\.test(/auth/verify/\S+)", text).group(1)


def _organiser(app, email="olive@example.com") -> Organiser:
    with app.app_context():
        organiser = db.session.scalar(db.select(Organiser).where(Organiser.email == email))
        db.session.expunge(organiser)
        return organiser


def test_the_mailed_link_verifies_the_address(app, client, smtp):
    _sign_up(client)
    with pytest.raises(EmailNotVerified):
        require_verified(_organiser(app))
    (mail,) = smtp.to("olive@example.com")
    response = client.get(_link_path(mail))
    assert response.status_code == 302
    assert "confirmed" in client.get("/auth/login").text
    require_verified(_organiser(app))  # no longer raises


def test_a_tampered_link_does_not_verify(app, client, smtp):
    _sign_up(client)
    path = _link_path(smtp.to("olive@example.com")[0])
    client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB"))
    assert "invalid or has expired" in client.get("/auth/login").text
    assert _organiser(app).email_verified_at is None


def test_an_expired_link_does_not_verify(app_config, smtp):
    app_config["VERIFY_EMAIL_MAX_AGE"] = -1
    app = create_app(app_config)
    client = app.test_client()
    _sign_up(client)
    client.get(_link_path(smtp.to("olive@example.com")[0]))
    assert _organiser(app).email_verified_at is None


def test_a_link_for_an_old_address_does_not_verify_a_new_one(app, make_organiser):
    ref = make_organiser(verified=False)
    with app.test_request_context():
        organiser = db.session.get(Organiser, ref.id)
        token = verification_token(organiser)
        organiser.email = "changed@example.com"
        db.session.commit()
        assert organiser_for_token(token) is None


def test_an_unverified_organiser_can_ask_for_a_new_link(app, client, smtp, login, make_organiser):
    ref = make_organiser(verified=False)
    login(ref)
    client.post("/auth/verify/resend")
    (mail,) = smtp.to(ref.email)
    client.get(_link_path(mail))
    assert _organiser(app, ref.email).email_verified_at is not None


def test_new_links_are_rate_limited(client, smtp, login, make_organiser):
    login(make_organiser(verified=False))
    statuses = [client.post("/auth/verify/resend").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(smtp.messages) == 3


def test_factory_organisers_are_verified(app, make_organiser):
    require_verified(_organiser(app, make_organiser().email))
