"""Map free text (industries, roles, asks, introductions) onto taxonomy specialties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from .taxonomy import Taxonomy
from .text import TextSpace, normalise, phrase_tokens

# How much a match on each kind of phrase counts. A job title names the specialty outright; a
# need phrase ("house loan") is strong evidence in an ask but weaker in a self-description.
ASK_KIND_WEIGHTS = {"label": 1.0, "titles": 1.0, "needs": 0.95}
IDENTITY_KIND_WEIGHTS = {"label": 1.0, "titles": 1.0, "needs": 0.6}

MEMBERSHIP_FLOOR = 0.3  # below this cosine a phrase match is mostly shared boilerplate
RELATIVE_FLOOR = 0.6  # keep runner-up specialties only when nearly as good as the best
TOP_SPECIALTIES = 3


@dataclass(frozen=True)
class Phrase:
    """A taxonomy phrase with the specialty it names and how it names it."""

    text: str
    specialty: int
    kind: str


class SpecialtyMatcher:
    """Scores texts against every specialty by its best-matching phrase."""

    def __init__(self, taxonomy: Taxonomy, space: TextSpace) -> None:
        self.taxonomy = taxonomy
        self.space = space
        self.phrases = taxonomy_phrases(taxonomy)
        self._phrase_vectors = space.embed([p.text for p in self.phrases])
        texts = [normalise(p.text, taxonomy.abbreviations) for p in self.phrases]
        self._phrase_owner = np.array([p.specialty for p in self.phrases])
        self._phrase_kind = np.array([p.kind for p in self.phrases])
        # Whole-phrase containment is checked with a binary bag of stemmed words, so that
        # "residential real estate agent" fully contains the title "real estate agent".
        self._bags = CountVectorizer(analyzer=phrase_tokens, binary=True).fit(texts)
        self._phrase_bags = self._bags.transform(texts)
        self._phrase_lengths = np.asarray(self._phrase_bags.sum(axis=1)).ravel()

    @property
    def size(self) -> int:
        """Return the number of specialties."""
        return len(self.taxonomy.specialties)

    def phrase_scores(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return (len(texts), n_phrases) match strengths in [0, 1], weighted by phrase kind."""
        normalised = [normalise(t, self.taxonomy.abbreviations) for t in texts]
        cosine = (self.space.embed(texts) @ self._phrase_vectors.T).toarray()
        shared = (self._bags.transform(normalised) @ self._phrase_bags.T).toarray()
        contained = (shared >= self._phrase_lengths[None, :]) & (self._phrase_lengths[None, :] > 0)
        strength = np.maximum(cosine, contained.astype(float))
        weights = np.array([kind_weights.get(k, 0.0) for k in self._phrase_kind])
        return strength * weights[None, :]

    def scores(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return (len(texts), n_specialties): each specialty's best phrase match per text."""
        result = np.zeros((len(texts), self.size))
        if not texts:
            return result
        per_phrase = self.phrase_scores(texts, kind_weights)
        np.maximum.at(result.T, self._phrase_owner, per_phrase.T)
        return result

    def memberships(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return sparse-ish specialty memberships: the top few clear matches per text."""
        return sharpen(self.scores(texts, kind_weights))

    def best_phrase(self, text: str, specialty: int, kind_weights: dict[str, float]) -> str:
        """Return the taxonomy phrase of `specialty` that best matches `text` (for reasons)."""
        per_phrase = self.phrase_scores([text], kind_weights)[0]
        per_phrase = np.where(self._phrase_owner == specialty, per_phrase, -1.0)
        return self.phrases[int(per_phrase.argmax())].text


def sharpen(scores: np.ndarray) -> np.ndarray:
    """Zero all but each row's top specialties that pass the absolute and relative floors."""
    if scores.size == 0:
        return scores
    top = scores.max(axis=1, keepdims=True)
    keep = (scores >= MEMBERSHIP_FLOOR) & (scores >= RELATIVE_FLOOR * top)
    if scores.shape[1] > TOP_SPECIALTIES:
        cutoff = np.partition(scores, -TOP_SPECIALTIES, axis=1)[:, -TOP_SPECIALTIES][:, None]
        keep &= scores >= cutoff
    return np.where(keep, scores, 0.0)


def taxonomy_phrases(taxonomy: Taxonomy) -> list[Phrase]:
    """Return every label, title and need phrase of the taxonomy, as written."""
    phrases = []
    for index, specialty in enumerate(taxonomy.specialties):
        named = [("label", specialty.label)] + [("titles", t) for t in specialty.titles]
        named += [("needs", n) for n in specialty.needs]
        for kind, text in named:
            phrases.append(Phrase(text, index, kind))
    return phrases
