from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import icalendar
import pytest

from planner.mail.calendar import (
    DINNER_LENGTH,
    CalendarEvent,
    IcsMethod,
    Person,
    attach_ics,
    cancellation_ics,
    dinner_ics,
    event_ics,
    ics_method,
)

VENUE = "Café Rot, Torstraße 99, 10119 Berlin — Hinterhof, zweiter Stock links neben dem Aufzug"


@dataclass
class FakeDinner:
    id: int = 7
    title: str = "Gründer-Dinner"
    starts_at: datetime = datetime(2026, 12, 10, 18, 30)
    venue: str = VENUE
    created_at: datetime = datetime(2026, 11, 1, 9, 0)


def parsed_event(ics: str):
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invitation_keeps_its_uid_times_and_accents():
    calendar, event = parsed_event(dinner_ics(FakeDinner(), "https://t.example/r/abc"))
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == "dinner-7@tablewise.local"
    assert str(event["location"]) == VENUE
    assert str(event["summary"]) == "Gründer-Dinner"
    assert event["sequence"] == 0 and str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtend") - event.decoded("dtstart") == DINNER_LENGTH == timedelta(hours=3)
    assert event.decoded("dtstart").isoformat() == "2026-12-10T18:30:00+00:00"


def test_an_update_keeps_the_uid_and_raises_the_sequence():
    first = parsed_event(dinner_ics(FakeDinner(), "u"))[1]
    moved = FakeDinner(starts_at=datetime(2026, 12, 11, 19, 0))
    stamp = datetime(2026, 11, 20, 8, 0)
    second = parsed_event(dinner_ics(moved, "u", sequence=1, stamp=stamp))[1]
    assert second["uid"] == first["uid"]
    assert second["sequence"] == 1 > first["sequence"]
    assert second.decoded("dtstamp").isoformat() == "2026-11-20T08:00:00+00:00"


def test_a_cancellation_says_so_in_method_status_and_summary():
    ics = cancellation_ics(FakeDinner(), "u", sequence=2, stamp=datetime(2026, 11, 21))
    calendar, event = parsed_event(ics)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 2
    assert str(event["summary"]) == "Cancelled: Gründer-Dinner"


def test_a_request_names_organiser_and_attendee_and_needs_an_organiser():
    event = CalendarEvent(
        "dinner-1@tablewise.local",
        "Dinner",
        datetime(2026, 12, 1, 19),
        "Venue",
        "u",
        datetime(2026, 11, 1),
    )
    with pytest.raises(ValueError, match="organiser"):
        event_ics(event, IcsMethod.REQUEST)
    addressed = CalendarEvent(
        **{
            **event.__dict__,
            "organiser": Person("org@example.com", "Olu Ade"),
            "attendee": Person("ana@example.com"),
        }
    )
    _, parsed = parsed_event(event_ics(addressed, IcsMethod.REQUEST))
    assert str(parsed["organizer"]) == "mailto:org@example.com"
    assert parsed["organizer"].params["cn"] == "Olu Ade"
    assert str(parsed["attendee"]) == "mailto:ana@example.com"


def test_a_negative_sequence_is_refused():
    with pytest.raises(ValueError):
        dinner_ics(FakeDinner(), "u", sequence=-1)


def test_ics_method_reads_the_declared_method():
    assert ics_method(dinner_ics(FakeDinner(), "u", method=IcsMethod.CANCEL)) == "CANCEL"
    assert ics_method("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") == "PUBLISH"


def _sent_and_parsed(ics: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "You're invited"
    message.set_content("See you there.")
    message.add_alternative("<p>See you there.</p>", subtype="html")  # as mail/sender.py does
    attach_ics(message, ics)
    return message_from_bytes(message.as_bytes(), policy=policy.default)


def test_the_attachment_declares_utf8_so_a_mail_parser_reads_the_venue():
    received = _sent_and_parsed(dinner_ics(FakeDinner(), "u", sequence=3))
    (part,) = [p for p in received.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_content_charset() == "utf-8"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "dinner.ics"
    _, event = parsed_event(part.get_content())
    assert str(event["location"]) == VENUE


def test_without_a_charset_the_same_attachment_is_garbled():
    # What planner/mail/sender.py did before attach_ics: bytes with no charset parameter.
    message = EmailMessage()
    message.set_content("x")
    ics = dinner_ics(FakeDinner(), "u")
    message.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="d.ics")
    received = message_from_bytes(message.as_bytes(), policy=policy.default)
    (part,) = list(received.iter_attachments())
    assert "Café Rot" not in part.get_content()


def test_a_cancellation_attachment_carries_method_cancel():
    ics = cancellation_ics(FakeDinner(), "u", sequence=4, stamp=datetime(2026, 11, 22))
    (part,) = list(_sent_and_parsed(ics).iter_attachments())
    assert part.get_param("method") == "CANCEL"
