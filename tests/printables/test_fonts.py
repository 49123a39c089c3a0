import shutil

import pytest

from planner.printables import PrintablesError, door_list, fonts
from tests.printables.conftest import page_texts


@pytest.fixture
def fresh_font_search(monkeypatch):
    """Forget the cached font so each test searches again, and again after it."""
    fonts.find_font.cache_clear()
    yield monkeypatch
    fonts.find_font.cache_clear()


def test_the_system_dejavu_font_is_found():
    found = fonts.find_font()

    assert found.regular.name in {regular for regular, _ in fonts.CANDIDATES}
    assert found.regular.is_file() and found.bold.is_file()


def test_a_font_folder_in_the_environment_wins(fresh_font_search, tmp_path, small_plan):
    system = fonts.find_font()
    fonts.find_font.cache_clear()
    shutil.copy(system.regular, tmp_path / system.regular.name)
    fresh_font_search.setenv(fonts.FONT_DIR_VARIABLE, str(tmp_path))

    found = fonts.find_font()

    assert found.regular == tmp_path / system.regular.name
    assert "Zoë Ångström" in page_texts(door_list(small_plan))[0]


def test_no_font_anywhere_gives_a_clear_message(fresh_font_search, tmp_path, small_plan):
    fresh_font_search.setattr(fonts, "_search_roots", lambda: [tmp_path])

    with pytest.raises(PrintablesError, match="fonts-dejavu-core"):
        door_list(small_plan)
