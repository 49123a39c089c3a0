"""Read guest lists as people really keep them: pasted lines and CSV files, previewed first.

`preview_import` takes pasted text and CSV bytes together and never raises: it returns the
guests it understood, per-line errors and per-line warnings, each naming where it came from
("pasted line 3", "CSV line 7"). Nothing is sent from here; the caller shows the preview and
invites `preview.guests` only once `preview.ok`.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email

from planner.services.guest_export import FORMULA_STARTS

MAX_GUESTS = 10_000  # rows per import; more is refused as a whole
MAX_NAME_LENGTH = 120  # Invitation.name
MAX_CELL_LENGTH = 1000  # any other kept column
_EXCEL_ESCAPE = tuple(f"'{start}" for start in FORMULA_STARTS)  # what guest_export writes

# One `Name <email>` (the name optionally quoted), possibly several on a line as Outlook pastes.
# No whitespace runs around the lazy name part: that keeps matching linear on hostile lines.
_ADDRESS = re.compile(r'(?P<name>(?:"[^"]*"|[^<>"])*?)<(?P<email>[^<>]*)>\s*[,;]?')
# Tab and line breaks are whitespace inside a cell; every other control character is refused,
# and so are the bidirectional overrides that make a name display as something else.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SPACES = re.compile(r"\s+")
_HEADER_ALIASES = {
    "name": {"name", "fullname", "guest", "guestname", "contact", "contactname", "displayname"},
    "first_name": {"firstname", "givenname", "first", "forename"},
    "last_name": {"lastname", "surname", "familyname", "last"},
    "email": {"email", "emailaddress", "mail", "workemail", "primaryemail", "emailaddresses"},
    "company": {"company", "companyname", "organisation", "organization", "employer", "org"},
    "phone": {"phone", "telephone", "mobile", "phonenumber", "tel", "cell"},
    "role": {"role", "jobtitle", "title", "position"},
}
_COLUMN_OF = {alias: key for key, aliases in _HEADER_ALIASES.items() for alias in aliases}


class Source(StrEnum):
    PASTED = "pasted"
    CSV = "CSV"


@dataclass(frozen=True)
class LineError:
    """A problem (or, in `ImportPreview.warnings`, a notice) tied to one line of one source."""

    line: int | None  # None: about the whole list
    message: str
    source: Source = Source.PASTED

    @property
    def where(self) -> str:
        """Name the place: "pasted line 3", "CSV line 7" or "the list"."""
        return "the list" if self.line is None else f"{self.source} line {self.line}"

    def __str__(self) -> str:
        where = self.where
        return f"{where[0].upper()}{where[1:]}: {self.message}"


@dataclass(frozen=True)
class Guest:
    name: str
    email: str  # normalised, lower case
    # Other columns by name: company, phone, role, or the header as written.
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    where: str = field(default="", compare=False)  # "pasted line 3"


@dataclass(frozen=True)
class ImportPreview:
    guests: list[Guest]
    errors: list[LineError]
    warnings: list[LineError]

    @property
    def ok(self) -> bool:
        """Say whether the list may be imported as it is."""
        return bool(self.guests) and not self.errors


class GuestListError(ValueError):
    """The guest list has problems; nothing from it may be imported."""

    def __init__(self, errors: list[LineError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class _Row:
    """One candidate guest before validation."""

    line: int
    name: str
    email: str
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def preview_import(
    pasted: str = "",
    csv_data: bytes | str | None = None,
    limit: int = MAX_GUESTS,
    already_invited: Collection[str] = (),
) -> ImportPreview:
    """Parse pasted text and a CSV file together into guests, errors and warnings.

    Addresses in `already_invited` (lower case) are left out with a warning, so the preview
    shows exactly who would get a new invitation.
    """
    tagged: list[tuple[Source, _Row]] = []
    errors: list[LineError] = []
    if pasted and pasted.strip():
        tagged += [(Source.PASTED, row) for row in _pasted_rows(pasted)]
    if csv_data:
        text, problem = decode_csv(csv_data)
        if problem:
            errors.append(LineError(None, problem, Source.CSV))
        else:
            tagged += [(Source.CSV, row) for row in _table_rows(text)]
    if len(tagged) > limit:
        message = (
            f"the list has {len(tagged):,} rows; one import takes at most {limit:,}. "
            "Split it into smaller lists."
        )
        return ImportPreview([], [LineError(None, message)], [])
    invited = dict.fromkeys((email.lower() for email in already_invited), "")
    preview = _validated(tagged, errors, invited)
    if not preview.guests and not preview.errors:
        # Rows that gave neither a guest nor an error were all duplicates.
        message = "everyone on the list is already invited" if tagged else "no guests found"
        preview.errors.append(LineError(None, message))
    return preview


def import_guests(pasted: str = "", csv_data: bytes | str | None = None) -> list[Guest]:
    """Return the guests of pasted text plus a CSV, or raise GuestListError naming each problem."""
    preview = preview_import(pasted, csv_data)
    if not preview.ok:
        raise GuestListError(preview.errors)
    return preview.guests


def parse_pasted(text: str) -> list[Guest]:
    """Return the guests of pasted text, or raise GuestListError (kept for older callers)."""
    return import_guests(pasted=text)


def parse_csv(data: bytes | str) -> list[Guest]:
    """Return the guests of a CSV file, or raise GuestListError (kept for older callers)."""
    return import_guests(csv_data=data or b"\n")


def decode_csv(data: bytes | str) -> tuple[str, str | None]:
    """Decode uploaded bytes (UTF-8 with or without BOM, UTF-16, Windows-1252); say if unusable."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "", (
            "this is an Excel workbook, not a CSV file: in Excel choose File > Save As > "
            "CSV UTF-8 and upload that file"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows; latin-1 catches the 5 bytes cp1252 leaves undefined.
        try:
            return data.decode("cp1252"), None
        except UnicodeDecodeError:
            return data.decode("latin-1"), None


