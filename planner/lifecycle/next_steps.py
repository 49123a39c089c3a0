"""The few concrete next steps that open follow-up 1, ranked by the directional model.

A step is worth suggesting only where it answers a real ask: a table-mate's ask the reader
can serve ("Introduce them"), the reader's own ask a table-mate can serve ("Ask Ethan"), or a
table-mate's ask someone at another table serves (the reader brokers the introduction).
"""

import re
from dataclasses import dataclass

from planner.models import Invitation

MAX_STEPS = 3
# Below this the model is guessing; a guessed step wastes the reader's two minutes.
MIN_STRENGTH = 0.15
# A step much weaker than the best one is noise next to it. Kept low: in the fitted model an
# ask answered through someone's contacts scores well below a direct trade match (about a
# third), yet "Ask Ethan, he knows them" is often the most useful thing to do.
RELATIVE_FLOOR = 0.25
# Introducing two people one knows well beats brokering for someone met once.
BROKER_DISCOUNT = 0.9
_STOPWORDS = frozenset({"and", "for", "the", "who", "with", "that", "our", "their", "who's"})


def answers(matrix, asker: int, helper: int) -> float:
    """Return how well `helper` answers `asker`'s asks (the referral model, one direction)."""
    return matrix.answers(asker, helper)


def best_ask(matrix, asker: int, helper: int) -> tuple[str, bool] | None:
    """Return the ask of `asker` that `helper` answers best, and whether by knowing someone.

    False means `helper` is the answer themselves (their trade fits the ask).
    """
    ask = matrix.best_ask(asker, helper)
    if ask is None:
        return None
    return ask, matrix.answered_through(asker, helper) == "introduce"


@dataclass(frozen=True)
class NextStep:
    """One action for the reader about a table-mate: introduce, ask, or meet them."""

    kind: str  # "introduce" | "ask" | "meet"
    text: str
    button: str
    other: Invitation  # the table-mate the step is about
    ask: str = ""
    target: Invitation | None = None  # whom to introduce `other` to, when the model knows
    strength: float = 0.0


def next_steps(person: Invitation, seated) -> list[NextStep]:
    """Return at most three steps for `person`, strongest first, one per table-mate."""
    mates = seated.mates(person)
    if not mates:
        return []
    candidates = [
        step
        for mate in mates
        for step in (
            _pair_step(asker=mate, helper=person, mate=mate, seated=seated),
            _pair_step(asker=person, helper=mate, mate=mate, seated=seated),
            _broker_step(person, mate, seated),
        )
        if step is not None
    ]
    candidates.sort(key=lambda step: -step.strength)
    floor = max(MIN_STRENGTH, RELATIVE_FLOOR * candidates[0].strength) if candidates else 1
    chosen, seen = [], set()
    for step in candidates:
        if step.strength >= floor and step.other.id not in seen:
            chosen.append(step)
            seen.add(step.other.id)
    return chosen[:MAX_STEPS] or [_meet_step(person, mates, seated)]


def _pair_step(asker, helper, mate, seated) -> NextStep | None:
    """Return the step where `helper` serves `asker`'s ask; one of them is the reader."""
    a, h = seated.index[asker.id], seated.index[helper.id]
    strength, found = answers(seated.matrix, a, h), best_ask(seated.matrix, a, h)
    if found is None:
        return None
    ask, knows = found
    reader_helps = helper is not mate
    if not knows:
        text = (
            f"{mate.name} asked for “{ask}”: that is your line of work."
            if reader_helps
            else f"{mate.name} {_is(mate)}: you asked for “{ask}”."
        )
        button = f"Book a 1:1 with {_first(mate)}"
        return NextStep("meet", text, button, mate, ask, None, strength)
    line = closest_line(_can_introduce(helper), ask)
    if line is None:
        return None  # the model matched words, not the people asked for
    if reader_helps:
        text = f"{mate.name} asked for “{ask}”; you said you know “{line}”."
        return NextStep("introduce", text, "Introduce them", mate, ask, None, strength)
    text = f"{mate.name} can introduce “{line}”: you asked for “{ask}”."
    return NextStep("ask", text, f"Ask {_first(mate)}", mate, ask, None, strength)


def _broker_step(person, mate, seated) -> NextStep | None:
    """Someone from another table answers the mate's ask: the reader introduces them."""
    mates = seated.mates(person)
    strangers = [p for p in seated.seated if p.id != person.id and p not in mates]
    if not strangers:
        return None
    m, matrix = seated.index[mate.id], seated.matrix
    target = max(strangers, key=lambda p: answers(matrix, m, seated.index[p.id]))
    t = seated.index[target.id]
    found = best_ask(matrix, m, t)
    if found is None:
        return None
    strength, ask = answers(matrix, m, t) * BROKER_DISCOUNT, found[0]
    where = f"table {seated.table_of[target.id]}"
    text = f"{mate.name} asked for “{ask}”; {target.name} ({where}) {_is(target)}."
    return NextStep("introduce", text, "Introduce them", mate, ask, target, strength)


def _meet_step(person, mates, seated) -> NextStep:
    me, matrix = seated.index[person.id], seated.matrix
    best = max(mates, key=lambda mate: matrix.useful(me, seated.index[mate.id]))
    text = f"Book 30 minutes with {best.name} to swap referral needs."
    return NextStep("meet", text, f"Book a 1:1 with {_first(best)}", best)


def _first(person: Invitation) -> str:
    return person.name.split()[0] if person.name.split() else person.name


def _is(person: Invitation) -> str:
    role = person.profile.role if person.profile else ""
    return f"is {_article(role.lower())}" if role else "fits"


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _can_introduce(person: Invitation) -> list[str]:
    return person.profile.can_introduce_list if person.profile else []


def _words(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return [word.rstrip("s") for word in words if word not in _STOPWORDS and len(word) > 2]


def closest_line(lines: list[str], ask: str) -> str | None:
    """Return the line that names what `ask` asks for (its first word) and shares most words.

    "Realtors who work with first-time buyers" is not answered by knowing "mortgage brokers
    who work with first-time buyers": the words that say *who* come first in an ask.
    """
    wanted = _words(ask)
    if not wanted:
        return None
    scored = [
        (len(set(wanted) & set(_words(line))), line) for line in lines if wanted[0] in _words(line)
    ]
    best = max(scored, default=(0, None), key=lambda pair: pair[0])
    return best[1] if best[0] > 0 else None
