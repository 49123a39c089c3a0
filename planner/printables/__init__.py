"""Printables for the room: door list, place cards, table tents, host cards and a seating CSV.

Pure Python (fpdf2 for the PDFs): the app turns its seating into a RoomPlan and serves the bytes.
"""

from planner.printables.door_list import door_list
from planner.printables.model import PrintablesError, RoomGuest, RoomPlan, RoomTable
from planner.printables.place_cards import place_cards
from planner.printables.table_tents import table_tents

__all__ = [
    "PrintablesError",
    "RoomGuest",
    "RoomPlan",
    "RoomTable",
    "door_list",
    "place_cards",
    "table_tents",
]
