"""The order of a table's round of introductions: hosts first, then helpers next to askers."""

from __future__ import annotations

from planner.printables.model import RoomGuest, RoomTable


def introduction_order(table: RoomTable) -> list[RoomGuest]:
    """Return the table's guests in speaking order.

    Hosts open the round (in seat order). After that each next speaker is, when there is one
    still to speak, someone who may answer the last speaker's ask (so the answer comes right
    after the ask), else someone whose ask the last speaker may answer. When the last speaker
    has no link to anyone left, a new chain opens with a guest whose ask someone waiting may
    answer but who answers no one waiting (so the chain runs ask -> helper -> helper's helper
    without doubling back); failing that, the guest with the most links to those waiting.
    Ties go by seat order, so the result is stable.
    """
    helpers, askers = _links(table)
    order = [guest for guest in table.guests if guest.is_host]
    waiting = [guest for guest in table.guests if not guest.is_host]
    while waiting:
        last = order[-1].ref if order else None
        chosen = _next_linked(waiting, helpers.get(last, ()), askers.get(last, ()))
        if chosen is None:
            chosen = max(waiting, key=lambda guest: _opening_rank(guest, waiting, helpers, askers))
        order.append(chosen)
        waiting.remove(chosen)
    return order


def _links(table: RoomTable) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return who may answer each guest's ask, and whose ask each guest may answer."""
    helpers: dict[str, list[str]] = {}
    askers: dict[str, list[str]] = {}
    for asker, helper, _ in table.answers:
        helpers.setdefault(asker, []).append(helper)
        askers.setdefault(helper, []).append(asker)
    return helpers, askers


def _next_linked(waiting: list[RoomGuest], helpers, askers) -> RoomGuest | None:
    for wanted in (helpers, askers):
        for guest in waiting:
            if guest.ref in wanted:
                return guest
    return None


def _opening_rank(guest: RoomGuest, waiting: list[RoomGuest], helpers, askers) -> tuple:
    """Rank chain starts first, then by links to those waiting (max() keeps seat order on ties)."""
    others = {other.ref for other in waiting if other is not guest}
    own_helpers = set(helpers.get(guest.ref, ())) & others
    helped = set(askers.get(guest.ref, ())) & others
    return bool(own_helpers) and not helped, len(own_helpers | helped), bool(own_helpers)
