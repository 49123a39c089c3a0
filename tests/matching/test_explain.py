"""Plain-word reasons for pairs and suggested introductions."""

from dataclasses import replace

from planner.matching import Weights, score_profiles
from tests.matching.conftest import person


def test_reason_quotes_the_ask_and_names_who_answers_it(home_crowd):
    matrix = score_profiles(home_crowd)
    ana, ben = matrix.index("ana"), matrix.index("ben")
    reasons = matrix.reasons(ana, ben)
    assert 1 <= len(reasons) <= 2
    joined = " | ".join(reasons)
    assert "Ana asked for" in joined and "house loan" in joined
    assert "Ben is a mortgage broker" in joined


def test_reasons_cover_both_directions_for_mutual_pairs(home_crowd):
    matrix = score_profiles(home_crowd)
    ana, ben = matrix.index("ana"), matrix.index("ben")
    reasons = matrix.reasons(ana, ben, k=2)
    assert any(r.startswith("Ana asked") for r in reasons)
    assert any(r.startswith("Ben asked") for r in reasons)


def test_k_limits_the_number_of_reasons(home_crowd):
    matrix = score_profiles(home_crowd)
    assert len(matrix.reasons(0, 1, k=1)) == 1


def test_competitors_are_explained(home_crowd):
    matrix = score_profiles(home_crowd)
    dan, eve = matrix.index("dan"), matrix.index("eve")
    joined = " ".join(matrix.reasons(dan, eve, k=3))
    assert "competing" in joined and "estate planning attorney" in joined


def test_friction_and_history_are_explained(home_crowd):
    crowd = [replace(home_crowd[0], prefer_not=("gus",)), *home_crowd[1:]]
    matrix = score_profiles(crowd, met_before=[frozenset({"ana", "ben"})])
    ana, ben, gus = matrix.index("ana"), matrix.index("ben"), matrix.index("gus")
    assert "asked not to be seated together" in matrix.reasons(ana, gus)[0]
    assert any("earlier dinner" in r for r in matrix.reasons(ana, ben, k=5))


def test_introduction_reason_can_come_from_can_introduce(home_crowd):
    matrix = score_profiles(home_crowd, Weights(ask_specialty=0.0))
    ana, ben = matrix.index("ana"), matrix.index("ben")
    reasons = " ".join(matrix.reasons(ana, ben, k=3))
    assert "Ben can introduce home inspectors" in reasons


def test_best_introductions_prefer_who_answers_the_ask(home_crowd):
    matrix = score_profiles(home_crowd)
    dan = matrix.index("dan")
    candidates = [matrix.index(pid) for pid in ("gus", "fay", "cara", "dan")]
    [(best, reason)] = matrix.best_introductions(dan, candidates)
    assert best == matrix.index("fay")
    assert "Dan asked for" in reason and "Fay" in reason
    assert len(matrix.best_introductions(dan, candidates, k=2)) == 2


def test_unrelated_pair_gets_an_honest_fallback(home_crowd):
    matrix = score_profiles(home_crowd)
    gus, cara = matrix.index("gus"), matrix.index("cara")
    [reason] = matrix.reasons(gus, cara)
    assert "No clear referral link" in reason


def test_businesses_are_not_called_people():
    from planner.matching.explain import _is_a

    assert _is_a("mortgage broker / loan officer") == "is a mortgage broker / loan officer"
    assert _is_a("event venue") == "is with an event venue"
    assert _is_a("IT support provider") == "is an IT support provider"


def test_reasons_name_an_answer_only_when_its_evidence_is_real():
    clinic = person(
        "c",
        "Dr. Shah",
        "Dental practice",
        asks=["help with insurance claims that keep getting denied"],
    )
    plumber = person("p", "Mike", "Plumbing", serves="homeowners", asks=["GCs"])
    billing = person("b", "Nadia", "Medical billing service", asks=["practice owners"])
    matrix = score_profiles([clinic, plumber, billing])
    assert all("asked for" not in reason for reason in matrix.reasons(0, 1, k=5))
    assert any("Nadia" in reason and "asked for" in reason for reason in matrix.reasons(0, 2, k=5))


def test_weak_evidence_gives_fewer_reasons_or_an_honest_fallback():
    florist = person("f", "Flo", "Florist", asks=["wedding planners"])
    coder = person("s", "Sid", "Software developer", asks=["startups"])
    [reason] = score_profiles([florist, coder]).reasons(0, 1)
    assert reason.startswith("No clear referral link")


def test_rivals_who_score_below_zero_are_explained_by_the_rivalry_first():
    one = person(
        "a", "Anjali", "Indian catering", serves="weddings in the city", asks=["event planners"]
    )
    two = person(
        "b", "Sanjay", "Indian catering", serves="weddings in the city", asks=["wedding planners"]
    )
    matrix = score_profiles([one, two])
    assert matrix.scores[0, 1] < 0
    assert "competing for the same clients" in matrix.reasons(0, 1, k=1)[0]
