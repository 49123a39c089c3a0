"""Map free text (industries, roles, asks, introductions) onto taxonomy specialties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .arrays import group_max
from .taxonomy import Taxonomy
from .text import (
    STOP_WORDS,
    TextSpace,
    ask_head,
    content_words,
    drop_purpose,
    head_parts,
    is_generic_head,
    list_items,
    phrase_tokens,
    stem,
    words,
)

# How much a match on each kind of phrase counts. A job title names the specialty outright; a
# need phrase ("house loan") is strong evidence in an ask but weaker in a self-description.
ASK_KIND_WEIGHTS = {"label": 1.0, "titles": 1.0, "needs": 0.95}
IDENTITY_KIND_WEIGHTS = {"label": 1.0, "titles": 1.0, "needs": 0.8}
# Whom someone serves names client kinds ("restaurants", "HR directors"), rarely a need.
SERVES_KIND_WEIGHTS = {"label": 1.0, "titles": 1.0, "needs": 0.3}

MEMBERSHIP_FLOOR = 0.3  # below this cosine a phrase match is mostly shared boilerplate
RELATIVE_FLOOR = 0.8  # keep runner-up specialties only when nearly as good as the best
TOP_SPECIALTIES = 3
# A text holding every word of a phrase matches it fully; holding some of its words is weaker
# evidence than the share suggests, hence the power.
COVERAGE_POWER = 1.5
FULL_COVERAGE = 0.999
SHADOWED_SHARE = 0.5  # most a phrase keeps when a longer phrase of another specialty matched
HEAD_CLEAR = 0.9  # an ask's head phrase this close to a specialty names it outright
CORE_SHARE = 0.8  # weight of the rest of an ask when its head names nothing clearly
OWN_SPECIALTY_DISCOUNT = 0.7
TERSE_CLEAR = 0.7
NOUN_PHRASE_WORDS = 3  # a longer head is a sentence ("new patients leave bad reviews")
HEAD_WORD_CLEAR = 0.2  # a specialty using a compound's last word must match at least this
# Words that end business names without saying what the business does ("Cole Plumbing Services").
NAME_TAILS = frozenset(
    stem(word)
    for word in (
        *("services", "service", "group", "company", "co", "inc", "llc", "ltd", "solutions"),
        *("partners", "associates", "firm", "studio", "team", "center", "centre", "hq", "labs"),
        *("works", "collective", "enterprises", "holdings", "consulting", "consultant"),
        *("consultancy", "professional", "specialist", "expert", "provider"),
    )
)
# Below this, a self-description item's match is noise spread over unrelated trades ("case
# manager" ~0.33 to sales leader, move manager and business coach alike): it names nothing.
# Chosen held out (`fit`, leave-one-set-out with the encoder): 0.30 (none) 0.981, 0.35 0.983,
# 0.40 0.984, 0.45 0.983.
IDENTITY_NOISE = 0.4
MODIFIER_SHARE = 0.5  # what specialties named only by a compound's modifier keep
# A word that ends most of one specialty's multi-word titles ("carpet cleaning", "window
# cleaning", "gutter cleaning") names that trade when it ends a self-description too ("duct
# cleaning"): at least this many titles, and this share of the titles ending in it.
HEAD_TITLES = 3
HEAD_TITLE_SHARE = 0.6
HEAD_TITLE_SCORE = 0.8  # how clearly such a compound names the trade


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
        texts = [space.normalise(p.text) for p in self.phrases]
        self._phrase_owner = np.array([p.specialty for p in self.phrases])
        self._phrase_kind = np.array([p.kind for p in self.phrases])
        # Containment is checked with a binary bag of stemmed words, so that "residential real
        # estate agent" fully contains the title "real estate agent".
        self._bags = CountVectorizer(analyzer=phrase_tokens, binary=True).fit(texts)
        phrase_bags = self._bags.transform(texts)
        # Rare words ("lender") say more than common ones ("home"): weigh them by IDF.
        doc_freq = np.asarray(phrase_bags.sum(axis=0)).ravel()
        idf = np.log((1.0 + len(texts)) / (1.0 + doc_freq)) + 1.0
        self._weighted_bags = phrase_bags.multiply(idf[None, :]).tocsr()
        self._phrase_mass = np.asarray(self._weighted_bags.sum(axis=1)).ravel()
        self._wider = wider_phrases(phrase_bags, self._phrase_owner)
        # Every word the taxonomy uses for a specialty: what an ask says beyond these qualifies it.
        self._vocabulary = [set() for _ in range(self.size)]
        for phrase, text in zip(self.phrases, texts, strict=True):
            self._vocabulary[phrase.specialty].update(phrase_tokens(text))
        self._uses_word: dict[str, np.ndarray] = {}
        for k, vocabulary in enumerate(self._vocabulary):
            for word in vocabulary:
                self._uses_word.setdefault(word, np.zeros(self.size, dtype=bool))[k] = True
        self._head_of = title_heads(self.phrases, lambda text: self._head(space.normalise(text)))

    @property
    def size(self) -> int:
        """Return the number of specialties."""
        return len(self.taxonomy.specialties)

    def phrase_scores(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return (len(texts), n_phrases) match strengths in [0, 1], weighted by phrase kind."""
        # Blank and repeated fields are common (most "does" are empty): score each text once.
        unique = list(dict.fromkeys(texts))
        normalised = [self.space.normalise(t) for t in unique]
        cosine = (self.space.embed(unique) @ self._phrase_vectors.T).toarray()
        coverage, shadowed = self.coverage(normalised)
        strength = np.maximum(cosine, coverage)
        # "therapist" inside "physical therapist" is the physical therapist's word: a phrase
        # of another specialty wholly contained in a longer matched phrase counts less.
        strength = np.where(shadowed, np.minimum(strength, SHADOWED_SHARE), strength)
        weights = np.array([kind_weights.get(k, 0.0) for k in self._phrase_kind])
        row = {text: k for k, text in enumerate(unique)}
        return (strength * weights[None, :])[[row[t] for t in texts]]

    def coverage(self, normalised: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return (IDF-weighted share of each phrase's words found in each text) ** power, and
        where a fully found phrase is shadowed by a longer found phrase of another specialty."""
        shared = self._bags.transform(normalised) @ self._weighted_bags.T
        # Work on the few non-zero entries before densifying.
        share = shared.multiply(1.0 / np.maximum(self._phrase_mass, 1e-9)[None, :]).tocsr()
        full = (share >= FULL_COVERAGE).astype(float)
        shadowed = (full @ self._wider.T).multiply(full).toarray() > 0
        return share.power(COVERAGE_POWER).toarray(), shadowed

    def scores(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return (len(texts), n_specialties): each specialty's best phrase match per text."""
        return self.by_specialty(self.phrase_scores(texts, kind_weights))

    def by_specialty(self, per_phrase: np.ndarray) -> np.ndarray:
        """Return (rows, n_specialties): the best phrase score of each specialty."""
        return group_max(per_phrase, self._phrase_owner, self.size)

    def compound_scores(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return `scores` read as English compounds: the last word names the trade.

        "Restaurant marketing" is marketing for restaurants, "Construction law" is law: when a
        specialty that uses the final word matches, those that do not are mere modifiers.
        """
        scores = self.scores(texts, kind_weights)
        for row, text in enumerate(texts):
            head = self._head(self.space.normalise(text))
            if head in self._head_of:  # "duct cleaning" is a cleaning trade
                trade = self._head_of[head]
                scores[row, trade] = max(scores[row, trade], HEAD_TITLE_SCORE)
            heads = self._uses_word.get(head) if head else None
            if heads is not None and scores[row, heads].max(initial=0.0) >= HEAD_WORD_CLEAR:
                scores[row, ~heads] *= MODIFIER_SHARE
        return scores

    def listed_scores(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return `compound_scores` read item by item where a text lists several trades.

        "taxes, ITIN applications, notary" names three trades; read as one compound, its last
        word would make the others mere modifiers. A parenthesis is an aside and counts as a
        modifier does.
        """
        items = [(row, *item) for row, text in enumerate(texts) for item in list_items(text)]
        scores = self.compound_scores([item for _, item, _ in items], kind_weights)
        part = np.array([part for _, _, part in items])
        scores[part == "aside"] *= MODIFIER_SHARE
        scores[scores < IDENTITY_NOISE] = 0.0
        owner = np.array([row for row, _, _ in items], dtype=int)
        main = group_max((scores * (part == "main")[:, None]).T, owner, len(texts)).T
        # A detail narrows the trade before the dash ("Law - estate planning" is one kind of
        # law); a trade the head does not name is what the work is for ("staffing - warehouse").
        # A head naming nothing ("CRE - industrial") leaves the details to say it.
        head = main[owner[part == "detail"]]
        named = head > 0
        scores[part == "detail"] *= np.where(
            named | ~named.any(axis=1, keepdims=True), 1.0, MODIFIER_SHARE
        )
        return group_max(scores.T, owner, len(texts)).T

    def _head(self, normalised: str) -> str | None:
        """Return the last stemmed word of a compound that is not a business-name tail."""
        stems = [w for w in phrase_tokens(normalised) if w not in NAME_TAILS]
        return stems[-1] if stems else None

    def memberships(self, texts: Sequence[str], kind_weights: dict[str, float]) -> np.ndarray:
        """Return sparse-ish specialty memberships: the top few clear matches per text."""
        return sharpen(self.scores(texts, kind_weights))

    def read_asks(
        self, asks: Sequence[str], own: np.ndarray | None = None
    ) -> tuple[np.ndarray, list[str]]:
        """Return ask memberships and each ask's leftover qualifier words.

        The head noun phrase ("property managers" in "property managers for my investor
        clients") decides what is asked for when it names a specialty clearly; otherwise the
        rest of the ask (minus any purpose clause) is read too, at a discount. `own` (A, K)
        holds the asker's own specialties: a dentist asking to be found by "people searching
        for a dentist" is not asking for a dentist. The words the taxonomy does not use for
        the matched specialties are returned, to be checked against candidates' profiles.
        """
        cores = [drop_purpose(a) or a for a in asks]
        heads = self._head_scores(asks)
        use_head = heads.max(axis=1, initial=0.0) >= HEAD_CLEAR
        # A head that only half-names something ("a lender") is read together with the rest
        # of the ask ("... who can close jumbo loans"), which weighs a little less.
        generic = np.array([is_generic_head(ask_head(a)) for a in asks], dtype=bool)
        core_share = np.where(generic, 1.0, CORE_SHARE)[:, None]
        whole = np.maximum(heads, core_share * self.scores(cores, ASK_KIND_WEIGHTS))
        chosen = np.where(use_head[:, None], heads, whole)
        # One-word asks ("clients", "networking") match only a specialty they name outright.
        terse = np.array([content_words(a) <= 1 for a in asks], dtype=bool)[:, None]
        chosen = np.where(terse & (chosen < TERSE_CLEAR), 0.0, chosen)
        if own is not None and own.size:
            chosen = chosen * (1.0 - OWN_SPECIALTY_DISCOUNT * own)
        memberships = sharpen(chosen)
        # Only a named head has qualifiers ("realtors who work with first-time buyers"); when
        # the need was read from a whole sentence, the other words are narrative, not criteria.
        named = [
            clear and content_words(ask_head(a)) <= NOUN_PHRASE_WORDS
            for a, clear in zip(asks, use_head, strict=True)
        ]
        qualified = [core if name else "" for core, name in zip(cores, named, strict=True)]
        return memberships, self._leftovers(qualified, memberships)

    def _head_scores(self, asks: Sequence[str]) -> np.ndarray:
        """Return (len(asks), K): the best of each listed item's clear specialty matches."""
        parts = [(row, part) for row, ask in enumerate(asks) for part in head_parts(ask)]
        scores = sharpen(self.scores([part for _, part in parts], ASK_KIND_WEIGHTS))
        owner = np.array([row for row, _ in parts], dtype=int)
        return group_max(scores.T, owner, len(asks)).T

    def _leftovers(self, cores: list[str], memberships: np.ndarray) -> list[str]:
        leftovers = []
        for row, core in enumerate(cores):
            matched = np.flatnonzero(memberships[row])
            vocabulary = set().union(*(self._vocabulary[k] for k in matched))
            kept = [w for w in words(core) if w not in STOP_WORDS and stem(w) not in vocabulary]
            leftovers.append(" ".join(kept) if matched.size else "")
        return leftovers

    def best_phrase(self, text: str, specialty: int, kind_weights: dict[str, float]) -> str:
        """Return the taxonomy phrase of `specialty` that best matches `text` (for reasons)."""
        per_phrase = self.phrase_scores([text], kind_weights)[0]
        per_phrase = np.where(self._phrase_owner == specialty, per_phrase, -1.0)
        return self.phrases[int(per_phrase.argmax())].text


def wider_phrases(bags: sparse.spmatrix, owner: np.ndarray) -> sparse.csr_matrix:
    """Return (P, P) with a one where phrase q holds all words of phrase p and more, and
    belongs to another specialty."""
    bags = sparse.csr_matrix(bags, dtype=float)
    lengths = np.asarray(bags.sum(axis=1)).ravel()
    overlap = (bags @ bags.T).tocoo()
    p, q = overlap.row, overlap.col
    keep = (overlap.data >= lengths[p]) & (lengths[q] > lengths[p]) & (owner[p] != owner[q])
    keep &= lengths[p] > 0
    return sparse.csr_matrix((np.ones(keep.sum()), (p[keep], q[keep])), shape=overlap.shape)


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


def title_heads(phrases: Sequence[Phrase], head) -> dict[str, int]:
    """Return {head word: specialty} for words that end most of one specialty's titles."""
    counts: dict[str, dict[int, int]] = {}
    for phrase in phrases:
        word = (
            head(phrase.text) if phrase.kind == "titles" and len(phrase.text.split()) > 1 else None
        )
        if word:
            by_specialty = counts.setdefault(word, {})
            by_specialty[phrase.specialty] = by_specialty.get(phrase.specialty, 0) + 1
    result = {}
    for word, by_specialty in counts.items():
        specialty, count = max(by_specialty.items(), key=lambda item: item[1])
        if count >= HEAD_TITLES and count >= HEAD_TITLE_SHARE * sum(by_specialty.values()):
            result[word] = specialty
    return result


def taxonomy_phrases(taxonomy: Taxonomy) -> list[Phrase]:
    """Return every label, title and need phrase of the taxonomy, as written."""
    phrases = []
    for index, specialty in enumerate(taxonomy.specialties):
        named = [("label", specialty.label)] + [("titles", t) for t in specialty.titles]
        named += [("needs", n) for n in specialty.needs]
        for kind, text in named:
            phrases.append(Phrase(text, index, kind))
    return phrases
