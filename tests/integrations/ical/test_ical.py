"""iCal / CalDAV against iCalendar data written here relative to ``now`` (tests/integrations/
ical/calendars.py), and against answers recorded from Radicale 3.9.0 (fixtures/, by record.py;
their clock is set from the recorded events, so the day the tests run decides nothing)."""

from __future__ import annotations

import base64
import itertools
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError

from integrations.capabilities import MediaCalendar, MediaCalendarItem
from integrations.errors import ErrorCode, IntegrationError
from integrations.ical import integration, models
from integrations.ical.client import ICalClient
from integrations.ical.models import MAX_DESCRIPTION_CHARS, MAX_EVENTS
from tests.integrations.ical.calendars import (
    BERLIN,
    NEW_YORK,
    at,
    day,
    utc,
    vcalendar,
    vevent,
    wall,
    weekly_across_dst,
)
from tests.integrations.upstream import FakeUpstream, fixture_body, secret_check

ID = "ical"
BASE = "http://cal.test/calendars/family.ics"
DAV_BASE = "http://radicale.test/admin/family/"
USER, PASSWORD = "admin", "fixture-password"
TOKEN = "fixture-token"
FILE = ("GET", "/calendars/family.ics")
COLLECTION = "/admin/family/"

MakeClient = Callable[..., ICalClient]
body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD, TOKEN)


def config(
    url: str = BASE, credentials: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or {"type": "none"}, "extra": extra}


def basic(password: str = PASSWORD) -> dict[str, str]:
    return {"type": "usernamePassword", "username": USER, "password": password}


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def make(make_client: MakeClient, now: datetime) -> Callable[..., ICalClient]:
    """A client whose clock stands at ``now``."""

    def made(upstream: FakeUpstream, *args: Any, **kwargs: Any) -> ICalClient:
        client = make_client(upstream, *args, **kwargs)
        client.clock = lambda: now
        return client

    return made


def serving(ics: str, status: int = 200) -> FakeUpstream:
    return FakeUpstream(
        ID, {FILE: httpx.Response(status, text=ics, headers={"content-type": "text/calendar"})}
    )


async def events(client: ICalClient) -> MediaCalendar:
    payload = await integration.fetch_data(client, "events")
    assert isinstance(payload, MediaCalendar)
    assert [item.date for item in payload.items] == sorted(item.date for item in payload.items)
    for item in payload.items:
        assert item.date.tzinfo is UTC and (item.end is None or item.end.tzinfo is UTC)
        assert item.has_file is None  # a calendar keeps no library
    return payload


async def failure(client: ICalClient, endpoint: str | None = "events") -> IntegrationError:
    call = (
        integration.test_connection(client)
        if endpoint is None
        else integration.fetch_data(client, endpoint)
    )
    with pytest.raises(IntegrationError) as caught:
        await call
    return caught.value


# --- time zones and recurrences ---------------------------------------------------------------


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK], ids=["Europe/Berlin", "America/New_York"])
async def test_a_weekly_event_stays_at_nine_across_a_dst_change(
    make: MakeClient, now: datetime, zone: ZoneInfo
) -> None:
    event, first = weekly_across_dst(now, zone)
    ahead = (first - now.date()).days + 30
    ics = vcalendar(event, zones=(zone.key,))
    payload = await events(make(serving(ics), daysAhead=ahead))
    starts = [item.date.astimezone(zone) for item in payload.items]
    assert [s.date() for s in starts] == [first + timedelta(weeks=n) for n in range(4)]
    assert {(s.hour, s.minute) for s in starts} == {(9, 0)}
    offsets = [item.date.astimezone(zone).utcoffset() for item in payload.items]
    assert offsets[0] != offsets[1] == offsets[3]  # the UTC time moved, the local one did not
    assert [item.end - item.date for item in payload.items if item.end] == [timedelta(hours=1)] * 4
    assert {item.title for item in payload.items} == {"Weekly 09:00"}
    assert {item.source for item in payload.items} == {"Tilewire test"}
    assert not payload.capped


