import csv
import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.services.guest_export import GUEST_COLUMNS, GuestRow, excel_csv, guest_list_csv
from planner.services.guests import preview_import


def read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_file_starts_with_a_bom_and_ends_lines_with_crlf():
    data = guest_list_csv([GuestRow("Zoë Müller", "zoe@example.com", "accepted", table=3)])
    assert data.startswith(b"\xef\xbb\xbfName,Email,Status,")
    assert data.count(b"\r\n") == 2 and b"\n" not in data.replace(b"\r\n", b"")
    assert read_back(data)[1] == ["Zoë Müller", "zoe@example.com", "accepted"] + [""] * 7 + ["3"]


def test_formula_starts_are_neutralised_and_numbers_are_not():
    cells = ['=HYPERLINK("http://x")', "+44 20", "-1", "@SUM(A1)", "\tx", "\rx", "a=b"]
    rows = read_back(excel_csv(["a"] * 7 + ["n", "m"], [[*cells, -4, 2.5]]))
    assert rows[1] == [
        '\'=HYPERLINK("http://x")',
        "'+44 20",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ] + [
        "a=b",
        "-4",
        "2.5",
    ]


def test_header_cells_are_made_safe_too_and_none_is_empty():
    assert read_back(excel_csv(["=cmd"], [[None], [True]])) == [["'=cmd"], [""], ["True"]]


def test_multiline_answers_stay_in_one_cell():
    row = GuestRow("Ana", "ana@example.com", "accepted", asks='Intros to:\nbuyers, "big" ones')
    assert read_back(guest_list_csv([row]))[1][7] == 'Intros to:\nbuyers, "big" ones'


def test_the_export_imports_back_with_its_columns():
    row = GuestRow(
        'Souza, Ana "Nana"',
        "ana@example.com",
        "accepted",
        company="=Acme",
        role="CFO",
        industry="Retail",
        dietary="vegan",
        table=2,
    )
    (guest,) = preview_import(csv_data=guest_list_csv([row])).guests
    assert (guest.name, guest.email) == (row.name, row.email)
    assert guest.extra == {
        "Status": "accepted",
        "company": "=Acme",
        "role": "CFO",
        "Industry": "Retail",
        "Dietary": "vegan",
        "Table": "2",
    }
    assert set(GUEST_COLUMNS) >= {"Status", "Industry", "Dietary", "Table"}


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


names = (
    st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=60)
    .map(_tidy)
    .filter(lambda name: name and not name.startswith("'") and "@" not in name)
)


@settings(max_examples=200, deadline=None)
@given(people=st.lists(names, min_size=1, max_size=8), company=names)
def test_round_trip_keeps_names_with_commas_quotes_and_accents(people, company):
    rows = [
        GuestRow(name, f"guest{i}@example.com", "pending", company=company)
        for i, name in enumerate(people)
    ]
    preview = preview_import(csv_data=guest_list_csv(rows))
    assert preview.errors == []
    assert [(g.name, g.email, g.extra["company"]) for g in preview.guests] == [
        (row.name, row.email, row.company) for row in rows
    ]
