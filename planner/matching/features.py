"""Turn a list of profiles into matrices: specialties, asks, introductions and text similarities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from .matcher import (
    ASK_KIND_WEIGHTS,
    IDENTITY_KIND_WEIGHTS,
    SERVES_KIND_WEIGHTS,
    SpecialtyMatcher,
    sharpen,
    taxonomy_phrases,
)
from .profile import Profile
from .taxonomy import Taxonomy
from .text import TextSpace, drop_target

# How strongly each self-description field names a person's specialty. The industry field is
# what they chose to call their business; a company name is often a hint ("Keystone Inspections").
IDENTITY_FIELD_WEIGHTS = (("industry", 1.0), ("role", 0.85), ("does", 0.85), ("company", 0.7))

REPRESENTS_EMPLOYER = frozenset({"owner_ceo", "sales_leader"})
FUNCTIONAL_ROLE_CLEAR = 0.8
EMPLOYER_FIELD_SHARE = 0.5

# TF-IDF cosines between short texts rarely exceed ~0.6 even for close paraphrases, and shared
# filler words give ~0.1 for unrelated ones; map that band onto [0, 1].
COSINE_FLOOR = 0.1
COSINE_FULL = 0.6


@dataclass(frozen=True)
class Features:
    """Everything the scorer and the explainer need to know about one group of profiles."""

    profiles: tuple[Profile, ...]
    taxonomy: Taxonomy
    matcher: SpecialtyMatcher
    identity: np.ndarray  # (n, K) specialty memberships of each person
    ask_owner: np.ndarray  # (A,) index of the person who wrote each ask
    ask_text: tuple[str, ...]
    ask_specialty: np.ndarray  # (A, K) which specialties each ask is asking for
    intro_owner: np.ndarray  # (L,) index of the person offering each introduction
    intro_text: tuple[str, ...]
    intro_specialty: np.ndarray  # (L, K)
    ask_vs_profile: np.ndarray  # (A, n) calibrated text similarity of ask to self-description
    ask_vs_serves: np.ndarray  # (A, n) ... to whom the person serves
    ask_vs_intro: np.ndarray  # (A, L) ... to each offered introduction
    ask_qualifier: np.ndarray  # (A, n) how well j fits the rest of the ask (1 if nothing left)
    ask_qualifier_intro: np.ndarray  # (A, L) ... how well each offered introduction fits it
    ask_is_role: np.ndarray  # (A,) True where the ask names an in-house role (HR directors)
    serves_vs_serves: np.ndarray  # (n, n)
    personal_vs_personal: np.ndarray  # (n, n) calibrated similarity of "outside work" texts
    client_fit: np.ndarray  # (n, n) how much j looks like the clients i says they serve
    serves_specialty: np.ndarray  # (n, K) specialties named in whom each person serves
    sphere_of: np.ndarray  # (K, G) one-hot sphere of each specialty
    competes: np.ndarray  # (K,) 1.0 where two holders of the specialty compete

    @property
    def size(self) -> int:
        """Return the number of profiles."""
        return len(self.profiles)


def build_features(profiles: Sequence[Profile], taxonomy: Taxonomy) -> Features:
    """Compute all matrices for a group of profiles against a taxonomy."""
    profiles = tuple(profiles)
    asks = [(i, a) for i, p in enumerate(profiles) for a in p.real_asks]
    intros = [(i, c) for i, p in enumerate(profiles) for c in p.real_introductions]
    ask_text = tuple(a for _, a in asks)
    intro_text = tuple(c for _, c in intros)
    profile_text = [self_description(p) for p in profiles]
    serves_text = [p.serves for p in profiles]
    personal_text = [p.personal for p in profiles]

    # The IDF is fitted on the taxonomy and this group's texts together, so words common in
    # this crowd ("clients", "business") weigh less than the distinctive ones.
    corpus = [ph.text for ph in taxonomy_phrases(taxonomy)]
    corpus += [*ask_text, *intro_text, *profile_text, *serves_text, *personal_text]
    space = TextSpace(corpus, taxonomy.abbreviations)
    matcher = SpecialtyMatcher(taxonomy, space)
    ask_vectors = space.embed(ask_text)
    identity = identity_memberships(profiles, taxonomy, matcher)
    ask_owner = np.array([i for i, _ in asks], dtype=int)
    ask_specialty, leftovers = matcher.read_asks(ask_text, own=identity[ask_owner])
    intro_vectors = space.embed(intro_text)
    owner_of_intro = np.array([i for i, _ in intros], dtype=int)
    whole = whole_profile_vectors(space, profile_text, serves_text, intro_vectors, owner_of_intro)
    serves_specialty = matcher.memberships(serves_text, SERVES_KIND_WEIGHTS)

    def similarity_to(texts: Sequence[str]) -> np.ndarray:
        if not ask_text or not texts:
            return np.zeros((len(ask_text), len(texts)))
        return calibrate((ask_vectors @ space.embed(texts).T).toarray())

    return Features(
        profiles=profiles,
        taxonomy=taxonomy,
        matcher=matcher,
        identity=identity,
        ask_owner=ask_owner,
        ask_text=ask_text,
        ask_specialty=ask_specialty,
        intro_owner=owner_of_intro,
        intro_text=intro_text,
        intro_specialty=matcher.memberships(intro_text, ASK_KIND_WEIGHTS),
        ask_vs_profile=similarity_to(profile_text),
        ask_vs_serves=similarity_to(serves_text),
        ask_vs_intro=similarity_to(intro_text),
        ask_qualifier=qualifier_fit(space, leftovers, whole),
        ask_qualifier_intro=qualifier_fit(space, leftovers, intro_vectors),
        ask_is_role=role_asks(ask_specialty, taxonomy),
        serves_vs_serves=calibrate(space.cosine(serves_text, serves_text)),
        personal_vs_personal=personal_similarity(space, personal_text),
        client_fit=client_fit(space, serves_specialty, serves_text, profile_text, identity),
        serves_specialty=serves_specialty,
        sphere_of=sphere_matrix(taxonomy),
        competes=np.array([1.0 if s.competes else 0.0 for s in taxonomy.specialties]),
    )


def self_description(profile: Profile) -> str:
    """Return the text that says what a person does (not whom they serve)."""
    parts = (profile.industry, profile.role, profile.does, profile.company)
    return " ; ".join(part for part in parts if part)


def whole_profile_vectors(
    space: TextSpace,
    profile_text: Sequence[str],
    serves_text: Sequence[str],
    intro_vectors: sparse.csr_matrix,
    intro_owner: np.ndarray,
) -> sparse.csr_matrix:
    """Return (n, D): one vector for all a person says of themselves, whom they serve and know.

    It is the normalised sum of the parts' vectors, so no text is analysed twice.
    """
    n = len(profile_text)
    if n == 0:
        return space.embed([])
    total = space.embed(profile_text) + space.embed(serves_text)
    if intro_vectors.shape[0]:
        owner = sparse.csr_matrix(
            (np.ones(len(intro_owner)), (intro_owner, np.arange(len(intro_owner)))),
            shape=(n, intro_vectors.shape[0]),
        )
        total = total + owner @ intro_vectors
    return normalize(total)


def qualifier_fit(space: TextSpace, leftovers: Sequence[str], targets) -> np.ndarray:
    """Return (A, m): how well each target vector matches the leftover words of each ask."""
    fit = np.ones((len(leftovers), targets.shape[0]))
    if not leftovers or targets.shape[0] == 0:
        return fit
    qualified = np.array([bool(text.strip()) for text in leftovers])
    if qualified.any():
        texts = [t for t, q in zip(leftovers, qualified, strict=True) if q]
        fit[qualified] = calibrate((space.embed(texts) @ targets.T).toarray())
    return fit


def role_asks(ask_specialty: np.ndarray, taxonomy: Taxonomy) -> np.ndarray:
    """Return (A,) True where an ask's best specialty is an in-house role, not a business."""
    if ask_specialty.size == 0:
        return np.zeros(len(ask_specialty), dtype=bool)
    competes = np.array([s.competes for s in taxonomy.specialties])
    return ~competes[ask_specialty.argmax(axis=1)] & (ask_specialty.max(axis=1) > 0)


