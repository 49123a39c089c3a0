"""Parse guest lists (pasted `Name <email>` lines or a `name,email` CSV), all or nothing."""

import csv
import io
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<\s*(?P<email>[^<>\s]+)\s*>\s*$")


@dataclass(frozen=True)
class Guest:
    name: str
    email: str


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


class GuestListError(ValueError):
    """The guest list has problems; nothing from it may be imported."""

    def __init__(self, errors: list[LineError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def parse_pasted(text: str) -> list[Guest]:
    """Parse one `Name <email>` per line; blank lines are ignored."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _NAME_EMAIL.match(line)
        if match is None:
            rows.append((number, None, line.strip()))
        else:
            rows.append((number, match["name"], match["email"]))
    return _validated(rows, 'expected "Name <email@example.com>"')


def parse_csv(text: str) -> list[Guest]:
    """Parse a `name,email` CSV (a header row naming those columns is optional)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = []
    for record in reader:
        number = reader.line_num
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == ["name", "email"]:
            continue
        if len(cells) != 2:
            rows.append((number, None, f"{len(cells)} columns"))
        else:
            rows.append((number, cells[0], cells[1]))
    return _validated(rows, "expected two columns: name,email")


def _validated(rows: list[tuple[int, str | None, str]], shape_hint: str) -> list[Guest]:
    guests, errors, seen = [], [], {}
    for number, name, email in rows:
        if name is None:
            errors.append(LineError(number, f"{shape_hint} (got {email!r})"))
            continue
        guest, problem = _guest(name, email)
        if problem:
            errors.append(LineError(number, problem))
        elif guest.email in seen:
            errors.append(LineError(number, f"{guest.email} already on line {seen[guest.email]}"))
        else:
            seen[guest.email] = number
            guests.append(guest)
    if errors:
        raise GuestListError(errors)
    if not guests:
        raise GuestListError([LineError(1, "no guests found")])
    return guests


def _guest(name: str, email: str) -> tuple[Guest | None, str | None]:
    if not name.strip():
        return None, "the name is missing"
    if len(name) > 120:
        return None, "the name is longer than 120 characters"
    try:
        valid = validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return None, f"{email!r} is not a valid email address ({error})"
    return Guest(name.strip(), valid.normalized.lower()), None