async def test_exdate_leaves_an_occurrence_out(make: MakeClient, now: datetime) -> None:
    start = at(now.date() + timedelta(days=1), 18, BERLIN)
    excluded = start + timedelta(days=2)
    ics = vcalendar(
        vevent(
            "daily",
            "Daily",
            f"DTSTART;TZID=Europe/Berlin:{wall(start)}",
            "DURATION:PT30M",
            "RRULE:FREQ=DAILY;COUNT=5",
            f"EXDATE;TZID=Europe/Berlin:{wall(excluded)}",
        ),
        zones=("Europe/Berlin",),
    )
    payload = await events(make(serving(ics), daysAhead=10))
    days = [item.date.astimezone(BERLIN).date() for item in payload.items]
    assert days == [start.date() + timedelta(days=n) for n in (0, 1, 3, 4)]
    assert all(item.end == item.date + timedelta(minutes=30) for item in payload.items)


async def test_a_recurrence_id_override_moves_one_occurrence(
    make: MakeClient, now: datetime
) -> None:
    start = at(now.date() + timedelta(days=1), 9, BERLIN)
    moved = start + timedelta(days=7)
    ics = vcalendar(
        vevent(
            "series",
            "Team",
            f"DTSTART;TZID=Europe/Berlin:{wall(start)}",
            f"DTEND;TZID=Europe/Berlin:{wall(start + timedelta(hours=1))}",
            "RRULE:FREQ=WEEKLY;COUNT=3",
        ),
        vevent(
            "series",
            "Team (moved)",
            f"RECURRENCE-ID;TZID=Europe/Berlin:{wall(moved)}",
            f"DTSTART;TZID=Europe/Berlin:{wall(moved + timedelta(hours=5))}",
            f"DTEND;TZID=Europe/Berlin:{wall(moved + timedelta(hours=6))}",
            "LOCATION:Room 2",
        ),
        zones=("Europe/Berlin",),
    )
    payload = await events(make(serving(ics), daysAhead=30))
    got = [(item.title, item.date.astimezone(BERLIN).hour, item.location) for item in payload.items]
    assert got == [("Team", 9, None), ("Team (moved)", 14, "Room 2"), ("Team", 9, None)]


async def test_a_cancelled_occurrence_is_not_shown(make: MakeClient, now: datetime) -> None:
    start = at(now.date() + timedelta(days=1), 9, BERLIN)
    ics = vcalendar(
        vevent(
            "series",
            "Gym",
            f"DTSTART;TZID=Europe/Berlin:{wall(start)}",
            "RRULE:FREQ=DAILY;COUNT=3",
        ),
        vevent(
            "series",
            "Gym",
            f"RECURRENCE-ID;TZID=Europe/Berlin:{wall(start + timedelta(days=1))}",
            f"DTSTART;TZID=Europe/Berlin:{wall(start + timedelta(days=1))}",
            "STATUS:CANCELLED",
        ),
        zones=("Europe/Berlin",),
    )
    payload = await events(make(serving(ics), daysAhead=10))
    assert [item.date for item in payload.items] == [start, start + timedelta(days=2)]
    assert all(item.end == item.date for item in payload.items)  # no DTEND: no duration


async def test_all_day_events_begin_at_midnight_in_the_calendar_zone(
    make: MakeClient, now: datetime
) -> None:
    first = now.date() + timedelta(days=2)
    ics = vcalendar(
        vevent(
            "trip",
            "Trip",
            f"DTSTART;VALUE=DATE:{day(first)}",
            f"DTEND;VALUE=DATE:{day(first + timedelta(days=3))}",
        ),
        vevent(
            "birthday",
            "Birthday",
            f"DTSTART;VALUE=DATE:{day(first + timedelta(days=1))}",
            "RRULE:FREQ=YEARLY",
        ),
    )
    payload = await events(make(serving(ics), daysAhead=30, timeZone="America/New_York"))
    trip, birthday = payload.items
    assert trip.all_day and birthday.all_day
    assert trip.date == at(first, 0, NEW_YORK) and trip.end == at(
        first + timedelta(days=3), 0, NEW_YORK
    )
    assert birthday.date == at(first + timedelta(days=1), 0, NEW_YORK)
    assert birthday.end == at(first + timedelta(days=2), 0, NEW_YORK)  # one day when no DTEND


