"""Plain-word reasons for a pair score, for the seating page and the follow-up emails."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .weights import CHANNELS

# `matrix` below is a planner.matching.ScoreMatrix; it is not imported, so that scoring may
# import this module without a cycle.
QUOTE_LIMIT = 90  # characters of an ask or introduction quoted in a reason
NOTABLE = 0.05  # contributions below this are noise, not reasons
REASON_FLOOR = 0.15  # an ask answered more weakly than this is not given as a reason
# A channel is named in a reason only when its own evidence clears this: a reason must be true.
EVIDENCE_FLOOR = 0.4
# Tie-breaking weights per evidence channel (specialty, introduce, profile, serves, sphere,
# semantic): naming the trade or the introduction explains best. The semantic channel is never
# named: a sentence-embedding cosine is evidence, not an explanation a guest could check.
EXPLAIN_PREFERENCE = (1.5, 1.2, 1.0, 1.0, 0.8, -1.0)
CLIENT_FLOOR = 0.1  # weighted client fit below this is not a reason
STARTER_FLOOR = 0.3  # shared ground outside work worth mentioning
# Label words that name a person rather than a business ("broker", "therapist", "coach").
PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "eon", "ary", "ect", "ive")
PERSON_WORDS = frozenset(
    {"agent", "attorney", "lawyer", "coach", "chef", "dj", "ceo", "cfo", "cto", "cmo", "vet"}
    | {"professional", "capitalist"}
)


def pair_reasons(matrix, i: int, j: int) -> list[tuple[float, str]]:
    """Return (weight, sentence) reasons for pair (i, j), most important first."""
    if i == j:
        return []
    candidates = [
        *direction_reason(matrix, i, j),
        *direction_reason(matrix, j, i),
        *pair_term_reasons(matrix, i, j),
    ]
    candidates = [c for c in candidates if abs(c[0]) >= NOTABLE]
    # A pair that scores below zero is explained by what pulls it down first.
    negative_first = matrix.scores[i, j] < 0
    candidates.sort(key=lambda c: (not (negative_first and c[0] < 0), -abs(c[0])))
    if not candidates:
        return [(0.0, f"No clear referral link between {_name(matrix, i)} and {_name(matrix, j)}")]
    return candidates


def introduction_reason(matrix, i: int, j: int) -> str:
    """Return why j is a useful introduction for i (falls back to the pair's top reason)."""
    mine = direction_reason(matrix, i, j)
    if mine and mine[0][0] >= NOTABLE:
        return mine[0][1]
    reasons = pair_reasons(matrix, i, j)
    return reasons[0][1]


@dataclass(frozen=True)
class DirectionIndex:
    """For every ordered pair, which of i's asks j answers best and through which channel."""

    best_ask: np.ndarray  # (n, n) ask index, -1 where i has no asks
    best_strength: np.ndarray  # (n, n)
    channel: np.ndarray  # (A, n) strongest evidence channel per ask and candidate


def direction_index(matrix) -> DirectionIndex:
    """Compute the DirectionIndex once, so that explaining all pairs stays fast."""
    f = matrix.features
    n = f.size
    strength = matrix.strength
    best_ask = np.full((n, n), -1)
    best_strength = np.zeros((n, n))
    owners, starts, counts = np.unique(f.ask_owner, return_index=True, return_counts=True)
    for owner, start, count in zip(owners, starts, counts, strict=True):
        block = strength[start : start + count]
        best_ask[owner] = start + block.argmax(axis=0)
        best_strength[owner] = block.max(axis=0)
    weighted = matrix.evidence * matrix.weights.channel_weights[:, None, None]
    preference = np.array(EXPLAIN_PREFERENCE)[:, None, None]
    # Only channels whose own evidence clears the floor may be named; -1 when none does.
    citable = (matrix.evidence >= EVIDENCE_FLOOR) & (preference > 0)
    contenders = np.where(citable, weighted * preference, -1.0)
    if contenders.size:
        channel = np.where(contenders.max(axis=0) > 0, contenders.argmax(axis=0), -1)
    else:
        channel = np.zeros((0, n), int)
    return DirectionIndex(best_ask, best_strength, channel)


def direction_reason(matrix, i: int, j: int) -> list[tuple[float, str]]:
    """Return at most one reason: how j answers i's best-answered ask, or is i's kind of client."""
    f, index = matrix.features, matrix.direction_index
    client = matrix.weights.client_fit * f.client_fit[i, j]
    ask = int(index.best_ask[i, j])
    if ask >= 0 and index.best_strength[i, j] < REASON_FLOOR:
        ask = -1  # too weak to be worth saying
    # A channel is named only when its own evidence clears EVIDENCE_FLOOR (-1 otherwise).
    channel = int(index.channel[ask, j]) if ask >= 0 else -1
    if channel < 0 or index.best_strength[i, j] < client:
        if client <= CLIENT_FLOOR:
            return []
        serves = _quote(f.profiles[i].serves, quoted=False)
        described = f"{_name(matrix, j)} is {_describe(f.profiles[j])}"
        return [(float(matrix.help[i, j]), f"{_name(matrix, i)} works with {serves}; {described}")]
    asked = f"{_name(matrix, i)} asked for {_quote(f.ask_text[ask])}"
    return [(float(matrix.help[i, j]), f"{asked}; {_answer(matrix, channel, ask, j)}")]


def _answer(matrix, channel: int, ask: int, j: int) -> str:
    f = matrix.features
    name = _name(matrix, j)
    profile = f.profiles[j]
    kind = CHANNELS[channel]
    if kind == "specialty":
        shared = f.ask_specialty[ask] * f.identity[j]
        return f"{name} {_is_a(_specialty_label(matrix, j, int(shared.argmax())))}"
    if kind == "introduce":
        return f"{name} can introduce {_quote(_best_intro(matrix, ask, j), quoted=False)}"
    if kind == "serves":
        return f"{name} works with {_quote(profile.serves, quoted=False)}"
    if kind == "sphere":
        sphere = f.taxonomy.spheres[int((f.identity[j] @ f.sphere_of).argmax())]
        return f"{name} works in the same {sphere.label.lower()} circle and likely knows them"
    return f"{name} is {_describe(profile)}"


def pair_term_reasons(matrix, i: int, j: int) -> list[tuple[float, str]]:
    """Return reasons from the pair-level terms (partners, rivals, friction, history)."""
    t, w, f = matrix.pair_terms, matrix.weights, matrix.features
    feature = t.features
    a, b = _name(matrix, i), _name(matrix, j)
    reasons = []
    if feature["sphere_partner"][i, j] > 0:
        labels = f"{_main_label(matrix, i)} and {_main_label(matrix, j)}"
        sentence = f"{a} and {b} serve the same clients from different angles ({labels})"
        reasons.append((w.sphere_partner * feature["sphere_partner"][i, j], sentence))
    if feature["common_ground"][i, j] > 0 and f.profiles[j].serves:
        sentence = f"Both work with {_quote(f.profiles[j].serves, quoted=False)}"
        reasons.append((w.common_ground * feature["common_ground"][i, j], sentence))
    rivalry = -(
        w.signed("competitor_penalty") * feature["competitor_penalty"][i, j]
        + w.signed("competitor_same_market") * feature["competitor_same_market"][i, j]
    )
    if feature["competitor_penalty"][i, j] > 0:
        shared = f.identity[i] * f.identity[j] * f.competes
        label = _lower(f.taxonomy.specialties[int(shared.argmax())].label)
        sentence = f"{a} and {b} are both {_plural(label)}, competing for the same clients"
        reasons.append((-rivalry, sentence))
    if t.prefer_not[i, j] > 0:
        reasons.append((-w.prefer_not_penalty, f"{a} and {b} asked not to be seated together"))
    if t.met_before[i, j] > 0:
        reasons.append((-(1.0 - w.met_before_factor), f"{a} and {b} met at an earlier dinner"))
    return reasons


def conversation_starter(matrix, i: int, j: int) -> str | None:
    """Return a line naming what i and j share outside work, or None when nothing clear."""
    topic = shared_interest(matrix, i, j)
    if topic is None:
        return None
    return f"{_name(matrix, i)} and {_name(matrix, j)} both mention {topic} outside work"


def shared_interest(matrix, i: int, j: int) -> str | None:
    """Return the word both i and j use about their life outside work, or None."""
    if i == j or matrix.pair_terms.personal[i, j] < STARTER_FLOOR:
        return None
    mine, theirs = (_interest_words(matrix.features.profiles[k].personal) for k in (i, j))
    shared = [word for word in mine if word in theirs]
    # The longest shared word is the most specific topic ("half-marathons" over "runs").
    return max(shared, key=len) if shared else None


def _interest_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in STARTER_SKIP]


