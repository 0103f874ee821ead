"""What a calendar source answers, read safely: iCalendar data (RFC 5545) with its recurrences
expanded over a window, and a CalDAV server's multistatus XML (RFC 4918, RFC 4791).

``icalendar`` parses, ``recurring-ical-events`` expands RRULE, RDATE, EXDATE and RECURRENCE-ID
overrides (and reads Google's X-WR-TIMEZONE); ``defusedxml`` parses the XML without DTDs or
entities. Everything is bounded: the events read, the steps a recurrence rule may take, the
occurrences kept and the length of each text.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time as clock
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import icalendar
import recurring_ical_events
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_EVENTS = 10_000
"""VEVENT components read from one source (a 4 MiB file holds about that many)."""
MAX_RULE_STEPS = 100_000
"""Steps one recurrence rule may take from its start to the window's end (a rule needing more,
say every minute since years ago, is left out and the payload says it is capped)."""
MAX_TOTAL_STEPS = 400_000
"""Steps all the recurrence rules of a source may take together."""
DENSE_OCCURRENCES = 500
"""A rule expected to recur more often than this in the window is read in order of start and
only as far as the App shows."""
EXPANSION_SECONDS = 5.0
"""CPU time the expansion of one source may take; the series not reached by then are left
out (and the payload says it is capped)."""
MAX_TITLE_CHARS = 200
MAX_LOCATION_CHARS = 200
MAX_DESCRIPTION_CHARS = 500
MAX_NAME_CHARS = 100

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"

_FREQ_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}
_DAYS_PER_PERIOD = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_EXPANDING_TIMES = (("BYHOUR", 3600), ("BYMINUTE", 60), ("BYSECOND", 1))
"""Parts that multiply the times of a period coarser than their unit (seconds)."""
_DAY_FILTERS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class _Deadline(recurring_ical_events.CalendarQuery):  # type: ignore[misc]
    """A query that stops expanding further series once its time is up."""

    deadline = math.inf
    ran_out = False

    def _occurrences_between(self, start: Any, end: Any) -> list[Any]:
        found: list[Any] = []
        for series in self.series:
            if clock.monotonic() > self.deadline:
                self.ran_out = True
                break
            with contextlib.suppress(*self._skip_errors):
                found.extend(series.between(start, end))
        return found


class CalendarError(ValueError):
    """The data is no calendar Tilewire can read; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class Window:
    """The span of time shown: ``start`` (inclusive) to ``end`` (exclusive), and the time zone
    of the all-day and floating events."""

    start: datetime
    end: datetime
    zone: tzinfo


@dataclass(frozen=True, slots=True)
class Event:
    """One occurrence of an event, its times in UTC."""

    title: str
    start: datetime
    end: datetime | None
    all_day: bool
    location: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class Expansion:
    """The occurrences in the window, soonest first (at most the number asked for), and
    whether there were more (or a rule was too costly to expand)."""

    events: list[Event]
    total: int
    capped: bool


# --- iCalendar -------------------------------------------------------------------------------


def bounded(text: Any, limit: int) -> str | None:
    """A property's text, stripped and cut to ``limit`` characters (None when empty)."""
    if text is None:
        return None
    value = str(text).strip()
    if not value:
        return None
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def parse_ics(data: bytes) -> list[icalendar.Calendar]:
    """The VCALENDAR objects of an iCalendar file (usually one). Raises CalendarError when the
    data is no iCalendar or holds more than MAX_EVENTS events."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text[:15].upper().startswith("BEGIN:VCALENDAR"):
        start = " ".join(text[:40].split())
        raise CalendarError(
            f"not an iCalendar file: it begins with {start!r}, not BEGIN:VCALENDAR"
            if start
            else "not an iCalendar file: the answer is empty"
        )
    if "END:VCALENDAR" not in text[-4096:].upper():
        raise CalendarError("the iCalendar data is cut short: it has no END:VCALENDAR")
    events = text.upper().count("BEGIN:VEVENT")
    if events > MAX_EVENTS:
        raise CalendarError(
            f"the calendar holds {events} events, more than Tilewire reads ({MAX_EVENTS}): "
            "use a CalDAV collection (only the window is fetched) or a smaller export"
        )
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as err:  # the parser's failures on hostile data are of many kinds
        raise CalendarError(f"the iCalendar data cannot be read ({str(err)[:160]})") from None
    if not calendars:
        raise CalendarError("the iCalendar data holds no VCALENDAR")
    return list(calendars)


def calendar_name(calendars: Iterable[icalendar.Calendar]) -> str | None:
    """The calendar's name: X-WR-CALNAME, or NAME (RFC 7986)."""
    for calendar in calendars:
        for key in ("X-WR-CALNAME", "NAME"):
            name = bounded(calendar.get(key), MAX_NAME_CHARS)
            if name:
                return name
    return None


