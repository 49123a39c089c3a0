"""The attendee profile the scorer reads, and its JSON form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

MAX_ASKS = 5  # the RSVP form allows three; imported data with a few more is still read
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame", "rev"})


@dataclass(frozen=True)
class Profile:
    """What one attendee does, whom they serve, what they ask for and whom they can introduce."""

    id: str
    name: str
    company: str = ""
    role: str = ""
    industry: str = ""  # a taxonomy key or free text ("Law - estate planning")
    does: str = ""  # "what I do", free text
    serves: str = ""  # target clients
    asks: tuple[str, ...] = ()
    can_introduce: tuple[str, ...] = ()
    prefer_not: tuple[str, ...] = ()  # ids of people they prefer not to sit with
    personal: str = ""  # optional: "outside work I ..." (shared ground, conversation starters)

    @cached_property
    def first_name(self) -> str:
        """Return the first name ("Dr. sarah Lim" -> "Sarah"), or the id when there is no name."""
        names = [w for w in (self.name or "").split() if w.lower().rstrip(".") not in HONORIFICS]
        if not names:
            return str(self.id)
        return names[0][:1].upper() + names[0][1:]

    @property
    def real_asks(self) -> tuple[str, ...]:
        """Return the non-blank asks, at most MAX_ASKS of them."""
        return tuple(a.strip() for a in self.asks if a and a.strip())[:MAX_ASKS]

    @property
    def real_introductions(self) -> tuple[str, ...]:
        """Return the non-blank can-introduce entries."""
        return tuple(c.strip() for c in self.can_introduce if c and c.strip())


def profile_from_dict(raw: Mapping[str, Any]) -> Profile:
    """Build a Profile from a JSON object, tolerating missing fields and text-instead-of-list."""
    return Profile(
        id=str(raw.get("id", "")),
        name=_text(raw.get("name")),
        company=_text(raw.get("company")),
        role=_text(raw.get("role")),
        industry=_text(raw.get("industry")),
        does=_text(raw.get("does") or raw.get("what_i_do")),
        serves=_text(raw.get("serves")),
        asks=_text_list(raw.get("asks")),
        can_introduce=_text_list(raw.get("can_introduce")),
        prefer_not=tuple(str(x) for x in _as_list(raw.get("prefer_not"))),
        personal=_text(raw.get("personal")),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value).strip()


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _text_list(value: Any) -> tuple[str, ...]:
    # A single string may hold several items, one per line or separated by semicolons.
    items = []
    for item in _as_list(value):
        items += [part.strip() for part in re.split(r"[\n;]+", _text(item))]
    return tuple(item for item in items if item)
