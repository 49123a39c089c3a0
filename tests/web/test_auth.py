import threading
import time

from sqlalchemy import func, select

from planner.extensions import db
from planner.models import Organiser

SIGN_UP = {"name": "Olive", "password": "long enough pw", "confirm": "long enough pw"}


def _sign_up(client, email: str):
    return client.post("/auth/register", data={**SIGN_UP, "email": email})


def test_sign_up_hashes_password_and_asks_to_confirm_the_address(app, client, smtp):
    response = _sign_up(client, "Olive@Example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert "Check your inbox" in client.get("/auth/login").text
    with app.app_context():
        organiser = db.session.scalar(db.select(Organiser))
        assert organiser.email == "olive@example.com"
        assert "long enough pw" not in organiser.password_hash
        assert organiser.check_password("long enough pw")
        assert organiser.email_verified_at is None
    (mail,) = smtp.to("olive@example.com")
    assert "/auth/verify/" in mail.get_body(("plain",)).get_content()


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


def test_sign_up_with_a_taken_email_answers_like_a_new_one(app, client, smtp, make_organiser):
    existing = make_organiser()
    taken = _sign_up(client, existing.email.upper())
    taken_page = client.get("/auth/login").text
    fresh = _sign_up(client, "newcomer@example.com")
    fresh_page = client.get("/auth/login").text

    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"]
    assert "exists" not in taken_page
    assert taken_page.replace(existing.email.upper(), "X") == fresh_page.replace(
        "newcomer@example.com", "X"
    )
    # The owner of the existing account hears about it; no second account appears.
    (notice,) = smtp.to(existing.email)
    assert "already have an account" in notice.get_body(("plain",)).get_content()
    with app.app_context():
        count = db.session.scalar(
            select(func.count()).where(func.lower(Organiser.email) == existing.email)
        )
        assert count == 1


def test_parallel_sign_ups_of_one_email_make_one_account_and_no_error(no_rate_limits, app, smtp):
    statuses = []

    def sign_up():
        statuses.append(_sign_up(app.test_client(), "race@example.com").status_code)

    threads = [threading.Thread(target=sign_up) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 6
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organiser)) == 1


def _login_seconds(client, emails: list[str], rounds: int = 7) -> list[float]:
    """Return the fastest wrong-password login per email, the emails taking turns in each round
    so that a change in machine load hits all of them alike."""
    timings = {email: [] for email in emails}
    for _ in range(rounds):
        for email in emails:
            started = time.perf_counter()
            client.post("/auth/login", data={"email": email, "password": "wrong password!"})
            timings[email].append(time.perf_counter() - started)
    return [min(timings[email]) for email in emails]


def test_login_takes_as_long_for_an_unknown_email_as_for_a_known_one(
    no_rate_limits, client, make_organiser
):
    known, unknown = _login_seconds(client, [make_organiser().email, "nobody@example.com"])
    assert 0.5 < unknown / known < 2, (known, unknown)


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


def test_csrf_is_enforced_when_enabled(app_config, make_organiser):
    from planner import create_app

    app_config["WTF_CSRF_ENABLED"] = True
    organiser = make_organiser()
    client = create_app(app_config).test_client()
    response = client.post(
        "/auth/login", data={"email": organiser.email, "password": organiser.password}
    )
    assert response.status_code == 400