def _naive_utc(moment: date | datetime, zone: tzinfo) -> datetime:
    """``moment`` as a naive UTC datetime, for estimates (a date or floating time read in
    ``zone``)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC).replace(tzinfo=None)


def rule_steps(component: icalendar.cal.Component, window: Window) -> tuple[int, int]:
    """An upper estimate of the steps the component's recurrence rules take from its start
    to the window's end, and of its occurrences within the window."""
    rules = component.get("RRULE")
    if rules is None:
        return 0, 0
    start_prop = component.get("DTSTART")
    start = getattr(start_prop, "dt", None)
    if not isinstance(start, date):
        return 0, 0
    first = _naive_utc(start, window.zone)
    window_start = _naive_utc(window.start, window.zone)
    window_end = _naive_utc(window.end, window.zone)
    steps = occurrences = 0
    for rule in rules if isinstance(rules, list) else [rules]:
        freq = str(_first(rule, "FREQ") or "").upper()
        period = _FREQ_SECONDS.get(freq)
        if period is None:
            continue
        interval = max(_int(_first(rule, "INTERVAL"), 1), 1)
        end = window_end
        until = _first(rule, "UNTIL")
        if isinstance(until, date):
            end = min(end, _naive_utc(until, window.zone) + timedelta(days=1))
        times = 1
        for part, unit in _EXPANDING_TIMES:
            if period > unit:
                times *= max(len(rule.get(part) or ()), 1)
        filtered = any(rule.get(part) for part in _DAY_FILTERS)
        # dateutil walks every day of a week, month or year; only day filters make more than
        # one occurrence of them
        per_period = _DAYS_PER_PERIOD.get(freq, 1) * times
        per_period_found = (_DAYS_PER_PERIOD.get(freq, 1) if filtered else 1) * times

        def periods(since: datetime, until: datetime, _p: int = period * interval) -> int:
            return max(math.ceil((until - since).total_seconds() / _p), 0) + 1

        count = _int(_first(rule, "COUNT"), 0)
        spent = periods(first, end)
        if count > 0 and not filtered:
            spent = min(spent, count)
        steps += spent * per_period
        occurrences += periods(max(first, window_start), end) * per_period_found
    return steps, occurrences


def sane_rules(component: icalendar.cal.Component) -> bool:
    """Whether every RRULE of the component can be expanded without running away: a known
    FREQ, an INTERVAL and COUNT of at least 1, a BYMONTHDAY that some BYMONTH has (a rule for
    February 30 makes the expansion search every year up to 9999), and no BYYEARDAY, BYWEEKNO
    or BYSETPOS in a rule recurring more often than daily."""
    rules = component.get("RRULE")
    for rule in [] if rules is None else rules if isinstance(rules, list) else [rules]:
        if str(_first(rule, "FREQ") or "").upper() not in _FREQ_SECONDS:
            return False
        if _FREQ_SECONDS[str(_first(rule, "FREQ")).upper()] < 86_400 and any(
            rule.get(part) for part in ("BYYEARDAY", "BYWEEKNO", "BYSETPOS")
        ):
            return False  # rarely met, and searched for hour by hour until year 9999
        for part in ("INTERVAL", "COUNT"):
            if _first(rule, part) is not None and _int(_first(rule, part), 0) < 1:
                return False
        months = [_int(m, 0) for m in rule.get("BYMONTH") or ()] or list(range(1, 13))
        days = [_int(d, 0) for d in rule.get("BYMONTHDAY") or ()]
        if days and not any(
            1 <= m <= 12 and (-_DAYS_IN_MONTH[m - 1] <= d <= _DAYS_IN_MONTH[m - 1] and d != 0)
            for m in months
            for d in days
        ):
            return False
    return True


