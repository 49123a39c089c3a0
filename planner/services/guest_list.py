"""The organiser's guest list: search, filter by status, sort, and the rows of its CSV export."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from planner.matching import default_taxonomy
from planner.models import Dinner, Invitation, RsvpStatus
from planner.services.guest_export import GuestRow

# Filters in the order the page offers them; "" (everyone) leaves out removed invitations.
STATUSES = ("pending", "accepted", "waitlisted", "declined", "removed")
SORTS = {"name": "Name", "status": "Status", "answered": "Answered (latest first)"}
_STATUS_ORDER = {"accepted": 0, "waitlisted": 1, "pending": 2, "declined": 3, "removed": 4}
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class GuestQuery:
    """What the organiser asked the list for; unknown values fall back to the defaults."""

    text: str = ""
    status: str = ""
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> "GuestQuery":
        """Read a query from request arguments (any mapping), ignoring values it does not know."""
        status = args.get("status", "")
        sort = args.get("sort", "name")
        return cls(
            text=(args.get("q") or "").strip()[:200],
            status=status if status in STATUSES else "",
            sort=sort if sort in SORTS else "name",
        )


def find_guests(invitations: Iterable[Invitation], query: GuestQuery) -> list[Invitation]:
    """Return the invitations matching the query's text and status, in its order."""
    wanted = _folded(query.text)
    found = [
        invitation
        for invitation in invitations
        if _has_status(invitation, query.status) and wanted in _searchable(invitation)
    ]
    return sorted(found, key=_SORT_KEYS[query.sort])


def status_counts(invitations: Iterable[Invitation]) -> dict[str, int]:
    """Return how many invitations are in each status, every status listed."""
    counts = dict.fromkeys(STATUSES, 0)
    for invitation in invitations:
        counts[invitation.status.value] += 1
    return counts


def table_numbers(dinner: Dinner) -> dict[int, str]:
    """Return each seated invitation's table: "3", or per course "1 → 3 → 2" when guests rotate."""
    plan = dinner.seating_plan
    if plan is None:
        return {}
    return {
        guest: " → ".join(str(number) for _, number in places)
        for guest, places in plan.places().items()
    }


def export_rows(invitations: Iterable[Invitation], tables: dict[int, str]) -> list[GuestRow]:
    """Return the guests as rows of the organiser's CSV export."""
    return [_export_row(invitation, tables.get(invitation.id)) for invitation in invitations]


def industry_label(key: str) -> str:
    """Return the taxonomy's label for an industry key (the key itself if unknown)."""
    taxonomy = default_taxonomy()
    return taxonomy.specialty(key).label if key in taxonomy else key


def _export_row(invitation: Invitation, table: str | None) -> GuestRow:
    profile = invitation.profile
    if profile is None:
        return GuestRow(invitation.name, invitation.email, invitation.status.value, table=table)
    return GuestRow(
        name=invitation.name,
        email=invitation.email,
        status=invitation.status.value,
        company=profile.company,
        role=profile.role,
        industry=industry_label(profile.industry) if profile.industry else "",
        what_they_do=profile.does,
        asks="; ".join(profile.asks or []),
        can_introduce="; ".join(profile.can_introduce_list),
        dietary=profile.dietary,
        table=table,
    )


def _has_status(invitation: Invitation, status: str) -> bool:
    if not status:
        return invitation.status != RsvpStatus.REMOVED
    return invitation.status.value == status


def _searchable(invitation: Invitation) -> str:
    company = invitation.profile.company if invitation.profile else ""
    return _folded(f"{invitation.name}\n{invitation.email}\n{company}")


def _folded(text: str) -> str:
    """Lower-case without accents, so "jose" finds "José"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _by_name(invitation: Invitation) -> tuple:
    return (_folded(invitation.name), invitation.email)


def _by_status(invitation: Invitation) -> tuple:
    return (_STATUS_ORDER[invitation.status.value], *_by_name(invitation))


def _by_answer(invitation: Invitation) -> tuple:
    # Latest answer first; guests who never answered last.
    answered = invitation.responded_at or _EPOCH
    return (
        invitation.responded_at is None,
        -(answered - _EPOCH).total_seconds(),
        *_by_name(invitation),
    )


_SORT_KEYS = {"name": _by_name, "status": _by_status, "answered": _by_answer}
