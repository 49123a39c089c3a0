import time

from planner.printables import door_list, host_cards, place_cards, seating_csv, table_tents


def test_200_guests_in_3_courses_render_every_printable_in_reasonable_time(big_plan):
    started = time.perf_counter()
    outputs = [make(big_plan) for make in (door_list, place_cards, table_tents, host_cards)]
    outputs.append(seating_csv(big_plan))
    elapsed = time.perf_counter() - started

    assert all(outputs)
    # Measured at about 2.5 s on the shared 2-core machine; the bound only catches a blow-up
    # (e.g. quadratic layout), not a regression of a few percent.
    assert elapsed < 60
