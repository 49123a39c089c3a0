"""iCalendar (.ics) invitations for a dinner."""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from planner.models import Dinner
from planner.models.dinner import DINNER_LENGTH


def dinner_ics(dinner: Dinner, url: str) -> str:
    """Return an .ics calendar with one event for the dinner."""
    calendar = Calendar()
    calendar.add("prodid", "-//Tablewise//Dinner planner//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    starts = dinner.starts_at.replace(tzinfo=ZoneInfo("UTC"))
    event.add("uid", f"dinner-{dinner.id}@tablewise.local")
    event.add("summary", dinner.title)
    event.add("dtstart", starts)
    event.add("dtend", starts + DINNER_LENGTH)
    event.add("dtstamp", dinner.created_at.replace(tzinfo=ZoneInfo("UTC")))
    event.add("location", dinner.venue)
    event.add("url", url)
    event.add("description", f"Your RSVP and profile: {url}")
    calendar.add_component(event)
    return calendar.to_ical().decode()