async def test_an_all_day_event_of_today_is_shown_all_day(make: MakeClient, now: datetime) -> None:
    today = now.astimezone(BERLIN).date()
    ics = vcalendar(vevent("today", "Today", f"DTSTART;VALUE=DATE:{day(today)}"))
    payload = await events(make(serving(ics), timeZone="Europe/Berlin"))
    [item] = payload.items
    assert (
        item.date
        == at(today, 0, BERLIN)
        <= now
        < item.end
        == at(today + timedelta(days=1), 0, BERLIN)
    )


async def test_floating_times_are_read_in_the_calendar_zone(
    make: MakeClient, now: datetime
) -> None:
    on = now.date() + timedelta(days=3)
    ics = vcalendar(
        vevent(
            "float",
            "Floating",
            f"DTSTART:{wall(at(on, 7, BERLIN))}",
            f"DTEND:{wall(at(on, 8, BERLIN))}",
        )
    )
    in_berlin = await events(make(serving(ics), timeZone="Europe/Berlin"))
    in_tokyo = await events(make(serving(ics), timeZone="Asia/Tokyo"))
    assert in_berlin.items[0].date == at(on, 7, BERLIN)
    assert in_tokyo.items[0].date == at(on, 7, ZoneInfo("Asia/Tokyo"))
    assert in_berlin.items[0].all_day is False


async def test_utc_times_stay_utc_whatever_the_calendar_zone(
    make: MakeClient, now: datetime
) -> None:
    start = (now + timedelta(days=1)).replace(minute=15, second=0)
    ics = vcalendar(
        vevent("utc", "UTC", f"DTSTART:{utc(start)}", f"DTEND:{utc(start + timedelta(minutes=45))}")
    )
    payload = await events(make(serving(ics), timeZone="Pacific/Auckland"))
    assert [(item.date, item.end) for item in payload.items] == [
        (start, start + timedelta(minutes=45))
    ]


async def test_the_window_days_back_and_ahead(make: MakeClient, now: datetime) -> None:
    lines = [
        vevent(f"e{n}", f"Event {n:+d}", f"DTSTART:{utc(now + timedelta(days=n))}")
        for n in (-5, -2, 1, 6, 12)
    ]
    ics = vcalendar(*lines)
    titles = lambda p: [item.title for item in p.items]  # noqa: E731
    assert titles(await events(make(serving(ics), daysAhead=7))) == ["Event +1", "Event +6"]
    wider = await events(make(serving(ics), daysAhead=14, daysBack=3))
    assert titles(wider) == ["Event -2", "Event +1", "Event +6", "Event +12"]


async def test_at_most_max_events_soonest_first_and_capped(make: MakeClient, now: datetime) -> None:
    lines = [
        vevent(f"e{n}", f"Event {n:02d}", f"DTSTART:{utc(now + timedelta(hours=20 - n))}")
        for n in range(10)
    ]
    payload = await events(make(serving(vcalendar(*lines)), maxEvents=3))
    assert [item.title for item in payload.items] == ["Event 09", "Event 08", "Event 07"]
    assert payload.capped


async def test_texts_are_bounded(make: MakeClient, now: datetime) -> None:
    long = "word " * 400
    ics = vcalendar(
        vevent(
            "long",
            "A" * 300,
            f"DTSTART:{utc(now + timedelta(hours=2))}",
            f"DESCRIPTION:{long}",
            f"LOCATION:{long}",
        )
    )
    [item] = (await events(make(serving(ics)))).items
    assert len(item.title) == 200 and item.title.endswith("…")
    assert item.description is not None and len(item.description) <= MAX_DESCRIPTION_CHARS
    assert item.location is not None and len(item.location) <= 200


# --- bounds: endless rules, too many events, malformed data ------------------------------------


async def test_an_endless_rule_over_the_window_is_bounded(make: MakeClient, now: datetime) -> None:
    """Every minute from yesterday on, with no end: read in order, only as far as shown."""
    today = datetime.combine(now.date(), datetime.min.time(), tzinfo=UTC)
    ics = vcalendar(
        vevent(
            "minutely", "Tick", f"DTSTART:{utc(now - timedelta(days=1))}", "RRULE:FREQ=MINUTELY"
        ),
        vevent("once", "Once", f"DTSTART:{utc(today + timedelta(minutes=10, seconds=30))}"),
    )
    started = time.perf_counter()
    payload = await events(make(serving(ics), daysAhead=30, maxEvents=40))
    assert time.perf_counter() - started < 10
    assert len(payload.items) == 40 and payload.capped
    ticks = [item.date for item in payload.items if item.title == "Tick"]
    assert today <= ticks[0] < today + timedelta(minutes=1)  # from the start of today
    assert {b - a for a, b in itertools.pairwise(ticks)} == {timedelta(minutes=1)}
    assert [item.title for item in payload.items].count("Once") == 1


