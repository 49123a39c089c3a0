"""Map free text onto taxonomy specialties outside of a scoring run (forms, tests, debugging)."""

from __future__ import annotations

from collections.abc import Sequence

from .flags import VAGUE_HINT, is_vague_ask
from .matcher import IDENTITY_KIND_WEIGHTS, SpecialtyMatcher, sharpen, taxonomy_phrases
from .taxonomy import Taxonomy, default_taxonomy
from .text import TextSpace, content_words, drop_target


def infer_specialties(
    texts: Sequence[str], taxonomy: Taxonomy | None = None, as_ask: bool = False, k: int = 3
) -> list[list[tuple[str, float]]]:
    """Return, per text, up to k (specialty key, strength) pairs, strongest first.

    With as_ask=False a text is read as a self-description ("Law - estate planning"), with
    as_ask=True as a request ("someone who can get my clients approved for a house loan").
    """
    taxonomy = taxonomy or default_taxonomy()
    corpus = [p.text for p in taxonomy_phrases(taxonomy)] + list(texts)
    space = TextSpace(corpus, taxonomy.abbreviations)
    matcher = SpecialtyMatcher(taxonomy, space)
    if as_ask:
        memberships, _ = matcher.read_asks(texts)
    else:
        texts = [drop_target(t) for t in texts]
        memberships = sharpen(matcher.listed_scores(texts, IDENTITY_KIND_WEIGHTS))
    keys = [s.key for s in taxonomy.specialties]
    result = []
    for row in memberships:
        ranked = sorted(((float(v), keys[i]) for i, v in enumerate(row) if v > 0), reverse=True)
        result.append([(key, round(value, 3)) for value, key in ranked[:k]])
    return result


UNKNOWN_HINT = (
    "We could not tell which kind of business this is; naming it helps "
    '(e.g. "a mortgage broker" rather than "someone for money stuff").'
)
MIN_CONTENT_WORDS = 2
CLEAR_MATCH = 0.5


def ask_hints(asks: Sequence[str], taxonomy: Taxonomy | None = None) -> list[str | None]:
    """Return, per ask, a hint for the RSVP form when it is too vague to match (else None)."""
    found = infer_specialties(asks, taxonomy, as_ask=True) if asks else []
    hints: list[str | None] = []
    for ask, specialties in zip(asks, found, strict=True):
        if is_vague_ask(ask) or (content_words(ask) < MIN_CONTENT_WORDS and not specialties):
            hints.append(VAGUE_HINT)
        elif not specialties or specialties[0][1] < CLEAR_MATCH:
            hints.append(UNKNOWN_HINT)
        else:
            hints.append(None)
    return hints
