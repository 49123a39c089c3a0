"""The organiser's seating rules: who sits apart, together, at a given table, or hosts."""

from dataclasses import dataclass

from planner.extensions import db
from planner.models import Dinner, Invitation, SeatingRule
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
    rule = SeatingRule(
        dinner=dinner,
        kind=kind,
        invitation_ids=ids,
        table_number=table_number if spec.needs_table else None,
    )
    db.session.add(rule)
    return rule


def _check_guest_count(spec: RuleKind, count: int) -> None:
    if count < spec.min_guests:
        raise RuleError(f"“{spec.label}” needs at least {spec.min_guests} guest(s).")
    if spec.max_guests is not None and count > spec.max_guests:
        raise RuleError(f"“{spec.label}” takes exactly {spec.max_guests} guest(s).")


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
