"""iCalendar data for the iCal tests, written relative to a ``now`` the test passes (never an
absolute date deciding what is shown). The layout follows RFC 5545 (section 3.6.1 VEVENT,
3.6.5 VTIMEZONE, 3.8.5 recurrence properties)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

VTIMEZONES = {
    "Europe/Berlin": """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE""",
    "America/New_York": """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE""",
}


def utc(moment: datetime) -> str:
    """``20261206T090000Z``"""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def wall(moment: datetime) -> str:
    """Local (wall clock) time without a zone: ``20261206T090000``."""
    return moment.strftime("%Y%m%dT%H%M%S")


def day(moment: date) -> str:
    return moment.strftime("%Y%m%d")


def at(on: date, hour: int, zone: ZoneInfo, minute: int = 0) -> datetime:
    """``hour``:``minute`` on the day ``on`` in ``zone`` (wall time, DST applied)."""
    return datetime.combine(on, time(hour, minute), tzinfo=zone)


def next_dst_change(zone: ZoneInfo, after: datetime) -> date:
    """The first day after ``after`` on which ``zone``'s UTC offset changes."""
    offset = at(after.date(), 12, zone).utcoffset()
    for days in range(1, 400):
        on = after.date() + timedelta(days=days)
        if at(on, 12, zone).utcoffset() != offset:
            return on
    raise AssertionError(f"{zone} has no DST change within 400 days")


def vevent(uid: str, summary: str, *lines: str) -> str:
    return "\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"SUMMARY:{summary}",
            *lines,
            "END:VEVENT",
        ]
    )


def vcalendar(*events: str, name: str | None = "Tilewire test", zones: tuple[str, ...] = ()) -> str:
    """A VCALENDAR with CRLF line ends, the VTIMEZONEs of ``zones`` and ``events``."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tilewire//tests//EN"]
    if name is not None:
        lines.append(f"X-WR-CALNAME:{name}")
    lines += [VTIMEZONES[zone] for zone in zones]
    lines += list(events)
    lines.append("END:VCALENDAR")
    return "\r\n".join("\n".join(lines).split("\n")) + "\r\n"


def weekly_across_dst(
    now: datetime, zone: ZoneInfo, uid: str = "weekly-dst", summary: str = "Weekly 09:00"
) -> tuple[str, date]:
    """A weekly 09:00 event (in ``zone``, with its VTIMEZONE) whose first occurrence is a week
    or more from ``now`` and a week before a DST change: the event and that first day."""
    change = next_dst_change(zone, now + timedelta(days=8))
    first = change - timedelta(days=7)
    event = vevent(
        uid,
        summary,
        f"DTSTART;TZID={zone.key}:{wall(at(first, 9, zone))}",
        f"DTEND;TZID={zone.key}:{wall(at(first, 10, zone))}",
        "RRULE:FREQ=WEEKLY;COUNT=4",
    )
    return event, first


def family_events(now: datetime) -> dict[str, str]:
    """The recorded calendar: a weekly 09:00 Berlin event across a DST change with one
    occurrence excluded (EXDATE) and one moved (RECURRENCE-ID), and an all-day event."""
    weekly, first = weekly_across_dst(now, BERLIN, uid="weekly-dst@tilewire.test")
    weekly = weekly.replace(
        "END:VEVENT",
        f"EXDATE;TZID=Europe/Berlin:{wall(at(first + timedelta(days=14), 9, BERLIN))}\nEND:VEVENT",
    )
    moved = vevent(
        "weekly-dst@tilewire.test",
        "Weekly moved to 11:00",
        f"RECURRENCE-ID;TZID=Europe/Berlin:{wall(at(first + timedelta(days=21), 9, BERLIN))}",
        f"DTSTART;TZID=Europe/Berlin:{wall(at(first + timedelta(days=21), 11, BERLIN))}",
        f"DTEND;TZID=Europe/Berlin:{wall(at(first + timedelta(days=21), 12, BERLIN))}",
    )
    holiday = vevent(
        "holiday@tilewire.test",
        "Holiday",
        f"DTSTART;VALUE=DATE:{day(first + timedelta(days=1))}",
        f"DTEND;VALUE=DATE:{day(first + timedelta(days=3))}",
        "LOCATION:Home",
    )
    zones = ("Europe/Berlin",)
    return {
        "weekly.ics": vcalendar(weekly, moved, name=None, zones=zones),
        "holiday.ics": vcalendar(holiday, name=None),
    }
