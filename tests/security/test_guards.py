import io

from planner.security.guards import NUL_MESSAGE

SIGN_UP = {"email": "olive@example.com", "password": "long enough pw", "confirm": "long enough pw"}


def test_nul_byte_in_a_form_field_is_a_400_with_a_message(app, client):
    response = client.post("/auth/register", data={**SIGN_UP, "name": "Ol\x00ive"})
    assert response.status_code == 400
    assert "NUL character" in response.text


def test_nul_byte_in_the_query_string_is_a_400(client):
    response = client.get("/auth/login?next=/x%00y")
    assert response.status_code == 400
    assert "NUL character" in response.text


def test_nul_byte_in_a_path_is_a_400_not_a_database_error(client):
    response = client.get("/rsvp/abc%00def")
    assert response.status_code == 400


def test_nul_byte_in_an_upload_name_is_a_400(client):
    response = client.post(
        "/auth/login",
        data={"file": (io.BytesIO(b"x"), "a\x00.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_request_over_the_size_limit_gets_a_friendly_413(app, client):
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/auth/login", data={"email": too_big, "password": "x"})
    assert response.status_code == 413
    assert "at most 2 MB" in response.text


def test_upload_over_the_size_limit_gets_a_413(app, client):
    blob = io.BytesIO(b"name,email\n" * 300_000)
    response = client.post(
        "/auth/login", data={"file": (blob, "guests.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 413


def test_nul_message_says_what_to_do():
    assert "Remove it" in NUL_MESSAGE
