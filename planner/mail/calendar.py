"""iCalendar (.ics) files for a dinner: the invitation, its updates and its cancellation.

A calendar program matches every version of the event by its UID and keeps the one with the
highest SEQUENCE, so an update must keep the UID and raise SEQUENCE; a cancellation is the same
UID with METHOD:CANCEL and STATUS:CANCELLED. The text is UTF-8 and the MIME part must say so
(`attach_ics`), or a mail reader shows "Café Rot" as "CafÃ© Rot".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from planner.models.dinner import DINNER_LENGTH

_UTC = ZoneInfo("UTC")


class IcsMethod(StrEnum):
    PUBLISH = "PUBLISH"  # for information: the guest answers through their link, not the file
    REQUEST = "REQUEST"  # needs an organiser; calendar programs offer to accept it
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """What the .ics says about one dinner; times are naive UTC as stored."""

    uid: str
    title: str
    starts_at: datetime
    venue: str
    url: str
    stamp: datetime  # when this version of the event was made
    sequence: int = 0  # raise by one on every change guests are told about
    length: timedelta = DINNER_LENGTH
    organiser: Person | None = None
    attendee: Person | None = None


class DinnerLike(Protocol):
    id: int
    title: str
    starts_at: datetime
    venue: str
    created_at: datetime


def dinner_uid(dinner_id: int) -> str:
    """Return the dinner's event UID, the same for every version of the invitation."""
    return f"dinner-{dinner_id}@tablewise.local"


def dinner_event(
    dinner: DinnerLike, url: str, sequence: int = 0, stamp: datetime | None = None
) -> CalendarEvent:
    """Describe the dinner as a calendar event (stamped with its creation unless told)."""
    return CalendarEvent(
        uid=dinner_uid(dinner.id),
        title=dinner.title,
        starts_at=dinner.starts_at,
        venue=dinner.venue,
        url=url,
        stamp=stamp or dinner.created_at,
        sequence=sequence,
    )


def event_ics(event: CalendarEvent, method: IcsMethod = IcsMethod.PUBLISH) -> str:
    """Return an .ics calendar holding the event, announced (PUBLISH/REQUEST) or cancelled."""
    if event.sequence < 0:
        raise ValueError("SEQUENCE cannot be negative")
    if method == IcsMethod.REQUEST and event.organiser is None:
        raise ValueError("METHOD:REQUEST needs an organiser")
    calendar = Calendar()
    calendar.add("prodid", "-//Tablewise//Dinner planner//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method.value)
    calendar.add_component(_event(event, cancelled=method == IcsMethod.CANCEL))
    return calendar.to_ical().decode()


def _event(event: CalendarEvent, cancelled: bool) -> Event:
    starts = event.starts_at.replace(tzinfo=_UTC)
    component = Event()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", event.stamp.replace(tzinfo=_UTC))
    component.add("summary", f"Cancelled: {event.title}" if cancelled else event.title)
    component.add("dtstart", starts)
    component.add("dtend", starts + event.length)
    component.add("location", event.venue)
    component.add("url", event.url)
    component.add("description", f"Your RSVP and profile: {event.url}")
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.organiser:
        component.add("organizer", _address(event.organiser))
    if event.attendee:
        component.add("attendee", _address(event.attendee))
    return component


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = person.name
    return address


def dinner_ics(
    dinner: DinnerLike,
    url: str,
    sequence: int = 0,
    method: IcsMethod = IcsMethod.PUBLISH,
    stamp: datetime | None = None,
) -> str:
    """Return an .ics calendar with one event for the dinner."""
    return event_ics(dinner_event(dinner, url, sequence, stamp), method)


def cancellation_ics(dinner: DinnerLike, url: str, sequence: int, stamp: datetime) -> str:
    """Return the .ics that removes the dinner from calendars (SEQUENCE above the last sent)."""
    return event_ics(dinner_event(dinner, url, sequence, stamp), IcsMethod.CANCEL)


def ics_method(ics: str) -> str:
    """Return the METHOD an .ics text declares (PUBLISH when it declares none)."""
    for line in ics.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    return IcsMethod.PUBLISH.value


def attach_ics(message: EmailMessage, ics: str, filename: str = "dinner.ics") -> None:
    """Attach the .ics as a UTF-8 text/calendar part whose method parameter matches the file."""
    message.add_attachment(
        ics,
        subtype="calendar",
        charset="utf-8",
        filename=filename,
        params={"method": ics_method(ics)},
    )
