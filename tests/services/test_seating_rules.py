from planner.models import Invitation, Profile
from planner.services.seating import competitor_groups


def _attendee(industry: str) -> Invitation:
    return Invitation(name=industry, profile=Profile(name=industry, industry=industry))


def test_same_competing_specialty_forms_a_group_but_in_house_roles_do_not():
    attendees = [
        _attendee("estate_planning_attorney"),
        _attendee("hr_leader"),
        _attendee("estate_planning_attorney"),
        _attendee("hr_leader"),
        _attendee("caterer"),
        _attendee("free text industry"),
        _attendee("free text industry"),
    ]
    assert competitor_groups(attendees, most_tables=3) == ((0, 2),)


def test_groups_larger_than_the_number_of_tables_are_left_to_the_score():
    attendees = [_attendee("caterer") for _ in range(4)] + [_attendee("florist_decor")] * 2
    assert competitor_groups(attendees, most_tables=3) == ((4, 5),)
