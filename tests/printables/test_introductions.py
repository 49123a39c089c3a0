from planner.printables import RoomTable, introduction_order
from tests.printables.conftest import guest


def _names(table: RoomTable) -> list[str]:
    return [g.name for g in introduction_order(table)]


def test_without_links_hosts_open_and_the_rest_follow_seat_order():
    seated = (guest("Cy Three"), guest("Ada Host", is_host=True), guest("Al One"), guest("Bo Two"))

    assert _names(RoomTable(1, None, seated)) == ["Ada Host", "Cy Three", "Al One", "Bo Two"]


def test_a_helper_speaks_right_after_the_guest_whose_ask_they_may_answer():
    seated = (guest("Ada Host", is_host=True), guest("Al One"), guest("Bo Two"), guest("Cy Three"))
    table = RoomTable(1, None, seated, (("Cy Three", "Al One", "a lawyer"),))

    # Cy's ask opens the chain (an asker goes before their helper), then Al who may answer it.
    assert _names(table) == ["Ada Host", "Cy Three", "Al One", "Bo Two"]


def test_chains_follow_helpers_then_the_askers_a_speaker_may_help():
    seated = tuple(guest(name) for name in ("An A", "Bo B", "Cy C", "Di D", "Ed E"))
    answers = (
        ("Di D", "Bo B", "x"),  # Bo may answer Di
        ("Bo B", "Ed E", "y"),  # Ed may answer Bo
        ("An A", "Ed E", "z"),  # Ed may answer An
    )

    # An and Di both start chains (an ask answered, answering no one); An sits first. Then An's
    # helper Ed, then Bo whose ask Ed may answer, then Di whose ask Bo may answer: every
    # neighbour in the round is linked. Cy, with no link, speaks last.
    assert _names(RoomTable(1, None, seated, answers)) == ["An A", "Ed E", "Bo B", "Di D", "Cy C"]


def test_a_cycle_without_a_start_opens_with_the_most_linked_guest():
    seated = tuple(guest(name) for name in ("An A", "Bo B", "Cy C"))
    answers = (("An A", "Bo B", "x"), ("Bo B", "An A", "y"), ("Cy C", "Bo B", "z"))

    # Cy starts a chain (helped by Bo, helps no one): Cy, Bo, then An whom Bo may answer.
    assert _names(RoomTable(1, None, seated, answers)) == ["Cy C", "Bo B", "An A"]
    cycle = RoomTable(1, None, seated, answers[:2])
    # No start: the most linked (An and Bo tie; seat order) opens, then their helper.
    assert _names(cycle) == ["An A", "Bo B", "Cy C"]


def test_every_guest_speaks_exactly_once_and_hosts_first(big_plan):
    for _, tables in big_plan.courses:
        for table in tables:
            order = introduction_order(table)
            assert sorted(g.name for g in order) == sorted(g.name for g in table.guests)
            hosts = [g.is_host for g in order]
            assert hosts == sorted(hosts, reverse=True)
