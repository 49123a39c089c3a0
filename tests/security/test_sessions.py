from planner.extensions import db
from planner.models import Organiser


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_copied_before_logout_stops_working_after_it(app, client, login, make_organiser):
    login(make_organiser())
    stolen = _session_cookie(client)
    client.post("/auth/logout")

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/").status_code == 302


def test_a_remember_me_cookie_stops_working_after_logout(app, client, make_organiser):
    organiser = make_organiser()
    client.post(
        "/auth/login",
        data={"email": organiser.email, "password": organiser.password, "remember": "y"},
    )
    remembered = client.get_cookie("remember_token").value
    client.post("/auth/logout")

    thief = app.test_client()
    thief.set_cookie("remember_token", remembered)
    assert thief.get("/").status_code == 302


def test_a_password_change_ends_existing_sessions(app, client, login, make_organiser):
    organiser = make_organiser()
    login(organiser)
    assert client.get("/").status_code == 200
    with app.app_context():
        db.session.get(Organiser, organiser.id).set_password("a brand new password")
        db.session.commit()
    assert client.get("/").status_code == 302


def test_a_session_from_before_versioning_logs_out_instead_of_failing(app, client, make_organiser):
    organiser = make_organiser()
    with client.session_transaction() as session:
        session["_user_id"] = str(organiser.id)
        session["_fresh"] = True
    assert client.get("/").status_code == 302