# --- Pasted text ------------------------------------------------------------------------------


def _pasted_rows(text: str) -> list[_Row]:
    lines = _lines(text)
    first = next((line for line in lines if line.strip()), "")
    if _header(_cells(first)) is not None:
        return _table_rows(text)  # a spreadsheet pasted with its header row
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            rows += _pasted_line(number, line)
    return rows


def _lines(text: str) -> list[str]:
    # Only real line breaks count, so line numbers match what the organiser sees.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _pasted_line(number: int, line: str) -> list[_Row]:
    if "<" in line or ">" in line:
        return _address_rows(number, line)
    cells = _cells(line)
    if len(cells) == 1:
        cells = _words_around_email(line.strip())
    return [_cells_row(number, cells)]


def _cells(line: str) -> list[str]:
    for delimiter in ("\t", ";", ","):
        if delimiter in line:
            return [cell.strip() for cell in line.split(delimiter)]
    return [line.strip()]


def _words_around_email(line: str) -> list[str]:
    words = line.split()
    if len(words) > 1 and "@" in words[-1]:
        return [" ".join(words[:-1]), words[-1]]
    if len(words) > 1 and "@" in words[0]:
        return [words[0], " ".join(words[1:])]
    return [line]


def _address_rows(number: int, line: str) -> list[_Row]:
    """Read `Name <email>` entries, several on a line when copied from a mail client's To field."""
    rows, position = [], 0
    while position < len(line) and (match := _ADDRESS.match(line, position)):
        name = match["name"].strip()
        if len(name) > 1 and name[0] == name[-1] == '"':
            name = name[1:-1]
        rows.append(_Row(number, name, match["email"].strip()))
        position = match.end()
    if not rows or line[position:].strip():
        hint = 'expected "Name <email@example.com>"'
        return [_Row(number, "", "", error=f"{hint} (got {_shown(line.strip())})")]
    return rows


def _cells_row(number: int, cells: list[str]) -> _Row:
    at = [i for i, cell in enumerate(cells) if "@" in cell]
    if not at:
        hint = 'expected "Name <email>", "Name, email" or an email address'
        return _Row(number, "", "", error=f"no email address found; {hint}")
    if len(at) > 1:
        return _Row(number, "", "", error="two email addresses on one line")
    before, after = cells[: at[0]], cells[at[0] + 1 :]
    name_cells = [c for c in before if c] or [c for c in after[:1] if c]
    row = _Row(number, " ".join(name_cells), cells[at[0]])
    if [c for c in (after if before else after[1:]) if c]:
        row.warnings.append("extra columns ignored (add a header row to keep them)")
    return row


# --- Tables with a header row (CSV files, spreadsheet pastes) ----------------------------------