def _first(rule: Any, key: str) -> Any:
    values = rule.get(key)
    if isinstance(values, list):
        return values[0] if values else None
    return values


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _usable(component: icalendar.cal.Component) -> bool:
    """An event whose start (and end, if any) could be read (a cancelled one is kept: it may
    cancel one occurrence of a series, and is left out once expanded)."""
    broken = {name for name, _ in getattr(component, "errors", ())}
    if broken & {"DTSTART", "DTEND", "DURATION", "RRULE", "RECURRENCE-ID"}:
        return False
    return isinstance(getattr(component.get("DTSTART"), "dt", None), date) and sane_rules(component)


def _with_events(
    calendar: icalendar.Calendar, events: list[icalendar.cal.Component]
) -> icalendar.Calendar:
    """A calendar with ``calendar``'s properties and time zones and only ``events``."""
    made = icalendar.Calendar()
    made.update(calendar)
    made.subcomponents = [c for c in calendar.subcomponents if c.name != "VEVENT"] + events
    return made


def _utc(moment: date | datetime, zone: tzinfo) -> datetime:
    """A start or end in UTC: a date is the start of that day in ``zone``, a floating time is
    read in ``zone``."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(), tzinfo=zone)
    elif moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def event_of(component: icalendar.cal.Component, zone: tzinfo) -> Event | None:
    """One occurrence (a component as recurring-ical-events returns it) as an Event."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = component.get("DTSTART").dt
    all_day = not isinstance(start, datetime)
    end_prop = component.get("DTEND")
    raw_end = getattr(end_prop, "dt", None)
    if raw_end is None and all_day:
        raw_end = start + timedelta(days=1)
    begins = _utc(start, zone)
    ends = _utc(raw_end, zone) if isinstance(raw_end, date) else None
    return Event(
        title=bounded(component.get("SUMMARY"), MAX_TITLE_CHARS) or "(no title)",
        start=begins,
        end=ends if ends is not None and ends >= begins else None,
        all_day=all_day,
        location=bounded(component.get("LOCATION"), MAX_LOCATION_CHARS),
        description=bounded(component.get("DESCRIPTION"), MAX_DESCRIPTION_CHARS),
    )


def _in_window(event: Event, window: Window) -> bool:
    end = event.end if event.end is not None and event.end > event.start else None
    if end is not None:
        return event.start < window.end and end > window.start
    return window.start <= event.start < window.end


def expand(calendars: Iterable[icalendar.Calendar], window: Window, keep: int) -> Expansion:
    """The occurrences of every event of ``calendars`` in ``window``, soonest first: the first
    ``keep`` of them, how many there are (at least), and whether some were left out."""
    found: list[Event] = []
    capped = False
    budget = MAX_TOTAL_STEPS
    deadline = clock.monotonic() + EXPANSION_SECONDS
    for calendar in calendars:
        events = [c for c in calendar.walk("VEVENT") if _usable(c)]
        # A series (its rule and its overrides) shares a UID: it is expanded as a whole.
        by_uid: dict[str, list[icalendar.cal.Component]] = {}
        for number, component in enumerate(events):
            uid = str(component.get("UID") or f"#{number}")
            by_uid.setdefault(uid, []).append(component)
        sparse: list[icalendar.cal.Component] = []
        dense: list[icalendar.cal.Component] = []
        for series in by_uid.values():
            steps, occurrences = 0, 0
            for component in series:
                more_steps, more_occurrences = rule_steps(component, window)
                steps, occurrences = steps + more_steps, occurrences + more_occurrences
            if steps > MAX_RULE_STEPS or steps > budget:
                capped = True  # left out: too costly to expand
                continue
            budget -= steps
            (dense if occurrences > DENSE_OCCURRENCES else sparse).extend(series)
        if sparse:
            query = _query(_with_events(calendar, sparse), deadline)
            zoned = (window.start.astimezone(window.zone), window.end.astimezone(window.zone))
            found.extend(_events(query.between(*zoned), window))
            capped = capped or query.ran_out
        if dense:
            query = _query(_with_events(calendar, dense), deadline)
            after = query.after(window.start.astimezone(window.zone))
            ordered = _until_end(_events(after, window), window, deadline)
            taken = list(itertools.islice(ordered, keep + 1))
            capped = capped or len(taken) > keep or query.ran_out
            found.extend(taken)
    found = [event for event in found if _in_window(event, window)]
    found.sort(key=lambda event: (event.start, event.title))
    return Expansion(found[:keep], len(found), capped or len(found) > keep)


