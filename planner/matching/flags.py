"""Plain-language checks on a profile: vague asks, sales-funnel pitches, empty self-descriptions.

Pure functions: the RSVP form shows `vague_ask_hint`, the organiser's review list shows
`profile_flags`, and the scorer turns `thin_score` into a penalty so such profiles score low.
"""

from __future__ import annotations

import re

from .profile import Profile

VAGUE_HINT = (
    "Say who you want to meet: a kind of business or job title, ideally with who they serve "
    '(e.g. "HR directors at 50-200-person companies").'
)
# Words that name nobody in particular: an ask made only of these cannot be acted on.
GENERIC_ASK_WORDS = frozenset(
    [
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "someone",
        "people",
        "person",
        "folks",
        "referrals",
        "referral",
        "clients",
        "client",
        "new",
        "more",
        "customers",
        "customer",
        "leads",
        "lead",
        "business",
        "businesses",
        "networking",
        "network",
        "contacts",
        "contact",
        "interested",
        "introductions",
        "introduction",
        "intros",
        "intro",
        "to",
        "an",
        "a",
        "the",
        "any",
        "good",
        "great",
        "quality",
        "connections",
        "partners",
        "opportunities",
        "ambitious",
        "motivated",
        "like",
        "minded",
        "open",
        "minded",
        "all",
        "kinds",
        "of",
        "and",
        "or",
        "my",
        "me",
        "i",
        "who",
        "wants",
        "want",
        "sales",
    ]
)
# How sales funnels and recruitment pitches word themselves (issue 10's examples and their kin).
FUNNEL = re.compile(
    r"passive income|financial freedom|time freedom|residual income|extra income|side hustle"
    r"|be your own boss|work from home opportunit|anyone who wants"
    r"|change (?:your|their) li(?:fe|ves)"
    r"|network marketing|\bmlm\b|ready to change|like[- ]minded|ambitious people"
    # A crypto wallet's CTO or a crypto lawyer is a business; "crypto profits" is a pitch.
    r"|(?:forex|crypto) (?:trading|signals|profits?|income)"
    r"|unlimited earning|six[- ]figure",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z']+")


def is_vague_ask(text: str) -> bool:
    """Tell whether an ask names nobody in particular ("anyone", "new clients", "networking")."""
    found = _WORD.findall(text.lower())
    return bool(found) and all(word in GENERIC_ASK_WORDS for word in found)


def vague_ask_hint(text: str) -> str | None:
    """Return a hint for the RSVP form when an ask is too vague for anyone to act on, else None."""
    return VAGUE_HINT if text.strip() and is_vague_ask(text) else None


def profile_flags(profile: Profile) -> list[str]:
    """Return plain-language reasons an organiser may want to review this profile (or [])."""
    flags = []
    said = " ".join([profile.industry, profile.role, profile.does, profile.company])
    if not said.strip():
        flags.append("Says nothing about what they do")
    asks = profile.real_asks
    if not asks and not profile.real_introductions:
        flags.append("Asks for nobody and offers no introductions")
    elif asks and all(is_vague_ask(ask) for ask in asks):
        flags.append("Asks only for people in general, nobody in particular")
    pitch = FUNNEL.search(" ".join([said, profile.serves, *asks, *profile.real_introductions]))
    if pitch:
        flags.append(f"Reads like a sales funnel (“{pitch.group(0)}”)")
    return flags


def is_funnel(profile: Profile) -> bool:
    """Tell whether a profile reads like a sales funnel (its asks and offers are a pitch)."""
    return any(flag.startswith("Reads like") for flag in profile_flags(profile))


def thin_score(profile: Profile) -> float:
    """Return 1.0 for sales-funnel or empty profiles, 0.5 for only-vague ones, else 0.0."""
    flags = profile_flags(profile)
    if any(flag.startswith(("Reads like", "Says nothing")) for flag in flags):
        return 1.0
    return 0.5 if flags else 0.0