STARTER_SKIP = frozenset(
    [
        "outside",
        "work",
        "love",
        "like",
        "enjoy",
        "into",
        "also",
        "with",
        "have",
        "that",
        "this",
        "from",
        "when",
        "weekends",
        "weekend",
        "time",
        "spend",
        "spending",
        "kids",
        "family",
        "really",
        "lots",
    ]
)


def _best_intro(matrix, ask: int, j: int) -> str:
    f = matrix.features
    own = np.flatnonzero(f.intro_owner == j)
    # The same reading as the score: best single shared specialty, qualified by the rest.
    by_specialty = (f.ask_specialty[ask][None, :] * f.intro_specialty[own]).max(axis=1)
    match = np.maximum(f.ask_vs_intro[ask, own], by_specialty * f.ask_qualifier_intro[ask, own])
    return f.intro_text[own[int(match.argmax())]]


def _specialty_label(matrix, j: int, specialty: int) -> str:
    return _lower(matrix.features.taxonomy.specialties[specialty].label)


def _main_label(matrix, i: int) -> str:
    f = matrix.features
    row = f.identity[i]
    if row.max() <= 0:
        return f.profiles[i].industry or "their field"
    return _lower(f.taxonomy.specialties[int(row.argmax())].label)


def _describe(profile) -> str:
    role = _lower(profile.role)
    if role and profile.company:
        return f"{_article(role)} at {profile.company}"
    what = role or _lower(profile.industry) or profile.does
    return _article(what) if what else "in a related field"