def identity_memberships(
    profiles: Sequence[Profile], taxonomy: Taxonomy, matcher: SpecialtyMatcher
) -> np.ndarray:
    """Return (n, K): each person's specialties, from a chosen key or from their free text."""
    # Fields that agree reinforce each other ("Home financing" at "Valley Home Loans"), so the
    # evidence is combined as a soft OR rather than by taking the best field.
    missing = np.ones((len(profiles), matcher.size))
    employed = functional_roles(profiles, taxonomy, matcher)
    for field, weight in IDENTITY_FIELD_WEIGHTS:
        texts = [drop_target(getattr(p, field)) for p in profiles]
        scores = matcher.listed_scores(texts, IDENTITY_KIND_WEIGHTS) * weight
        if field != "role":
            # An HR director's "Insurance" is the employer's trade, not hers.
            scores[employed] *= EMPLOYER_FIELD_SHARE
        missing *= 1.0 - scores
    combined = 1.0 - missing
    for row, profile in enumerate(profiles):
        if profile.industry in taxonomy:  # picked from the RSVP select: no guessing needed
            combined[row, taxonomy.index(profile.industry)] = 1.0
    return sharpen(combined)


def functional_roles(
    profiles: Sequence[Profile], taxonomy: Taxonomy, matcher: SpecialtyMatcher
) -> np.ndarray:
    """Return (n,) True for people whose role is an in-house function (HR, CFO, CTO, ...).

    Owners, founders and salespeople are excluded: they represent their company's trade.
    """
    scores = matcher.scores([p.role for p in profiles], IDENTITY_KIND_WEIGHTS)
    if scores.size == 0:
        return np.zeros(len(profiles), dtype=bool)
    in_house = np.array(
        [not s.competes and s.key not in REPRESENTS_EMPLOYER for s in taxonomy.specialties]
    )
    best = scores.argmax(axis=1)
    return in_house[best] & (scores.max(axis=1) >= FUNCTIONAL_ROLE_CLEAR)


