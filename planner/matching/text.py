"""Text normalisation and a TF-IDF space (word + character n-grams) for short profile texts."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words carry no meaning of their own; dropping them lets "approved for a mortgage"
# contain "approved mortgage". Content words, even vague ones, are kept at this level.
FUNCTION_WORDS = _word_set(
    """
    a an the and or of for to in on at by with from into about as is are be been being am was were
    i me my we us our you your they them their he she his her it its this that these those who whom
    which what when where how why do does did can could would should will shall may might must
    so than too very just also not no etc e g ie via per
    """
)

# Generic words that appear in almost every ask ("looking for introductions to people who...")
# and say nothing about *what* is wanted; they are left out of the TF-IDF vectors. A general
# English list is deliberately not used: it drops words such as "back" (back pain) or "fire"
# (fire an employee) that matter here.
STOP_WORDS = FUNCTION_WORDS | _word_set(
    """
    some any all each every more most other such only own same
    looking look seeking seek need needs needed want wants wanting would like love get getting got
    help helps helping someone somebody anyone anybody people person folks introductions
    introduction intro intros introduce connect connected connecting connection connections
    referral referrals refer know knows good great best reliable trusted local
    area specific really especially networking interesting something anything everything
    things thing stuff
    """
)

# Hyphens split words ("pre-approved" -> "pre", "approved") so that compounds meet their parts.
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'&+]*[a-z0-9+]|[a-z0-9]")
_SUFFIXES = (
    ("ations", ""),
    ("ation", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ers", ""),
    ("er", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("als", ""),
    ("al", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
    ("e", ""),
)
_MIN_STEM = 3
# Words whose suffix is not a suffix, or whose stem would collide with an unrelated word:
# "flowers" must not become "flow" (cash flow), "officer" meet "office", "foundation" "founder".
_KEEP_WHOLE = _word_set(
    "flower water paper power tower corner number order letter center after under over never "
    "other cover offer border matter summer winter dinner officer answer computer foundation care "
    "leader accounting donation building"
)
# "willing" is not "will" (a testament): employers willing to hire are not estate planners.
_IRREGULAR = {"caring": "care", "cared": "care", "willing": "willing"}
# "-ial" nouns of "-y" verbs and nouns meet them as "-ied" / "-ies" do (denial/denied/deny,
# custodial/custody, industrial/industry), except where the "-y" word means something else.
_IAL_KEEP = frozenset({"trial", "trials", "memorial", "memorials", "partial"})
_AMBIGUOUS_LOWER = frozenset({"it", "its", "us", "am", "pi", "ip", "pt", "va", "ml", "pr", "soc"})


def expand_abbreviations(text: str, abbreviations: Mapping[str, str]) -> str:
    """Append the expansion after each abbreviation found (e.g. "IT" -> "IT information ...")."""
    if not text or not abbreviations:
        return text or ""
    lookup, pattern = _abbreviation_table(tuple(abbreviations.items()))

    def _swap(match: re.Match[str]) -> str:
        word = match.group(0)
        # Lower-case "it", "us", "pi" are ordinary words; only the capitalised spelling counts.
        if word.islower() and word in _AMBIGUOUS_LOWER:
            return word
        key = _POSSESSIVE_OR_PLURAL.sub("", word.lower().replace("’", "'"))
        expansion = lookup.get(word.lower()) or lookup.get(key)
        return f"{word} {expansion}" if expansion else word

    return pattern.sub(_swap, text)


_POSSESSIVE_OR_PLURAL = re.compile(r"'?s$")


@lru_cache(maxsize=16)
def _abbreviation_table(items: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern]:
    lookup = {key.lower(): value for key, value in items}
    # One alternation of the known abbreviations (plural "s" allowed) finds them in one pass.
    keys = sorted((re.escape(key) for key in lookup), key=len, reverse=True)
    return lookup, re.compile(r"\b(?:" + "|".join(keys) + r")(?:['’]?s)?\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one common English suffix so that plurals and -ing/-er forms meet."""
    if word.endswith(("ss", "us", "is")) or any(ch.isdigit() for ch in word):
        return word
    if word.rstrip("s") in _KEEP_WHOLE:
        return word.rstrip("s")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, replacement in _SUFFIXES:
        # A bare final "e" goes from words of four letters or more (hire/hiring, move/moving);
        # "care" is kept whole so that it does not meet "car".
        if suffix == "e" and len(word) < 4:
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            root = word[: len(word) - len(suffix)] + replacement
            # "planning" -> "plann" -> "plan": collapse the doubled consonant left behind.
            if len(root) > _MIN_STEM and root[-1] == root[-2] and root[-1] not in "aeiouls":
                root = root[:-1]
            if suffix in ("als", "al") and root.endswith("i") and word not in _IAL_KEEP:
                return root[:-1] + "y"
            # "retirement" -> "retire" -> "retir", to meet "retire" and "retiring".
            if root.endswith("e") and len(root) >= 5 and root not in _KEEP_WHOLE:
                root = root[:-1]
            return root
    return word


