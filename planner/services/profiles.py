"""The one shape of an attendee's profile inside the app, and its mappings each way.

Form values, the stored `Profile` row and the referral model's `Profile` all use these field
names, so each mapping is a loop over the fields rather than a list written by hand.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from planner.matching import Profile as MatchProfile
from planner.models import Invitation, Profile
from planner.text import multiline, one_line

# Fields that may hold several lines; every other text field is one line (names end up in
# mail headers, where a line break is refused).
MULTILINE_FIELDS = frozenset({"does", "serves", "can_introduce", "prefer_not"})


@dataclass(frozen=True)
class ProfileData:
    name: str = ""
    company: str = ""
    role: str = ""
    industry: str = ""
    does: str = ""
    serves: str = ""
    asks: tuple[str, ...] = ()
    can_introduce: str = ""  # one per line
    dietary: str = ""
    personal: str = ""  # optional: "outside work I…"
    prefer_not: str = ""  # names or emails, one per line; only the seating sees them
    share_email: bool = False  # table-mates may see the email address (default: they may not)

    @classmethod
    def from_values(cls, values: Mapping) -> "ProfileData":
        """Return the profile held in a mapping of field values (a form, JSON), cleaned up."""
        data = {f.name: values.get(f.name) or f.default for f in fields(cls)}
        asks = (one_line(ask) for ask in data["asks"] if isinstance(ask, str))
        data["asks"] = tuple(ask for ask in asks if ask)
        data["share_email"] = bool(data["share_email"])
        return cls(**{k: _cleaned(k, v) if isinstance(v, str) else v for k, v in data.items()})

    @classmethod
    def from_row(cls, row: Profile) -> "ProfileData":
        """Return the profile stored in a `Profile` row."""
        return cls.from_values({f.name: getattr(row, f.name) for f in fields(cls)})

    def as_values(self) -> dict:
        """Return the field values, e.g. to prefill a form."""
        # Shallow: every value is a str or a tuple of str, so asdict's deep copy on every
        # RSVP page view bought nothing.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def write_to(self, row: Profile) -> None:
        """Store this profile in a `Profile` row (not committed)."""
        for f in fields(self):
            value = getattr(self, f.name)
            setattr(row, f.name, list(value) if isinstance(value, tuple) else value)

    @property
    def can_introduce_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.can_introduce.splitlines() if line.strip())


def _cleaned(name: str, value: str) -> str:
    return multiline(value) if name in MULTILINE_FIELDS else one_line(value)


def to_match_profile(invitation: Invitation, prefer_not_ids: tuple[str, ...] = ()) -> MatchProfile:
    """Return the referral model's view of one invitee (their profile, or just their name)."""
    if invitation.profile is None:
        return MatchProfile(id=str(invitation.id), name=invitation.name)
    data = ProfileData.from_row(invitation.profile)
    return MatchProfile(
        id=str(invitation.id),
        name=data.name or invitation.name,
        company=data.company,
        role=data.role,
        industry=data.industry,
        does=data.does,
        serves=data.serves,
        asks=data.asks,
        can_introduce=data.can_introduce_lines,
        personal=data.personal,
        prefer_not=prefer_not_ids,
    )