def client_fit(
    space: TextSpace,
    serves_specialty: np.ndarray,
    serves_text: Sequence[str],
    profile_text: Sequence[str],
    identity: np.ndarray,
) -> np.ndarray:
    """Return (n, n): how much person j is the kind of client person i says they serve.

    "Serves dental and law offices" makes the dentist a prospect even when nobody asked.
    """
    if not serves_text:
        return np.zeros((0, 0))
    by_text = calibrate(space.cosine(serves_text, profile_text))
    by_specialty = serves_specialty @ identity.T
    fit = np.maximum(by_text, np.clip(by_specialty, 0.0, 1.0))
    np.fill_diagonal(fit, 0.0)
    return fit


def personal_similarity(space: TextSpace, personal_text: Sequence[str]) -> np.ndarray:
    """Return (n, n): calibrated similarity of what people say about themselves outside work."""
    if not any(text.strip() for text in personal_text):
        return np.zeros((len(personal_text), len(personal_text)))
    similarity = calibrate(space.cosine(personal_text, personal_text))
    np.fill_diagonal(similarity, 0.0)
    return similarity


def sphere_matrix(taxonomy: Taxonomy) -> np.ndarray:
    """Return (K, G) with a one where specialty k belongs to sphere g."""
    matrix = np.zeros((len(taxonomy.specialties), len(taxonomy.spheres)))
    for g, sphere in enumerate(taxonomy.spheres):
        for specialty in sphere.specialties:
            matrix[taxonomy.index(specialty.key), g] = 1.0
    return matrix


def calibrate(cosine: np.ndarray) -> np.ndarray:
    """Map raw TF-IDF cosines onto [0, 1] evidence (see COSINE_FLOOR / COSINE_FULL)."""
    return np.clip((cosine - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR), 0.0, 1.0)
