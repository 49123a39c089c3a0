"""Printables for the room: door list, place cards, table tents, host cards and a seating CSV.

Pure Python (fpdf2 for the PDFs): the app turns its seating into a RoomPlan and serves the bytes.
"""

from planner.printables.door_list import door_list
from planner.printables.host_cards import host_cards
from planner.printables.introductions import introduction_order
from planner.printables.model import PrintablesError, RoomGuest, RoomPlan, RoomTable
from planner.printables.place_cards import place_cards
from planner.printables.seating_csv import seating_csv
from planner.printables.table_tents import table_tents

__all__ = [
    "PrintablesError",
    "RoomGuest",
    "RoomPlan",
    "RoomTable",
    "door_list",
    "host_cards",
    "introduction_order",
    "place_cards",
    "seating_csv",
    "table_tents",
]
