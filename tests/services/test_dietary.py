from planner.models import Dinner, Invitation, Profile, RsvpStatus
from planner.services.dietary import dietary_summary, needs_of


def _guest(name: str, dietary: str, status=RsvpStatus.ACCEPTED) -> Invitation:
    return Invitation(name=name, status=status, profile=Profile(name=name, dietary=dietary))


def test_a_line_with_several_needs_is_split_for_the_kitchen():
    assert needs_of(_guest("Ana", "Vegetarian, no nuts; gluten-free / halal")) == [
        "Vegetarian",
        "no nuts",
        "gluten-free",
        "halal",
    ]
    assert needs_of(Invitation(name="No profile")) == []


def test_needs_are_grouped_regardless_of_case_most_common_first():
    dinner = Dinner(
        invitations=[
            _guest("Ana", "vegan"),
            _guest("Ben", "Vegetarian"),
            _guest("Cai", "vegetarian, no nuts"),
            _guest("Dee", ""),
            _guest("Eve", "halal", status=RsvpStatus.DECLINED),
        ]
    )
    summary = dietary_summary(dinner)
    assert [(need.label, need.names) for need in summary.needs] == [
        ("Vegetarian", ["Ben", "Cai"]),
        ("no nuts", ["Cai"]),
        ("vegan", ["Ana"]),
    ]
    assert (summary.coming, summary.without_needs, summary.tables) == (4, 1, [])
