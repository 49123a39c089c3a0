"""The organiser's seating rules: who sits apart, together, at a given table, or hosts."""

import re
from dataclasses import dataclass

from planner.extensions import db
from planner.models import Dinner, Invitation, RsvpStatus, SeatingRule
from solver import Constraints


class RuleError(ValueError):
    """The rule cannot be applied as asked."""


@dataclass(frozen=True)
class RuleKind:
    key: str
    label: str
    min_guests: int
    max_guests: int | None
    needs_table: bool


RULE_KINDS = {
    kind.key: kind
    for kind in (
        RuleKind("apart", "Keep apart", 2, 2, False),
        RuleKind("together", "Keep together", 2, None, False),
        RuleKind("pin", "Seat at table", 1, 1, True),
        RuleKind("host", "Host (one per table)", 1, None, False),
    )
}


def add_rule(
    dinner: Dinner, kind: str, invitation_ids: list[int], table_number: int | None
) -> SeatingRule:
    """Validate and add a seating rule to the dinner (not committed)."""
    spec = RULE_KINDS.get(kind)
    if spec is None:
        raise RuleError("Choose what kind of rule this is.")
    ids = list(dict.fromkeys(invitation_ids))
    _check_guest_count(spec, len(ids))
    accepted = {invitation.id for invitation in dinner.accepted}
    if not set(ids) <= accepted:
        raise RuleError("Rules can only name guests who have accepted.")
    if spec.needs_table and not table_number:
        raise RuleError("Say which table (1, 2, 3, …).")
    if spec.needs_table:
        _check_table_exists(dinner, table_number)
    table = table_number if spec.needs_table else None
    clash = contradiction(dinner, kind, ids, table)
    if clash:
        raise RuleError(clash)
    rule = SeatingRule(
        dinner=dinner,
        kind=kind,
        invitation_ids=ids,
        table_number=table,
    )
    db.session.add(rule)
    return rule


def _check_guest_count(spec: RuleKind, count: int) -> None:
    if count < spec.min_guests:
        raise RuleError(f"“{spec.label}” needs at least {spec.min_guests} guest(s).")
    if spec.max_guests is not None and count > spec.max_guests:
        raise RuleError(f"“{spec.label}” takes exactly {spec.max_guests} guest(s).")


