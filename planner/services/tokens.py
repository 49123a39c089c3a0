"""Unguessable personal link tokens, stored only as hashes."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """Return a fresh 256-bit URL-safe token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
