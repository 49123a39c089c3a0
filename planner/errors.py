"""Domain errors that services raise and the web layer turns into pages."""


class NotFound(LookupError):
    """The thing asked for does not exist, or is not the caller's to see (shown as a 404)."""


class LinkNotUsable(LookupError):
    """A personal link that once worked no longer does: replaced by a newer one or expired.

    `reason` is "replaced" (a newer link was sent), "revoked" (the organiser removed the
    guest or the guest deleted their data) or "expired"; the page names whom to ask.
    """

    def __init__(self, reason: str, organiser_name: str, organiser_email: str):
        super().__init__(reason)
        self.reason = reason
        self.organiser_name = organiser_name
        self.organiser_email = organiser_email


class Conflict(RuntimeError):
    """A parallel change of the same thing won; the caller should say so and let the user retry."""