def most_tables(dinner: Dinner) -> int:
    """Return how many tables the dinner can have at most: its possible guests at the
    smallest table size (capacity when set, else everyone invited who has not declined)."""
    guests = dinner.capacity or sum(
        1 for i in dinner.invitations if i.status != RsvpStatus.DECLINED
    )
    return max(1, guests // dinner.min_table_size)


def _check_table_exists(dinner: Dinner, table_number: int) -> None:
    tables = most_tables(dinner)
    if not 1 <= table_number <= tables:
        raise RuleError(
            f"There can be at most {tables} table(s) at this dinner (tables of at least "
            f"{dinner.min_table_size}): pick a table from 1 to {tables}."
        )


def contradiction(dinner: Dinner, kind: str, ids: list[int], table: int | None) -> str | None:
    """Return, in words, how a new rule contradicts the dinner's rules; None if it does not."""
    names = {invitation.id: invitation.name for invitation in dinner.invitations}
    existing = [(r.kind, r.invitation_ids, r.table_number) for r in dinner.seating_rules]
    before = _clashes(existing, names)
    after = _clashes([*existing, (kind, ids, table)], names)
    new = [clash for clash in after if clash not in before]
    return new[0] if new else None


def _clashes(rules, names: dict[int, str]) -> list[str]:
    """List every contradiction among rules given as (kind, guest ids, table)."""
    group = _together_groups(rules)
    pins: dict[int, tuple[int, int]] = {}  # group -> (first guest pinned, table)
    clashes = []
    for kind, ids, table in rules:
        if kind != "pin":
            continue
        pinned, at = pins.setdefault(group(ids[0]), (ids[0], table))
        if at != table:
            how = "is" if pinned == ids[0] else "must sit with them and is"
            clashes.append(
                f"{_who(names, ids[0])} cannot sit at table {table}: "
                f"{_who(names, pinned)} {how} pinned to table {at}."
            )
    return (
        clashes
        + _apart_clashes(rules, group, pins, names)
        + _host_clashes(rules, group, pins, names)
    )


def _who(names: dict[int, str], person: int) -> str:
    return names.get(person, "a guest who no longer attends")


def _table_of(pins, group, person) -> int | None:
    pin = pins.get(group(person))
    return pin[1] if pin else None


def _apart_clashes(rules, group, pins, names) -> list[str]:
    clashes = []
    for kind, ids, _ in rules:
        if kind != "apart":
            continue
        a, b = (_who(names, person) for person in ids)
        table = _table_of(pins, group, ids[0])
        if group(ids[0]) == group(ids[1]):
            clashes.append(f"{a} and {b} cannot be kept both apart and together.")
        elif table is not None and table == _table_of(pins, group, ids[1]):
            clashes.append(f"{a} and {b} are to be kept apart but both sit at table {table}.")
    return clashes


def _host_clashes(rules, group, pins, names) -> list[str]:
    clashes, seen = [], {}
    hosts = dict.fromkeys(i for kind, ids, _ in rules if kind == "host" for i in ids)
    for host in hosts:
        table = _table_of(pins, group, host)
        place = ("table", table) if table is not None else ("group", group(host))
        first = seen.setdefault(place, host)
        if first != host:
            where = f"table {table}" if table is not None else "one table (kept together)"
            clashes.append(
                f"{_who(names, first)} and {_who(names, host)} are both hosts but would sit "
                f"at {where}: each table takes one host."
            )
    return clashes


def _together_groups(rules):
    """Return a function naming each guest's keep-together group (union-find)."""
    parent: dict[int, int] = {}

    def find(person: int) -> int:
        while parent.get(person, person) != person:
            person = parent[person]
        return person

    for kind, ids, _ in rules:
        if kind == "together":
            for other in ids[1:]:
                parent[find(other)] = find(ids[0])
    return find


def humanise(message: str, names: tuple[str, ...]) -> str:
    """Say a solver message in the organiser's terms: names for guests, tables from 1.

    The solver numbers guests and tables from 0 (its documented API); organisers count from 1.
    """
    message = re.sub(
        r"tables are 0\.\.(\d+)",
        lambda m: f"there can only be {int(m.group(1)) + 1} table(s) for the guests who accepted",
        message,
    )
    message = re.sub(r"\btable (\d+)", lambda m: f"table {int(m.group(1)) + 1}", message)
    return re.sub(
        r"\bguest (\d+)\b",
        lambda m: names[int(m.group(1))] if int(m.group(1)) < len(names) else m.group(0),
        message,
    )


def remove_rule(dinner: Dinner, rule_id: int) -> bool:
    """Delete one of the dinner's rules; return whether it existed."""
    rule = next((r for r in dinner.seating_rules if r.id == rule_id), None)
    if rule is None:
        return False
    dinner.seating_rules.remove(rule)
    return True


def describe(rule: SeatingRule, names: dict[int, str]) -> str:
    """Say the rule in words, e.g. "Keep apart: Ana Souza and Ben Okafor"."""
    people = " and ".join(names.get(i, "(no longer attending)") for i in rule.invitation_ids)
    text = f"{RULE_KINDS[rule.kind].label}: {people}"
    return f"{text} → table {rule.table_number}" if rule.table_number else text


def solver_constraints(
    dinner: Dinner, attendees: list[Invitation], competitor_groups=()
) -> Constraints:
    """Translate the dinner's rules into solver constraints over attendee indices."""
    index = {invitation.id: n for n, invitation in enumerate(attendees)}
    apart, together, pinned, hosts = [], [], [], []
    for rule in dinner.seating_rules:
        # A rule naming someone who has since declined keeps its other guests.
        members = tuple(index[i] for i in rule.invitation_ids if i in index)
        if rule.kind == "apart" and len(members) == 2:
            apart.append(members)
        elif rule.kind == "together" and len(members) >= 2:
            together.append(members)
        elif rule.kind == "pin" and members:
            pinned.append((members[0], rule.table_number - 1))
        elif rule.kind == "host":
            hosts.extend(members)
    return Constraints(
        keep_apart=tuple(apart),
        keep_together=tuple(together),
        pinned=tuple(pinned),
        hosts=tuple(dict.fromkeys(hosts)),
        competitor_groups=tuple(competitor_groups),
    )
