"""Throw arbitrary input at every auth form: the answer is never a server error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CONTROL = st.characters(codec="utf-8", categories=("Cc", "Zl", "Zp", "Cf"))
# Anything a browser can send: every character UTF-8 can encode (lone surrogates cannot be
# sent at all, so the test client would fail before the server saw them).
ANY = st.characters(codec="utf-8")
NASTY = st.one_of(
    st.text(alphabet=ANY),
    st.text(alphabet=CONTROL, max_size=20),
    st.text(alphabet=st.one_of(CONTROL, ANY), max_size=300),
    st.builds(lambda char, size: char * size, ANY, st.integers(0, 2_500_000)),
    st.sampled_from(["olive@example.com", "a\r\nBcc: x@example.com", "\x00", "x" * 10_000]),
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _assert_handled(response):
    assert response.status_code < 500, response.status_code


@SETTINGS
@given(name=NASTY, email=NASTY, password=NASTY, confirm=NASTY)
def test_register_form(no_rate_limits, client, smtp, name, email, password, confirm):
    data = {"name": name, "email": email, "password": password, "confirm": confirm}
    _assert_handled(client.post("/auth/register", data=data))


@SETTINGS
@given(email=NASTY, password=NASTY, remember=NASTY, next_=NASTY)
def test_login_form(no_rate_limits, client, email, password, remember, next_):
    data = {"email": email, "password": password, "remember": remember}
    _assert_handled(client.post("/auth/login", query_string={"next": next_}, data=data))


@SETTINGS
@given(email=NASTY, next_=NASTY)
def test_login_as_a_real_user_with_any_next(no_rate_limits, app, make_organiser, email, next_):
    organiser = make_organiser()
    client = app.test_client()
    data = {"email": organiser.email, "password": organiser.password}
    response = client.post("/auth/login", query_string={"next": next_}, data=data)
    _assert_handled(response)
    location = response.headers.get("Location", "/")
    assert location.startswith("/") and not location.startswith("//")


@SETTINGS
@given(password=NASTY, confirm=NASTY, token=NASTY, next_=NASTY)
def test_delete_and_verify_forms(
    no_rate_limits, client, smtp, login, make_organiser, password, confirm, token, next_
):
    login(make_organiser(verified=False))
    _assert_handled(client.post("/auth/delete", data={"password": password, "confirm": confirm}))
    _assert_handled(client.get("/auth/verify/" + token[:5000]))
    _assert_handled(client.post("/auth/verify/resend", data={"next": next_}))
