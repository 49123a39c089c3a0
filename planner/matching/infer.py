"""Map free text onto taxonomy specialties outside of a scoring run (forms, tests, debugging)."""

from __future__ import annotations

from collections.abc import Sequence

from .matcher import IDENTITY_KIND_WEIGHTS, SpecialtyMatcher, taxonomy_phrases
from .taxonomy import Taxonomy, default_taxonomy
from .text import TextSpace, drop_target


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
        memberships = matcher.memberships([drop_target(t) for t in texts], IDENTITY_KIND_WEIGHTS)
    keys = [s.key for s in taxonomy.specialties]
    result = []
    for row in memberships:
        ranked = sorted(((float(v), keys[i]) for i, v in enumerate(row) if v > 0), reverse=True)
        result.append([(key, round(value, 3)) for value, key in ranked[:k]])
    return result
