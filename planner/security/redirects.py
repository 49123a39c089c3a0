"""Redirect only to paths on this site, whatever a `next` parameter says."""

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri

# What browsers drop from a URL before parsing it (WHATWG URL standard): a `next` of
# "/\t/evil.example" is "//evil.example" to them, so it must be to us too.
_STRIPPED_INSIDE = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` if it is a relative path on this site, else `fallback`."""
    if not target:
        return fallback
    cleaned = target.strip(_C0_AND_SPACE).translate(_STRIPPED_INSIDE).replace("\\", "/")
    if not _is_local_path(cleaned):
        return fallback
    return iri_to_uri(cleaned)


def _is_local_path(path: str) -> bool:
    if not path.startswith("/") or path.startswith("//"):
        return False
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