async def test_a_rule_too_costly_to_expand_is_left_out(make: MakeClient, now: datetime) -> None:
    """Every second since years ago: left out (capped), the other events still shown."""
    ics = vcalendar(
        vevent(
            "secondly", "Flood", f"DTSTART:{utc(now - timedelta(days=1000))}", "RRULE:FREQ=SECONDLY"
        ),
        vevent(
            "busy",
            "Busy",
            f"DTSTART:{utc(now - timedelta(days=3))}",
            "RRULE:FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,10,20,30,40,50;BYSECOND=0,15,30,45",
        ),
        vevent("ok", "Dentist", f"DTSTART:{utc(now + timedelta(days=2))}"),
    )
    started = time.perf_counter()
    payload = await events(make(serving(ics), daysAhead=366))
    assert time.perf_counter() - started < 10
    assert payload.capped
    assert "Flood" not in [item.title for item in payload.items]
    assert "Dentist" in [item.title for item in payload.items]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MINUTELY;BYYEARDAY=366;BYMONTH=1",
        "FREQ=FORTNIGHTLY",
        "FREQ=DAILY;COUNT=0",
    ],
)
async def test_a_rule_that_cannot_be_expanded_skips_its_event(
    make: MakeClient, now: datetime, rule: str
) -> None:
    """Rules that would loop for ever, or search every hour until the year 9999."""
    ics = vcalendar(
        vevent("bad", "Bad", f"DTSTART:{utc(now + timedelta(hours=1))}", f"RRULE:{rule}"),
        vevent("good", "Good", f"DTSTART:{utc(now + timedelta(hours=2))}"),
    )
    started = time.perf_counter()
    payload = await events(make(serving(ics), daysAhead=366))
    assert time.perf_counter() - started < 5
    assert [item.title for item in payload.items] == ["Good"]


async def test_the_expansion_stops_when_its_time_is_up(
    make: MakeClient, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "EXPANSION_SECONDS", -1.0)
    ics = vcalendar(vevent("daily", "Daily", f"DTSTART:{utc(now)}", "RRULE:FREQ=DAILY"))
    payload = await events(make(serving(ics)))
    assert payload.items == [] and payload.capped


async def test_too_many_events_are_refused(make: MakeClient, now: datetime) -> None:
    lines = [vevent(f"e{n}", "x", f"DTSTART:{utc(now)}") for n in range(MAX_EVENTS + 1)]
    err = await failure(make(serving(vcalendar(*lines))))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert f"{MAX_EVENTS + 1} events" in err.message


@pytest.mark.parametrize(
    ("ics", "says"),
    [
        (
            "<!doctype html><html><body>Login</body></html>",
            "not an iCalendar file: it begins with '<!doctype",
        ),
        ("", "the answer is empty"),
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:cut\r\n",
            "cut short: it has no END:VCALENDAR",
        ),
        ("BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR\r\n", "cannot be read"),
        ('{"events": []}', "not an iCalendar file"),
    ],
    ids=["html", "empty", "cut-short", "bad-line", "json"],
)
async def test_a_malformed_calendar_is_invalid_response(
    make: MakeClient, ics: str, says: str
) -> None:
    for endpoint in ("events", None):
        err = await failure(make(serving(ics)), endpoint)
        assert err.code is ErrorCode.INVALID_RESPONSE, err
        assert says in err.message
        assert "is the URL the calendar's .ics address?" in err.message


async def test_an_event_with_an_unreadable_start_is_skipped(
    make: MakeClient, now: datetime
) -> None:
    ics = vcalendar(
        vevent("bad", "Bad", "DTSTART:2026BAD"),
        vevent("good", "Good", f"DTSTART:{utc(now + timedelta(hours=1))}"),
    )
    assert [item.title for item in (await events(make(serving(ics)))).items] == ["Good"]