def _events(components: Iterable[icalendar.cal.Component], window: Window) -> Iterator[Event]:
    for component in components:
        with contextlib.suppress(AttributeError, TypeError, ValueError, OverflowError):
            event = event_of(component, window.zone)
            if event is not None:
                yield event


def _query(calendar: icalendar.Calendar, deadline: float) -> _Deadline:
    query = recurring_ical_events.of(calendar, skip_bad_series=True, calendar_query=_Deadline)
    assert isinstance(query, _Deadline)
    query.deadline = deadline
    return query


def _until_end(events: Iterator[Event], window: Window, deadline: float) -> Iterator[Event]:
    for event in events:
        if event.start >= window.end or clock.monotonic() > deadline:
            return
        yield event


# --- CalDAV ----------------------------------------------------------------------------------


def _xml(data: bytes) -> Element:
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise CalendarError(
            "the XML answer declares a DTD or entities, which Tilewire does not read"
        ) from None
    except (ParseError, ValueError) as err:
        raise CalendarError(f"the answer is not well-formed XML ({str(err)[:100]})") from None
    if root.tag != f"{DAV}multistatus":
        raise CalendarError(f"the answer is no WebDAV multistatus (its root is {root.tag!r})")
    return root


@dataclass(frozen=True, slots=True)
class Collection:
    """What PROPFIND says of the collection: its name and whether it is a calendar."""

    name: str | None
    is_calendar: bool


def parse_collection(data: bytes) -> Collection:
    """A PROPFIND (Depth: 0) answer for displayname and resourcetype."""
    root = _xml(data)
    response = root.find(f"{DAV}response")
    if response is None:
        raise CalendarError("the WebDAV answer names no resource")
    name: str | None = None
    is_calendar = False
    for propstat in response.iter(f"{DAV}propstat"):
        status = propstat.findtext(f"{DAV}status") or ""
        if " 200 " not in f"{status} ":
            continue
        name = name or bounded(propstat.findtext(f"{DAV}prop/{DAV}displayname"), MAX_NAME_CHARS)
        kinds = propstat.find(f"{DAV}prop/{DAV}resourcetype")
        if kinds is not None and kinds.find(f"{CALDAV}calendar") is not None:
            is_calendar = True
    return Collection(name, is_calendar)


def parse_calendar_query(data: bytes) -> list[icalendar.Calendar]:
    """The calendars (one per event resource) of a calendar-query REPORT's multistatus."""
    root = _xml(data)
    calendars: list[icalendar.Calendar] = []
    responses = root.findall(f"{DAV}response")
    if len(responses) > MAX_EVENTS:
        raise CalendarError(
            f"the calendar answered {len(responses)} events for the window, more than "
            f"Tilewire reads ({MAX_EVENTS}): choose fewer days"
        )
    for response in responses:
        text = response.findtext(f"{DAV}propstat/{DAV}prop/{CALDAV}calendar-data")
        if text and text.strip():
            calendars.extend(parse_ics(text.encode()))
    return calendars