def words(text: str) -> list[str]:
    """Return the lower-case words of a text, unstemmed."""
    # A possessive is the word itself: "GC's", "parents'" -> "gc", "parents".
    return [_POSSESSIVE.sub("", w) for w in _TOKEN.findall(text.lower().replace("’", "'"))]


def tokens(text: str, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """Return the stemmed words of a normalised text, leaving out `stop_words`."""
    return [stem(t) for t in words(text) if t not in stop_words]


def phrase_tokens(text: str) -> list[str]:
    """Return the stemmed words of a normalised text without its function words."""
    return tokens(text, FUNCTION_WORDS)


_POSSESSIVE = re.compile(r"'s?$")
_A_WILL = re.compile(r"\b(an?|my|our|their|his|her|your|new|updated?)\s+wills?\b", re.IGNORECASE)


def normalise(text: str, abbreviations: Mapping[str, str] = {}) -> str:
    """Return lower-case text with abbreviations expanded and punctuation flattened."""
    text = expand_abbreviations(text or "", abbreviations)
    # "will" is dropped as a modal verb; "a will" / "my will" is the legal document.
    text = _A_WILL.sub(r"\1 will testament", text)
    text = text.lower().replace("’", "'").replace("/", " ").replace("—", " ").replace("–", " ")
    return re.sub(r"\s+", " ", text).strip()


def stemmed(text: str) -> str:
    """Return the stemmed content words of a normalised text joined by spaces."""
    return " ".join(tokens(text))


class TextSpace:
    """A TF-IDF space over stemmed words (1-2 grams) and character 3-4 grams, cosine-ready."""

    def __init__(
        self,
        corpus: Sequence[str],
        abbreviations: Mapping[str, str] = {},
        char_weight: float = 0.5,
    ) -> None:
        self.abbreviations = abbreviations
        self.char_weight = char_weight
        # Profiles repeat texts (empty fields, common asks) and the taxonomy phrases are read
        # several times, so the expensive text preparation is memoised per space.
        self._normalised: dict[str, str] = {}
        self._prepared: dict[str, str] = {}
        self._words = TfidfVectorizer(
            analyzer=lambda doc: _word_ngrams(doc), sublinear_tf=True, min_df=1
        )
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True, min_df=1
        )
        # Vectorizers refuse an empty vocabulary, so a placeholder keeps an all-blank corpus legal.
        documents = [doc for doc in map(self.prepare, corpus) if doc] or ["placeholder"]
        unique = list(dict.fromkeys(documents))
        # Texts are analysed once: the fitted corpus rows are kept and reused by `embed`.
        self._rows = {doc: k for k, doc in enumerate(unique)}
        self._matrix = self._combine(
            self._words.fit(documents).transform(unique), self._chars.fit_transform(unique)
        )

    def normalise(self, text: str) -> str:
        """Return `normalise(text)` with this space's abbreviations (memoised)."""
        if text not in self._normalised:
            self._normalised[text] = normalise(text, self.abbreviations)
        return self._normalised[text]

    def prepare(self, text: str) -> str:
        """Return the stemmed, abbreviation-expanded form of a raw text (memoised)."""
        if text not in self._prepared:
            self._prepared[text] = stemmed(self.normalise(text))
        return self._prepared[text]

    def embed(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Return L2-normalised sparse vectors of raw texts; rows for empty texts are all zero."""
        if not texts:
            return sparse.csr_matrix((0, self._matrix.shape[1]))
        documents = [self.prepare(t) for t in texts]
        missing = [doc for doc in dict.fromkeys(documents) if doc not in self._rows]
        if missing:
            fresh = self._combine(self._words.transform(missing), self._chars.transform(missing))
            self._rows.update({doc: len(self._rows) + k for k, doc in enumerate(missing)})
            self._matrix = sparse.vstack([self._matrix, fresh], format="csr")
        return self._matrix[[self._rows[doc] for doc in documents]]

    def _combine(self, words: sparse.spmatrix, chars: sparse.spmatrix) -> sparse.csr_matrix:
        weight = self.char_weight
        combined = sparse.hstack([words * (1.0 - weight), chars * weight], format="csr")
        return normalize(combined)

    def cosine(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Return the dense cosine-similarity matrix between two lists of texts."""
        if not left or not right:
            return np.zeros((len(left), len(right)))
        return (self.embed(left) @ self.embed(right).T).toarray()


_ASK_PREFIX = re.compile(
    r"^\s*(?:(?:i|we)(?:'m| am|'re| are)?\s+(?:looking|need|want|seeking)\w*\s+(?:for\s+)?"
    r"|looking\s+for\s+|seeking\s+|needs?\s+|find\s+|meet(?:ing)?\s+)?"
    r"(?:(?:an?\s+|more\s+|warm\s+)*(?:intro(?:duction)?s?|connections?|referrals?)\s+(?:to|with)\s+)?",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"\s(?:so that|so|because|since|as we|in order to)\s", re.IGNORECASE)
# A participle after a plural noun starts a qualifier as "who" does: "clinics needing
# interpreters" asks for clinics, "contractors hiring welding subs" for contractors.
_PARTICIPLE = (
    "needing|wanting|looking|seeking|hiring|doing|going|opening|starting|buying|selling|moving"
    "|running|facing|trying|getting|making|using|having|struggling|planning to|expanding"
)
_QUALIFIER = re.compile(
    r"\s(?:who|whose|that|which|for|to|with|at|in|from|on|about|like|where)\s|[;:()!?]|\s-\s"
    rf"|(?<=s)\s(?=(?:{_PARTICIPLE})\b)",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s(?:and|or|&|\+)\s|\s*[/,+&]\s*", re.IGNORECASE)


_TARGET = re.compile(r"\s(?:for|serving|to help)\s", re.IGNORECASE)


def drop_target(text: str) -> str:
    """Cut the clientele off a self-description: "Scheduling software for clinics" -> ..."""
    return _TARGET.split(drop_negated(text), maxsplit=1)[0].strip()


# "paperwork help - I am NOT an attorney": what someone says they are not is not their trade.
_NEGATED = re.compile(r"\b(?:(?:i|we)(?:'m| am|'re| are)\s+)?not an?\s[^,;.()\-]*", re.IGNORECASE)


def drop_negated(text: str) -> str:
    """Cut what a self-description says someone is not ("I am not an attorney") out of it."""
    return re.sub(r"\s+", " ", _NEGATED.sub(" ", text or "")).strip()


_LIST = re.compile(r"\s*[,+;]\s*")


_ASIDE = re.compile(r"\(([^()]*)\)")
# "staffing - warehouse, production": a spaced dash after the trade starts its details.
_FIRST_PERSON = re.compile(r"\s*(we|i)\s+\w+", re.IGNORECASE)
_DETAIL = re.compile(r"\s+[-\u2013\u2014]+\s+")


def list_items(text: str) -> list[tuple[str, str]]:
    """Split a self-description listing several trades: "taxes, ITIN applications, notary".

    Returns (item, part) pairs, part "main", "aside" or "detail": a parenthesis
    ("interpretation (medical + legal)", "coffee roasting (ethiopian java)") qualifies the trade
    before it, so it is read on its own as an aside, never as the compound's last word nor as a
    list inside the main text. What follows a spaced dash after a trade ("staffing - warehouse,
    production") details it: a "detail", listed likewise.
    """
    text = text or ""
    asides = [item for aside in _ASIDE.findall(text) for item in _LIST.split(aside)]
    parts = _DETAIL.split(_ASIDE.sub(" ", text), maxsplit=1)
    main = [item.strip() for item in _LIST.split(parts[0])]
    detail = [item.strip() for item in _LIST.split(parts[1])] if len(parts) > 1 else []
    # "we clean offices, clinics and warehouses": after a first-person verb, the rest of the
    # list goes on naming what the work is done on, not further trades.
    listed = "aside" if _FIRST_PERSON.match(parts[0]) else "main"
    items = [(item, "main" if n == 0 else listed) for n, item in enumerate(i for i in main if i)]
    items = items or [("", "main")]
    items += [(item, "detail") for item in detail if item]
    return items + [(item.strip(), "aside") for item in asides if item.strip()]


def drop_purpose(text: str) -> str:
    """Cut a trailing purpose clause ("... so banks will work with us") off an ask."""
    return _PURPOSE.split(text or "", maxsplit=1)[0].strip()


def ask_head(text: str) -> str:
    """Return the noun phrase naming what is asked for: "realtors" in "realtors who ..."."""
    core = _ASK_PREFIX.sub("", drop_purpose(text), count=1)
    return _QUALIFIER.split(core, maxsplit=1)[0].strip()


# Heads that name nobody in particular: "someone to ...", "an expert who ...".
GENERIC_HEADS = _word_set(
    """
    someone somebody anyone anybody person people expert experts partner partners firm firms
    company companies agency agencies team pro pros professional professionals specialist
    specialists help advice support resource resources contact contacts option options
    meet new more different various everyone everybody
    """
)


def content_words(text: str) -> int:
    """Return how many words of a text name something (not filler, not "someone")."""
    return sum(1 for w in words(text) if w not in STOP_WORDS and w not in GENERIC_HEADS)


def is_generic_head(text: str) -> bool:
    """Return True when an ask's head names no kind of person or business."""
    return content_words(text) == 0


def head_parts(text: str) -> list[str]:
    """Split an ask's head into the things it lists: "CPAs and wealth advisors" -> both."""
    parts = [part.strip() for part in _CONJUNCTION.split(ask_head(text))]
    return [part for part in parts if part] or [""]


def _word_ngrams(document: str) -> list[str]:
    words = document.split()
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