# --- connection test, credentials ---------------------------------------------------------------


async def test_connection_says_the_name_and_the_events_in_the_window(
    make: MakeClient, now: datetime
) -> None:
    lines = [vevent(f"e{n}", "x", f"DTSTART:{utc(now + timedelta(days=n))}") for n in (1, 2, 20)]
    info = await integration.test_connection(make(serving(vcalendar(*lines, name="Family"))))
    assert info.version is None
    assert info.details == {
        "calendar": "Family",
        "events": "2 in the next 14 days",
        "source": "ics",
    }


async def test_basic_auth_and_a_refusal_without_the_password(make: MakeClient) -> None:
    def guarded(request: httpx.Request) -> httpx.Response | None:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if request.headers.get("authorization") == expected:
            return None
        return httpx.Response(401, text="Access to the requested resource forbidden.")

    upstream = FakeUpstream(ID, {FILE: "ics"}, refuse=guarded)
    info = await integration.test_connection(make(upstream, BASE, basic()))
    assert info.details["calendar"] == "Family"
    wrong = await failure(make(upstream, BASE, basic("wrong-password")), None)
    assert (wrong.code, wrong.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "refused the username or password" in wrong.message
    assert_no_secret(wrong, "wrong-password", PASSWORD)
    anonymous = await failure(make(upstream))
    assert "asks for credentials" in anonymous.message


async def test_a_bearer_token_is_sent_and_never_shown(make: MakeClient) -> None:
    upstream = FakeUpstream(ID, {FILE: httpx.Response(403, text="no")})
    client = make(upstream, BASE, {"type": "token", "token": TOKEN})
    err = await failure(client, None)
    assert err.code is ErrorCode.FORBIDDEN
    assert upstream.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert upstream.requests[0].headers["accept"].startswith("text/calendar")
    assert_no_secret(err)


# --- the settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"timeZone": "Mars/Olympus_Mons"}, "extra.timeZone"),
        ({"timeZone": "../../etc/passwd"}, "extra.timeZone"),
        ({"daysAhead": 0}, "extra.daysAhead"),
        ({"daysAhead": 367}, "extra.daysAhead"),
        ({"daysBack": 31}, "extra.daysBack"),
        ({"maxEvents": 501}, "extra.maxEvents"),
        ({"source": "webcal"}, "extra.source"),
    ],
)
def test_bad_settings_name_their_field(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(**extra))
    [error] = caught.value.errors()
    assert ".".join(str(part) for part in error["loc"][:2]) == field


def test_a_webcal_url_is_refused_as_a_url() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config("webcal://cal.test/family.ics"))
    assert caught.value.errors()[0]["loc"] == ("url",)


def test_time_zone_message_names_the_value() -> None:
    with pytest.raises(ValidationError, match="not an IANA time zone name such as Europe/Berlin"):
        integration.config_model.model_validate(config(timeZone="Berlin"))


# --- CalDAV (answers recorded from Radicale) -------------------------------------------------------


def recorded_clock() -> datetime:
    """Two days before the first recorded event (a week before a DST change in Berlin)."""
    found = re.search(r"DTSTART;TZID=Europe/Berlin:(\d{8}T\d{6})", body("report"))
    assert found is not None
    first = datetime.strptime(found[1], "%Y%m%dT%H%M%S").replace(tzinfo=BERLIN)
    return first.astimezone(UTC) - timedelta(days=2)


def radicale(**routes: Any) -> FakeUpstream:
    return FakeUpstream(
        ID,
        {
            ("PROPFIND", COLLECTION): "propfind",
            ("REPORT", COLLECTION): "report",
            ("GET", COLLECTION): "ics",
            **routes,
        },
    )


def recorded_expected(clock: datetime) -> list[tuple[str, datetime, bool]]:
    first = (clock + timedelta(days=2)).astimezone(BERLIN).date()
    return [
        ("Weekly 09:00", at(first, 9, BERLIN), False),
        ("Holiday", at(first + timedelta(days=1), 0, BERLIN), True),
        ("Weekly 09:00", at(first + timedelta(days=7), 9, BERLIN), False),
        # first + 14 days is excluded (EXDATE); first + 21 days moved to 11:00
        ("Weekly moved to 11:00", at(first + timedelta(days=21), 11, BERLIN), False),
    ]


