"""Domain errors that services raise and the web layer turns into pages."""


class NotFound(LookupError):
    """The thing asked for does not exist, or is not the caller's to see (shown as a 404)."""


class LinkNotUsable(NotFound):
    """A guest's personal link does not open its page: unknown, expired or withdrawn.

    Carries what the guest should be told, and the organiser to contact when the link is known.
    """

    def __init__(
        self, reason: str, organiser_name: str | None = None, organiser_email: str | None = None
    ):
        super().__init__(reason)
        self.reason = reason
        self.organiser_name = organiser_name
        self.organiser_email = organiser_email


class Conflict(RuntimeError):
    """A parallel change of the same thing won; the caller should say so and let the user retry."""
