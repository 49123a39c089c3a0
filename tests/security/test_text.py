import pytest

from planner.security.text import has_control_characters, single_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("A\r\nBcc: x@example.com", "A Bcc: x@example.com"),
        ("  Ada \t Lovelace  ", "Ada Lovelace"),
        ("Nul\x00byte", "Nulbyte"),
        ("Bell\x07 and \x1b[31mred", "Bell and [31mred"),
        ("line\u2028sep\u2029para\x85nel", "line sep para nel"),
        ("Zoë 🍷 Ōkubo", "Zoë 🍷 Ōkubo"),
        ("", ""),
    ],
)
def test_single_line_folds_breaks_and_drops_control_characters(raw, clean):
    assert single_line(raw) == clean
    assert not has_control_characters(single_line(raw))


def test_single_line_keeps_none():
    assert single_line(None) is None


def test_has_control_characters_sees_breaks():
    assert has_control_characters("a\nb") and has_control_characters("a\u2028b")
    assert not has_control_characters("plain name")
