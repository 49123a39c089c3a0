"""Room plans to print: a small one with hard names, and a large generated one."""

import io
import random

import pytest
from pypdf import PdfReader

from planner.printables import RoomGuest, RoomPlan, RoomTable

UNICODE_NAMES = ("Zoë Ångström", "Łukasz Wójcik", "Nguyễn Thị Minh", "Émile Zola")
LONG_ASK = (
    "An introduction to the head of procurement at a regional hospital group who buys "
    "sterilisation services, ideally someone who has switched supplier in the last two years "
    "and can tell me honestly what made them move"
)


def guest(name, company="", **fields) -> RoomGuest:
    """Build a guest with readable defaults derived from the name."""
    defaults = {
        "role": "Founder",
        "looking_for": f"customers for {name.split()[0]}",
        "does": f"{name.split()[0]} runs {company or 'a small firm'}",
        "ask": f"an intro for {name.split()[0]}",
        "can_introduce": "local bankers",
    }
    return RoomGuest(name=name, company=company, **{**defaults, **fields})


def make_small_plan() -> RoomPlan:
    """Return two courses of two tables, hosts staying put, with unicode and very long text."""
    host_a = guest("Ada Host", "Tablewise", is_host=True)
    host_b = guest("Ben Host", "Tablewise", is_host=True)
    zoe, lukasz, minh, emile = (guest(name) for name in UNICODE_NAMES)
    cafe = guest("Carla Brandt", "Café Rot, Torstraße", looking_for=LONG_ASK, ask=LONG_ASK)
    long_name = guest("Maximiliane Wilhelmina Hohenzollern-Sigmaringen von Oberschwaben")
    first = (
        RoomTable(
            1, "Garden", (host_a, zoe, lukasz, cafe), (("Carla Brandt", "Zoë Ångström", LONG_ASK),)
        ),
        RoomTable(
            2,
            None,
            (host_b, minh, emile, long_name),
            (("Émile Zola", "Nguyễn Thị Minh", "an intro"),),
        ),
    )
    second = (
        RoomTable(1, "Garden", (host_a, minh, cafe, long_name)),
        RoomTable(
            2, None, (host_b, zoe, lukasz, emile), (("Zoë Ångström", "Łukasz Wójcik", "an intro"),)
        ),
    )
    return RoomPlan(
        "Spring founders’ dinner",
        "Thursday 4 June 2026, 19:00",
        "Café Rot, Torstraße 1, Berlin",
        (("Starter", first), ("Main", second)),
    )


@pytest.fixture
def small_plan() -> RoomPlan:
    """Return the small plan with hard names."""
    return make_small_plan()


def generated_plan(guest_count=200, course_count=3, per_table=10, seed=7) -> RoomPlan:
    """Return `guest_count` guests seated at random in `course_count` courses."""
    rng = random.Random(seed)
    people = [
        guest(
            f"Guest{number:03d} {rng.choice(['Ångström', 'Zola', 'Łoś', 'Brandt'])}{number}",
            f"Company {number}",
        )
        for number in range(guest_count)
    ]
    courses = []
    for course in range(course_count):
        rng.shuffle(people)
        tables = []
        for start in range(0, guest_count, per_table):
            seated = tuple(people[start : start + per_table])
            answers = ((seated[1].name, seated[2].name, "an intro"),) if len(seated) > 2 else ()
            tables.append(RoomTable(start // per_table + 1, None, seated, answers))
        courses.append((f"Course {course + 1}", tuple(tables)))
    return RoomPlan("Big dinner", "Friday", "Hall", tuple(courses))


@pytest.fixture
def big_plan() -> RoomPlan:
    """Return 200 guests in 3 courses of 20 tables."""
    return generated_plan()


def page_texts(pdf: bytes) -> list[str]:
    """Return the extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def layout_lines(pdf: bytes) -> list[str]:
    """Return every line of every page as laid out, so a row reads left to right."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        line
        for page in reader.pages
        for line in page.extract_text(extraction_mode="layout").splitlines()
    ]