def _header(cells: list[str]) -> list[str | None] | None:
    keys = [_COLUMN_OF.get(re.sub(r"[^a-z]", "", c.lower())) for c in cells]
    if "email" not in keys or any("@" in c for c in cells):
        return None
    return keys


def _delimiter(text: str) -> str:
    sample = "\n".join(_lines(text[:20000])[:20])
    first = next((line for line in sample.split("\n") if line.strip()), "")
    try:
        # Only the delimiter is taken: the Sniffer's guesses about quoting are unreliable and
        # every spreadsheet quotes like Excel.
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        if delimiter in first:
            return delimiter
    except csv.Error:
        pass  # too little or too irregular text to sniff: count delimiters instead
    return max(",;\t", key=first.count) if first else ","


def _records(text: str):
    """Yield (first line number, cells) for each non-blank CSV record; stop at unreadable text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                yield start, [cell.strip() for cell in record]
            start = reader.line_num + 1
    except csv.Error as error:
        yield start, error


def _table_rows(text: str) -> list[_Row]:
    rows, header, columns = [], None, []
    for number, cells in _records(text):
        if isinstance(cells, csv.Error):
            problem = f"the file cannot be read from here on ({cells}); nothing after it was read"
            rows.append(_Row(number, "", "", error=problem))
            break
        if not rows and header is None and (header := _header(cells)) is not None:
            columns = cells
            continue
        row = _mapped_row(number, cells, header, columns) if header else _cells_row(number, cells)
        rows.append(row)
    return rows


def _mapped_row(number: int, cells: list[str], keys: list[str | None], columns: list[str]) -> _Row:
    values: dict[str, str] = {}
    for key, column, cell in zip(keys, columns, cells, strict=False):
        label = key or column.strip()
        if cell and label and label not in values:
            values[label] = cell
    parts = (values.pop("first_name", ""), values.pop("last_name", ""))
    name = values.pop("name", "") or " ".join(part for part in parts if part)
    email = values.pop("email", "")
    if not email:
        return _Row(number, "", "", error="the email address is missing")
    return _Row(number, name, email, extra=values)


# --- Validation -------------------------------------------------------------------------------


def _validated(
    tagged: list[tuple[Source, _Row]], errors: list[LineError], seen: dict[str, Guest | str]
) -> ImportPreview:
    """Validate every row; `seen` maps addresses already taken to their guest ("" if invited)."""
    guests, warnings = [], []
    for source, row in tagged:
        problem = row.error or _checked(row)
        if problem:
            errors.append(LineError(row.line, problem, source))
            continue
        if row.email in seen:
            warnings.append(LineError(row.line, _duplicate(row.email, seen[row.email]), source))
            continue
        warnings += [LineError(row.line, message, source) for message in row.warnings]
        where = LineError(row.line, "", source).where
        seen[row.email] = guest = Guest(row.name, row.email, row.extra, where)
        guests.append(guest)
    return ImportPreview(guests, errors, warnings)


def _duplicate(email: str, first: Guest | str) -> str:
    if isinstance(first, Guest):
        return f"{email} is already on {first.where} ({first.name}); line skipped"
    return f"{email} is already invited to this dinner; line skipped"


def _checked(row: _Row) -> str | None:
    """Normalise the row in place; return what is wrong with it, if anything."""
    for label, value in [("name", row.name), ("email", row.email), *row.extra.items()]:
        if bad := _CONTROL.search(value):
            return f"the {label} contains an invisible control character (U+{ord(bad[0]):04X})"
    try:
        row.email = validate_email(row.email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        return f"{_shown(row.email)} is not a valid email address ({error})"
    row.name = _clean(row.name)
    if not row.name:
        row.name = _name_from_email(row.email)
        row.warnings.append(f"no name given; using {row.name!r} from the address")
    if len(row.name) > MAX_NAME_LENGTH:
        return f"the name is longer than {MAX_NAME_LENGTH} characters"
    row.extra = {key: _clean(value)[:MAX_CELL_LENGTH] for key, value in row.extra.items()}
    return None


def _clean(value: str) -> str:
    if value.startswith(_EXCEL_ESCAPE):
        value = value[1:]  # undo guest_export's formula guard
    return unicodedata.normalize("NFC", _SPACES.sub(" ", value).strip())


def _name_from_email(email: str) -> str:
    local = email.split("@", 1)[0].split("+", 1)[0]
    words = [word for word in re.split(r"[._\-]+", local) if word]
    return " ".join(word.capitalize() for word in words) or local


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
