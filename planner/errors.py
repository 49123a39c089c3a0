"""Domain errors that services raise and the web layer turns into pages."""


class NotFound(LookupError):
    """The thing asked for does not exist, or is not the caller's to see (shown as a 404)."""
