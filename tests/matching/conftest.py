"""Shared builders for matching tests."""

import pytest

from planner.matching import Profile


def person(pid: str, name: str, industry: str = "", **fields) -> Profile:
    """Build a Profile with tuples for the list fields."""
    for key in ("asks", "can_introduce", "prefer_not"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return Profile(id=pid, name=name, industry=industry, **fields)


@pytest.fixture
def home_crowd() -> list[Profile]:
    """A realtor, a mortgage broker, an inspector, two estate lawyers, an advisor, a DJ."""
    return [
        person(
            "ana",
            "Ana Ruiz",
            "Residential real estate agent",
            serves="first-time home buyers",
            asks=["someone who can get my clients approved for a house loan", "home inspectors"],
            can_introduce=["home buyers"],
        ),
        person(
            "ben",
            "Ben Cho",
            "Mortgage lending",
            role="Loan officer",
            serves="home buyers",
            asks=["realtors who work with first-time buyers"],
            can_introduce=["home inspectors", "real estate agents"],
        ),
        person("cara", "Cara Mendes", "Home inspection", asks=["buyer's agents"]),
        person(
            "dan",
            "Dan Quinn",
            "Law - estate planning",
            serves="retirees",
            asks=["financial advisors"],
        ),
        person(
            "eve",
            "Eve Reyes",
            "Estate planning attorney",
            serves="retirees",
            asks=["wealth managers"],
        ),
        person("fay", "Fay Osei", "Financial advisor", serves="retirees", asks=["estate lawyers"]),
        person("gus", "Gus Price", "DJ and AV production", asks=["event planners"]),
    ]
