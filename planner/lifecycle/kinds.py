"""The names of every lifecycle mail kind, and the draft a composer returns.

Kept free of imports so composers, the registry and the outbox can all use them; what each
kind means (recipients, timing, opt-out, preview) is declared once, in `registry.py`.
"""

import enum
from dataclasses import dataclass, field


class Kind(enum.StrEnum):
    INVITATION = "invitation"
    RSVP_CONFIRMATION = "rsvp_confirmation"
    REMINDER = "reminder"
    DAY_NOTE = "day_note"
    FOLLOW_UP_1 = "follow_up_1"
    FOLLOW_UP_2 = "follow_up_2"
    OUTCOME_CHECK = "outcome_check"
    INTRO_CONSENT = "intro_consent"
    INTRO_MADE = "intro_made"
    INTRO_REQUEST = "intro_request"
    WAITLISTED = "waitlisted"
    WAITLIST_OFFER = "waitlist_offer"
    WAITLIST_CLOSED = "waitlist_closed"  # no seat came free: told before the dinner
    VERIFY_EMAIL = "verify_email"  # to an organiser, not a guest
    DINNER_UPDATE = "dinner_update"
    DINNER_CANCELLED = "dinner_cancelled"
    ORGANISER_NOTE = "organiser_note"
    RE_ASK = "re_ask"  # to the asker: what is still open, and who could hold it
    RE_ASK_HOLDER = "re_ask_holder"  # to that table-mate: the ask once more
    TABLE_CHANGE = "table_change"  # the seating changed after table numbers were mailed
    INVITATION_WITHDRAWN = "invitation_withdrawn"  # the organiser removed the guest, and said so


@dataclass(frozen=True)
class Draft:
    """What to say to one invitee: the kind (= template name), subject and context."""

    kind: Kind
    subject: str
    context: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