@pytest.mark.parametrize("source", ["caldav", "ics"])
async def test_the_recorded_radicale_calendar(make_client: MakeClient, source: str) -> None:
    clock = recorded_clock()
    upstream = radicale()
    client = make_client(
        upstream, DAV_BASE, basic(), source=source, timeZone="Europe/Berlin", daysAhead=40
    )
    client.clock = lambda: clock
    payload = await events(client)
    assert [(item.title, item.date, item.all_day) for item in payload.items] == recorded_expected(
        clock
    )
    assert {item.source for item in payload.items} == {"Family"}
    holiday = payload.items[1]
    assert holiday.end == holiday.date + timedelta(days=2) and holiday.location == "Home"
    if source == "caldav":
        assert (
            upstream.calls[("PROPFIND", COLLECTION)] == upstream.calls[("REPORT", COLLECTION)] == 1
        )
        report = upstream.requests[-1]
        assert report.headers["depth"] == "1"
        window = re.search(rb'time-range start="(\w+)" end="(\w+)"', report.content)
        assert window is not None
        today = clock.astimezone(BERLIN).date()
        assert window[1] == utc(at(today - timedelta(days=1), 0, BERLIN)).encode()
    else:
        assert upstream.calls[("GET", COLLECTION)] == 1


async def test_caldav_connection_names_the_collection(make_client: MakeClient) -> None:
    clock = recorded_clock()
    client = make_client(radicale(), DAV_BASE, basic(), source="caldav", daysAhead=40)
    client.clock = lambda: clock
    info = await integration.test_connection(client)
    assert info.details == {
        "calendar": "Family",
        "events": "4 in the next 40 days",
        "source": "caldav",
    }


async def test_a_collection_that_is_no_calendar(make_client: MakeClient) -> None:
    upstream = radicale(**{"PROPFIND": None})
    upstream.route("PROPFIND", COLLECTION, "propfind_home")
    err = await failure(make_client(upstream, DAV_BASE, basic(), source="caldav"), None)
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "no calendar collection" in err.message


async def test_a_plain_web_server_is_no_caldav_collection(make_client: MakeClient) -> None:
    upstream = FakeUpstream(
        ID, {("PROPFIND", COLLECTION): httpx.Response(405, text="Method Not Allowed")}
    )
    err = await failure(make_client(upstream, DAV_BASE, source="caldav"), None)
    assert (err.code, err.status) == (ErrorCode.INVALID_RESPONSE, 405)
    assert (
        "does not answer CalDAV's PROPFIND" in err.message
        and "choose the source ics" in err.message
    )


async def test_caldav_refusal_is_unauthorized(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {("PROPFIND", COLLECTION): "unauthorized"})
    err = await failure(make_client(upstream, DAV_BASE, basic(), source="caldav"), None)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert_no_secret(err)


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><multistatus xmlns="DAV:">&b;</multistatus>',
        '<?xml version="1.0"?><!DOCTYPE m SYSTEM "file:///etc/passwd"><multistatus xmlns="DAV:"/>',
        "<html><body>not xml</body>",
        '<?xml version="1.0"?><error xmlns="DAV:"/>',
    ],
    ids=["entity-expansion", "external-dtd", "not-xml", "not-multistatus"],
)
async def test_hostile_or_wrong_xml_is_invalid_response(make_client: MakeClient, xml: str) -> None:
    upstream = FakeUpstream(
        ID,
        {
            ("PROPFIND", COLLECTION): httpx.Response(
                207, text=xml, headers={"content-type": "application/xml"}
            )
        },
    )
    err = await failure(make_client(upstream, DAV_BASE, source="caldav"), None)
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "passwd" not in err.message


def test_items_keep_utc_and_refuse_naive_times() -> None:
    aware = datetime(2030, 1, 1, 9, tzinfo=BERLIN)
    item = MediaCalendarItem(title="x", date=aware, end=aware + timedelta(hours=1))
    assert item.date.tzinfo is UTC and item.date == aware and item.has_file is None
    with pytest.raises(ValidationError, match="time zone"):
        MediaCalendarItem(title="x", date=datetime(2030, 1, 1, 9))
