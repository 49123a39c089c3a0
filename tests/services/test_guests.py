import pytest

from planner.services.guests import GuestListError, parse_csv, parse_pasted


def test_pasted_lines_give_normalised_guests():
    guests = parse_pasted("Ana Souza <Ana@Example.com>\n\n  Ben Okafor<ben@example.org>  \n")
    assert [(g.name, g.email) for g in guests] == [
        ("Ana Souza", "ana@example.com"),
        ("Ben Okafor", "ben@example.org"),
    ]


def test_pasted_errors_name_every_bad_line_and_import_nothing():
    text = "Ana <ana@example.com>\nnot a guest\nBen <ben@@example>\nAna Again <ana@example.com>"
    with pytest.raises(GuestListError) as raised:
        parse_pasted(text)
    lines = [error.line for error in raised.value.errors]
    assert lines == [2, 3, 4]
    assert "already on line 1" in str(raised.value.errors[2])


def test_csv_with_header_and_quoted_names():
    guests = parse_csv('name,email\n"Levi, David",david@example.com\nZoe,zoe@example.com\n')
    assert [g.name for g in guests] == ["Levi, David", "Zoe"]


def test_csv_reports_line_numbers_of_malformed_rows():
    with pytest.raises(GuestListError) as raised:
        parse_csv("name,email\nAna,ana@example.com\nBen\n,carl@example.com\n")
    assert [(e.line, e.message.split(" (")[0]) for e in raised.value.errors] == [
        (3, "expected two columns: name,email"),
        (4, "the name is missing"),
    ]


def test_empty_list_is_an_error():
    with pytest.raises(GuestListError):
        parse_pasted("   \n\n")
