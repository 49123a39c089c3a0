from planner.extensions import db
from planner.models import Organiser


def test_sign_up_hashes_password_and_logs_in(app, client):
    response = client.post(
        "/auth/register",
        data={
            "name": "Olive",
            "email": "Olive@Example.com",
            "password": "long enough pw",
            "confirm": "long enough pw",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    with app.app_context():
        organiser = db.session.scalar(db.select(Organiser))
        assert organiser.email == "olive@example.com"
        assert "long enough pw" not in organiser.password_hash
        assert organiser.check_password("long enough pw")


def test_sign_up_errors_keep_what_was_typed(client):
    response = client.post(
        "/auth/register",
        data={"name": "Olive", "email": "olive@example.com", "password": "short", "confirm": "x"},
    )
    assert response.status_code == 200
    page = response.text
    assert "Use at least 10 characters." in page
    assert "The passwords differ." in page
    assert 'value="olive@example.com"' in page and 'value="Olive"' in page


def test_duplicate_email_is_refused(client, make_organiser):
    existing = make_organiser()
    response = client.post(
        "/auth/register",
        data={
            "name": "X",
            "email": existing.email.upper(),
            "password": "long enough pw",
            "confirm": "long enough pw",
        },
    )
    assert "An account with this email exists" in response.text


def test_wrong_password_is_refused_and_pages_need_login(client, make_organiser):
    organiser = make_organiser()
    assert client.get("/").status_code == 302
    response = client.post("/auth/login", data={"email": organiser.email, "password": "nope"})
    assert "That email and password do not match." in response.text
    assert client.get("/").status_code == 302


def test_logout_is_a_post(client, make_organiser, login):
    login(make_organiser())
    assert client.get("/auth/logout").status_code == 405
    client.post("/auth/logout")
    assert client.get("/").status_code == 302


def test_login_ignores_offsite_next(client, make_organiser):
    organiser = make_organiser()
    response = client.post(
        "/auth/login?next=//evil.example/steal",
        data={"email": organiser.email, "password": organiser.password},
    )
    assert response.headers["Location"] == "/"


def test_csrf_is_enforced_when_enabled(app_config, make_organiser):
    from planner import create_app

    app_config["WTF_CSRF_ENABLED"] = True
    organiser = make_organiser()
    client = create_app(app_config).test_client()
    response = client.post(
        "/auth/login", data={"email": organiser.email, "password": organiser.password}
    )
    assert response.status_code == 400
