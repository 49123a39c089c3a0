"""Pair scores: direction, competitors, mutual help, friction, history, robustness."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.matching import Profile, Weights, score_profiles
from tests.matching.conftest import person


def _row(matrix, pid):
    return matrix.index(pid)


def test_matrix_is_symmetric_with_zero_diagonal(home_crowd):
    matrix = score_profiles(home_crowd)
    assert matrix.ids == tuple(p.id for p in home_crowd)
    assert matrix.scores.shape == matrix.help.shape == (7, 7)
    assert np.allclose(matrix.scores, matrix.scores.T)
    assert np.all(np.diag(matrix.scores) == 0) and np.all(np.diag(matrix.help) == 0)


def test_help_is_directional(home_crowd):
    matrix = score_profiles(home_crowd)
    ana, cara = _row(matrix, "ana"), _row(matrix, "cara")
    # Ana asked for inspectors; Cara asked for buyer's agents: both directions help...
    assert matrix.help[ana, cara] > 0.3 and matrix.help[cara, ana] > 0.3
    gus = _row(matrix, "gus")
    # ...but nobody answers the DJ's ask for event planners.
    assert matrix.help[gus].max() < 0.3


def test_need_phrased_ask_finds_the_mortgage_broker(home_crowd):
    ana = replace(home_crowd[0], asks=home_crowd[0].asks[:1])  # only the house-loan ask
    matrix = score_profiles([ana, *home_crowd[1:]])
    ana = _row(matrix, "ana")
    others = [j for j in range(len(home_crowd)) if j != ana]
    assert max(others, key=lambda j: matrix.help[ana, j]) == _row(matrix, "ben")


def test_same_specialty_competitors_are_penalised(home_crowd):
    matrix = score_profiles(home_crowd)
    dan, eve, fay = _row(matrix, "dan"), _row(matrix, "eve"), _row(matrix, "fay")
    assert matrix.pair_terms.features["competitor_penalty"][dan, eve] > 0.5
    assert matrix.scores[dan, eve] < 0
    assert matrix.scores[dan, fay] > matrix.scores[dan, eve]
    softer = score_profiles(home_crowd, Weights(competitor_penalty=0.0))
    assert softer.scores[dan, eve] > matrix.scores[dan, eve]


def test_in_house_roles_do_not_compete():
    hr_one = person("a", "Ann", "Software", role="HR Director")
    hr_two = person("b", "Bea", "Biotech", role="Head of People")
    matrix = score_profiles([hr_one, hr_two])
    assert matrix.pair_terms.features["competitor_penalty"][0, 1] == 0


def test_mutual_bonus_adds_weight_times_the_weaker_direction(home_crowd):
    plain = score_profiles(home_crowd, Weights(mutual_bonus=0.0))
    boosted = score_profiles(home_crowd, Weights(mutual_bonus=1.0))
    ana, ben = _row(plain, "ana"), _row(plain, "ben")
    # The bonus multiplies the weaker direction's strongest evidence.
    weaker = plain.pair_terms.features["mutual_bonus"][ana, ben]
    assert weaker > 0.3
    assert np.isclose(boosted.scores[ana, ben] - plain.scores[ana, ben], weaker)
    # A one-way pair gains nothing from the bonus.
    gus = _row(plain, "gus")
    assert np.isclose(boosted.scores[ana, gus], plain.scores[ana, gus])


def test_prefer_not_penalises_the_pair_both_ways(home_crowd):
    base = score_profiles(home_crowd)
    ana = home_crowd[0]
    crowd = [replace(ana, prefer_not=("ben",)), *home_crowd[1:]]
    matrix = score_profiles(crowd)
    a, b = _row(matrix, "ana"), _row(matrix, "ben")
    assert matrix.scores[a, b] == matrix.scores[b, a]
    assert np.isclose(base.scores[a, b] - matrix.scores[a, b], Weights().prefer_not_penalty)
    assert matrix.scores[a, b] < 0


def test_met_before_scales_down_only_the_upside(home_crowd):
    base = score_profiles(home_crowd)
    factor = 0.25
    met = [frozenset({"ana", "ben"}), frozenset({"dan", "eve"}), frozenset({"ana", "ghost"})]
    matrix = score_profiles(home_crowd, Weights(met_before_factor=factor), met_before=met)
    a, b = _row(matrix, "ana"), _row(matrix, "ben")
    d, e = _row(matrix, "dan"), _row(matrix, "eve")
    assert np.isclose(matrix.scores[a, b], factor * base.scores[a, b])
    assert np.isclose(matrix.scores[d, e], base.scores[d, e])  # negative: left as is


def test_sphere_partners_without_asks_still_score_above_strangers():
    realtor = person("r", "Rita", "Residential real estate agent")
    broker = person("m", "Max", "Mortgage broker")
    dj = person("d", "Dee", "DJ and AV production")
    matrix = score_profiles([realtor, broker, dj])
    assert matrix.scores[0, 1] > matrix.scores[0, 2]


def test_empty_and_vague_profiles_do_not_crash():
    crowd = [
        Profile(id="1", name=""),
        Profile(id="2", name="Kim", industry="Entrepreneur", asks=("meet new people",)),
        Profile(id="3", name="Ivy", industry="Consultant", asks=("networking", "", "  ")),
    ]
    matrix = score_profiles(crowd)
    assert np.all(np.isfinite(matrix.scores))
    assert matrix.reasons(0, 1)


def test_zero_and_one_profile():
    assert score_profiles([]).scores.shape == (0, 0)
    single = score_profiles([person("x", "Xi", "Florist", asks=["wedding planners"])])
    assert single.scores.shape == (1, 1) and single.scores[0, 0] == 0


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.builds(
            lambda i, n, ind, serves, asks, intros: Profile(
                id=str(i), name=n, industry=ind, serves=serves, asks=asks, can_introduce=intros
            ),
            st.integers(),
            text,
            text,
            text,
            st.tuples(text, text),
            st.tuples(text),
        ),
        max_size=6,
        unique_by=lambda p: p.id,
    )
)
def test_any_profiles_give_a_finite_symmetric_matrix(crowd):
    matrix = score_profiles(crowd)
    assert np.all(np.isfinite(matrix.scores))
    assert np.allclose(matrix.scores, matrix.scores.T)
    assert np.all(np.diag(matrix.scores) == 0)


def test_weights_round_trip_and_aliases():
    tuned = Weights.from_mapping({"mutual_bonus": "0.9", "diversity": 0.3, "ask_match": 0.8})
    assert tuned.mutual_bonus == 0.9 and tuned.common_ground == 0.3 and tuned.ask_specialty == 0.8
    assert Weights.from_mapping(tuned.as_dict()) == tuned
    assert Weights.from_mapping({}) == Weights()


def test_unknown_weight_names_are_rejected():
    with pytest.raises(ValueError, match="mutal_bonus"):
        Weights.from_mapping({"mutal_bonus": 1.0})


def test_answers_and_best_ask_are_directional(home_crowd):
    matrix = score_profiles(home_crowd)
    ana, ben, gus = _row(matrix, "ana"), _row(matrix, "ben"), _row(matrix, "gus")
    assert matrix.answers(ana, ben) == matrix.help[ana, ben] > matrix.answers(ana, gus)
    assert matrix.best_ask(ana, ben) == home_crowd[0].asks[0]  # the house-loan ask
    assert matrix.best_ask(ben, ana) == home_crowd[1].asks[0]
    assert matrix.best_ask(ana, ana) is None
    assert matrix.best_ask(gus, ana) is None or matrix.answers(gus, ana) >= 0


def test_best_ask_is_the_ask_with_the_strongest_combined_evidence(home_crowd):
    matrix = score_profiles(home_crowd)
    ana, cara = _row(matrix, "ana"), _row(matrix, "cara")
    own = [a for a, owner in enumerate(matrix.features.ask_owner) if owner == ana]
    strongest = max(own, key=lambda a: matrix.strength[a, cara])
    assert matrix.best_ask(ana, cara) == matrix.features.ask_text[strongest] == "home inspectors"


def test_complementary_trades_are_partners_not_rivals():
    plumber = person("p", "Mike", "Plumbing", serves="homeowners", asks=["GCs"])
    gc = person(
        "g", "Sandra", "General contractor", serves="homeowners", asks=["a reliable plumber"]
    )
    rival = person(
        "q", "Carla", "Plumbing and drain cleaning", serves="homeowners", asks=["realtors"]
    )
    matrix = score_profiles([plumber, gc, rival])
    assert matrix.scores[0, 1] > 0.5
    assert matrix.pair_terms.features["competitor_penalty"][0, 1] == 0
    assert matrix.scores[0, 2] < 0 < matrix.scores[0, 1]


def test_rival_loses_to_whoever_can_introduce_what_was_asked():
    clinic = person(
        "a", "Sam", "Physical therapy clinic", serves="east side", asks=["ortho surgeons"]
    )
    other = person(
        "b", "Maria", "Physical therapy", serves="east side", asks=["orthopedic surgeons"]
    )
    rep = person(
        "c",
        "Kevin",
        "Medical device sales",
        asks=["PT clinics"],
        can_introduce=["orthopedic surgeons"],
    )
    matrix = score_profiles([clinic, other, rep])
    assert matrix.scores[0, 2] > matrix.scores[0, 1]
    assert matrix.scores[0, 1] < 0


def test_explicit_ask_answered_by_a_rival_still_counts():
    # Two estate lawyers compete, but one asked for exactly what the other does.
    one = person(
        "a", "Dan", "Estate planning attorney", serves="retirees", asks=["an elder law attorney"]
    )
    two = person("b", "Eve", "Elder law attorney", serves="retirees", asks=["financial advisors"])
    stranger = person("c", "Gus", "DJ and AV production", asks=["event planners"])
    matrix = score_profiles([one, two, stranger])
    assert matrix.answers(0, 1) > matrix.answers(0, 2)


def test_semantic_channel_is_absent_without_an_encoder(home_crowd):
    matrix = score_profiles(home_crowd)
    assert not matrix.evidence[-1].any()


def test_semantic_channel_adds_evidence_with_an_encoder(home_crowd):
    from planner.matching.embed import default_encoder

    encoder = default_encoder()
    if encoder is None:
        pytest.skip("sentence encoder not installed")
    matrix = score_profiles(home_crowd, encoder=encoder)
    ana, ben = _row(matrix, "ana"), _row(matrix, "ben")
    assert matrix.evidence[-1].max() > 0
    assert matrix.weights.ask_semantic > 0
    assert matrix.best_ask(ana, ben) == home_crowd[0].asks[0]


def test_shared_ground_outside_work_adds_a_little():
    sailor = person("a", "Ana", "Accounting", personal="outside work I race sailboats")
    other = person("b", "Bo", "Florist", personal="I crew on a sailboats team on weekends")
    third = person("c", "Cy", "Florist", personal="I collect vinyl records")
    matrix = score_profiles([sailor, other, third])
    assert matrix.scores[0, 1] > matrix.scores[0, 2]
    assert "sailboats" in matrix.conversation_starter(0, 1)
    assert matrix.conversation_starter(0, 2) is None


def test_semantic_texts_are_the_asks_and_the_offers(home_crowd):
    from planner.matching import semantic_texts

    ana = home_crowd[0]
    texts = semantic_texts(ana)
    assert set(ana.asks) <= set(texts)
    assert ana.serves in texts and "home buyers" in texts


def test_directed_ranks_who_answers_my_ask_above_a_vendor_who_asks_for_me():
    owner = person(
        "a", "Rosa", "Restaurant", role="Owner", asks=["a bookkeeper who knows restaurants"]
    )
    books = person("b", "Tom", "Bookkeeping", serves="small businesses", asks=["dentists"])
    photo = person("c", "Lia", "Food photography", serves="restaurants", asks=["restaurant owners"])
    # The directed form (kept for the default model, the one fitted with the encoder).
    matrix = score_profiles([owner, books, photo], Weights.fitted(semantic=True))
    assert matrix.weights.reverse_specialty < matrix.weights.ask_specialty
    # For Rosa, Tom answers her ask; Lia only asks for people like her (a lead for Lia).
    assert matrix.useful(0, 1) > matrix.useful(0, 2)
    assert matrix.useful(2, 0) > matrix.useful(0, 2)
    # The summed score, what seating uses, counts the lead too: it ranks Lia first.
    assert matrix.scores[0, 2] > matrix.scores[0, 1]
    assert np.allclose(matrix.scores, (matrix.directed + matrix.directed.T) / 2)


def test_reverse_weights_count_what_i_offer_the_other_person(home_crowd):
    plain = score_profiles(home_crowd, replace(Weights(), reverse_specialty=0.0))
    more = score_profiles(home_crowd, replace(Weights(), reverse_specialty=1.0))
    ana, ben = _row(plain, "ana"), _row(plain, "ben")
    gained = more.directed[ana, ben] - plain.directed[ana, ben]
    reverse = plain.pair_terms.features["reverse_specialty"][ana, ben]
    assert reverse > 0 and np.isclose(gained, reverse)
    assert np.isclose(more.help[ana, ben], plain.help[ana, ben])  # help is one direction only


def test_a_denials_ask_meets_the_trade_that_handles_denied_claims():
    # "denials" and "denied" share a stem, so the need phrase reaches the billing service,
    # while the home insurance agent (a false friend on "insurance") stays below it.
    ask = "claim denials from insurers"
    manager = person("a", "Nina", "Dental practice", role="Office manager", asks=[ask])
    billing = person("b", "Ravi", "Medical billing", serves="clinics", asks=["clinic owners"])
    agent = person("c", "Pat", "Insurance agent", serves="homeowners", asks=["realtors"])
    matrix = score_profiles([manager, billing, agent])
    assert matrix.answered_through(0, 1) == "specialty"
    assert matrix.evidence[0, 0, 1] > 0.65  # the whole phrase: 0.44 when only "claim" met
    assert matrix.answers(0, 1) > matrix.answers(0, 2)


def test_a_vendor_to_a_trade_is_not_its_rival():
    bistro = person("a", "Lou", "French bistro", role="Chef/owner", asks=["food costs"])
    diner = person("b", "Ida", "Diner", role="Owner", serves="families", asks=["line cooks"])
    advisor = person("c", "Nick", "Restaurant consulting", serves="independent restaurants")
    other = person("d", "Ana", "Restaurant consultant", serves="restaurants")
    matrix = score_profiles([bistro, diner, advisor, other])
    rivals = matrix.pair_terms.features["competitor_penalty"]
    assert rivals[0, 1] > 0.9  # two restaurants
    assert rivals[0, 2] < 0.1 and rivals[1, 3] < 0.1  # a restaurant and whoever serves them
    assert rivals[2, 3] > 0.9  # two consultants to restaurants
    assert matrix.pair_terms.features["sphere_partner"][0, 2] == 0  # nor a "partner" trade


def test_a_compound_ending_in_a_trades_title_word_names_that_trade():
    # Most cleaning-service titles end in "cleaning", so an unlisted kind of it is one too.
    vents = person("a", "Dora", "Dryer vent and upholstery cleaning", serves="homeowners")
    realtor = person("b", "Sam", "Realtor", asks=["a cleaning service before listings go live"])
    matrix = score_profiles([vents, realtor])
    cleaning = [s.key for s in matrix.features.taxonomy.specialties].index("cleaning_service")
    assert matrix.features.identity[0, cleaning] >= 0.8
    assert matrix.answered_through(1, 0) == "specialty"
