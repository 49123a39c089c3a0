import pytest

from planner.security.redirects import safe_next

HOME = "/home"


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "//evil.example/phish",
        "/\t/evil.example/phish",
        "/\n/x",
        "\n//evil.example",
        " //evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example/x",
        "/o\x00k",
        "/o\x7fk",
    ],
)
def test_offsite_or_malformed_targets_fall_back(target):
    assert safe_next(target, HOME) == HOME


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/dinners/3", "/dinners/3"),
        ("/dinners/3?tab=guests#top", "/dinners/3?tab=guests#top"),
        ("/dîner", "/d%C3%AEner"),
    ],
)
def test_local_paths_are_kept(target, expected):
    assert safe_next(target, HOME) == expected


@pytest.mark.parametrize(
    "query",
    ["//evil.example/steal", "/%09/evil.example/phish", "/%0A/x", "/%0D%0A/x", "%5C%5Cevil"],
)
def test_login_never_redirects_offsite_nor_fails(client, make_organiser, query):
    organiser = make_organiser()
    response = client.post(
        f"/auth/login?next={query}",
        data={"email": organiser.email, "password": organiser.password},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, make_organiser):
    organiser = make_organiser()
    response = client.post(
        "/auth/login?next=/dinners/7",
        data={"email": organiser.email, "password": organiser.password},
    )
    assert response.headers["Location"] == "/dinners/7"