def _lower(label: str) -> str:
    # "Accountant / CPA" -> "accountant / CPA": acronyms keep their capitals.
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in label.split())


def _name(matrix, i: int) -> str:
    return matrix.features.profiles[i].first_name


def _quote(text: str, quoted: bool = True) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”" if quoted else text


def _is_a(label: str) -> str:
    """Return "is a mortgage broker" for people, "is with an event venue" for businesses."""
    segments = [part.split() for part in re.sub(r"\(.*?\)", "", label).split("/")]
    heads = [words[-1].lower() for words in segments if words]
    person = any(head.endswith(PERSON_ENDINGS) or head in PERSON_WORDS for head in heads)
    return f"is {_article(label)}" if person else f"is with {_article(label)}"


def _article(phrase: str) -> str:
    phrase = phrase.strip()
    if not phrase or phrase.lower().startswith(("a ", "an ", "the ", "in ")):
        return phrase
    first = phrase.split()[0].split("/")[0]
    # Acronyms are read letter by letter: "an HR director", "a CTO".
    vowel_sound = first[0] in "AEFHILMNORSX" if first.isupper() else first[0].lower() in "aeiou"
    return ("an " if vowel_sound else "a ") + phrase


def _plural(label: str) -> str:
    head = label.split(" / ")[0]
    if head.endswith("s"):
        return head
    if head.endswith("y") and head[-2:-1] not in set("aeiou"):
        return head[:-1] + "ies"  # "home care agency" -> "home care agencies"
    return head + "s"
