import pytest

from planner.printables import RoomPlan, door_list, host_cards, place_cards, table_tents
from planner.printables.layout import ELLIPSIS, RoomDocument, clean, fit_text, wrap
from tests.printables.conftest import LONG_ASK, page_texts


@pytest.fixture
def pdf() -> RoomDocument:
    document = RoomDocument("A4", "P", "test")
    document.use(12)
    return document


def test_fit_text_keeps_what_fits_and_cuts_the_rest_with_an_ellipsis(pdf):
    assert fit_text(pdf, "Zoë Ångström", 100) == "Zoë Ångström"
    cut = fit_text(pdf, LONG_ASK, 60)
    assert cut.endswith(ELLIPSIS) and LONG_ASK.startswith(cut[:-1])
    assert pdf.get_string_width(cut) <= 60


def test_wrap_never_exceeds_the_width_or_the_line_count(pdf):
    lines = wrap(pdf, LONG_ASK + " " + "x" * 300, 80, max_lines=3)

    assert len(lines) == 3
    assert all(pdf.get_string_width(line) <= 80 for line in lines)
    assert lines[-1].endswith(ELLIPSIS)
    assert " ".join(lines[:2]) == " ".join(LONG_ASK.split()[: len(" ".join(lines[:2]).split())])


def test_clean_composes_accents_and_flattens_whitespace():
    decomposed = "Zoe\u0308 A\u030angstro\u0308m"

    assert clean(decomposed) == "Zoë Ångström"
    assert clean("  two\n lines\t") == "two lines"


@pytest.mark.parametrize("make", [door_list, place_cards, table_tents, host_cards])
def test_a_plan_with_no_one_seated_prints_a_page_that_says_so(make):
    plan = RoomPlan("Dinner", courses=(("Main", ()),))

    (text,) = page_texts(make(plan))

    assert "no guest is seated" in text
