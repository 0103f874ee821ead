"""iCal / CalDAV against the real Radicale 3.9.0 on 127.0.0.1:18280 (tests/live/services/
radicale): a calendar is put there over CalDAV (MKCALENDAR, PUT) with events written relative
to now, then read through Tilewire's GraphQL API by an App for the collection (CalDAV REPORT)
and by an App for the .ics file Radicale serves for it (GET)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from integrations.capabilities import MediaCalendar
from integrations.errors import ErrorCode, IntegrationError
from integrations.ical import integration
from integrations.ical.client import ICalClient
from tests.integrations.ical.calendars import (
    BERLIN,
    NEW_YORK,
    at,
    family_events,
    utc,
    vcalendar,
    vevent,
    wall,
    weekly_across_dst,
)
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo, ensure_service
from tests.live.specs.radicale import put_calendar
from tests.support.api import Api

pytestmark = pytest.mark.live

LIVE_SERVICES = ("radicale",)
"""The real services this module needs, started in the background at the session's start."""

WRONG = "wrong-password"
NEW_YORK_TITLE = "Weekly 09:00 in New York"


@pytest.fixture(scope="module")
def svc() -> ServiceInfo:
    return ensure_service("radicale")


@pytest.fixture(scope="module")
def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def calendar(svc: ServiceInfo, now: datetime) -> str:
    """The collection's URL: the family calendar of record.py, a weekly New York event across
    its DST change, a floating event and a daily event without end."""
    new_york, _ = weekly_across_dst(now, NEW_YORK, "weekly-ny@tilewire.test", NEW_YORK_TITLE)
    soon = now.date() + timedelta(days=2)
    extra = {
        "new-york.ics": vcalendar(new_york, name=None, zones=("America/New_York",)),
        "floating.ics": vcalendar(
            vevent("floating@tilewire.test", "Floating", f"DTSTART:{wall(at(soon, 7, BERLIN))}"),
            name=None,
        ),
        "daily.ics": vcalendar(
            vevent(
                "daily@tilewire.test",
                "Daily",
                f"DTSTART:{utc(now - timedelta(days=40))}",
                "DURATION:PT5M",
                "RRULE:FREQ=DAILY",
            ),
            name=None,
        ),
    }
    return put_calendar(svc.url, "live", "Live test", {**family_events(now), **extra})


def settings(
    svc: ServiceInfo, url: str, source: str, password: str | None = None, **extra: Any
) -> dict[str, Any]:
    assert svc.username and svc.password
    return {
        "url": url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
        "extra": {"source": source, "timeZone": "Europe/Berlin", "daysAhead": 366, **extra},
    }


@pytest.fixture
async def connect(svc: ServiceInfo) -> AsyncIterator[Callable[..., ICalClient]]:
    made: list[ICalClient] = []

    def make(config: dict[str, Any]) -> ICalClient:
        client = integration.create_client(integration.config_model.model_validate(config))
        assert isinstance(client, ICalClient)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def when(item: dict[str, Any]) -> datetime:
    moment = datetime.fromisoformat(item["date"])
    assert moment.utcoffset() == timedelta(0), item  # UTC in the payload
    return moment


def check_events(payload: dict[str, Any], now: datetime) -> None:
    items = payload["items"]
    assert [when(item) for item in items] == sorted(when(item) for item in items)
    assert {item["source"] for item in items} == {"Live test"}
    assert all(item["hasFile"] is None for item in items)
    berlin = [when(i).astimezone(BERLIN) for i in items if i["title"] == "Weekly 09:00"]
    # four weekly occurrences, the third excluded (EXDATE), the fourth moved (override)
    assert len(berlin) == 2 and berlin[1] - berlin[0] == timedelta(days=7)
    assert {(b.hour, b.minute) for b in berlin} == {(9, 0)}
    assert berlin[0].utcoffset() != berlin[1].utcoffset()  # across the DST change
    [moved] = [when(i).astimezone(BERLIN) for i in items if i["title"] == "Weekly moved to 11:00"]
    assert moved.hour == 11 and moved.date() == berlin[0].date() + timedelta(days=21)
    [holiday] = [i for i in items if i["title"] == "Holiday"]
    assert holiday["allDay"] and holiday["location"] == "Home"
    start = when(holiday).astimezone(BERLIN)
    assert (start.date(), start.hour) == (berlin[0].date() + timedelta(days=1), 0)
    assert datetime.fromisoformat(holiday["end"]) - when(holiday) == timedelta(days=2)
    [floating] = [when(i).astimezone(BERLIN) for i in items if i["title"] == "Floating"]
    assert (floating.date(), floating.hour) == (now.date() + timedelta(days=2), 7)


async def test_through_graphql_caldav_and_ics(
    api: Api, svc: ServiceInfo, calendar: str, now: datetime
) -> None:
    assert svc.password
    for source in ("caldav", "ics"):
        payloads = await check_through_graphql(
            api,
            "ical",
            settings(svc, calendar, source, maxEvents=500),
            version=None,
            wrong_credentials=settings(svc, calendar, source, WRONG),
            secrets=(svc.password, WRONG),
        )
        check_events(payloads["events"], now)


async def test_the_new_york_event_stays_at_nine_local(
    svc: ServiceInfo, calendar: str, now: datetime, connect: Callable[..., ICalClient]
) -> None:
    _, first = weekly_across_dst(now, NEW_YORK)
    for source in ("caldav", "ics"):
        client = connect(settings(svc, calendar, source, maxEvents=500))
        payload = await integration.fetch_data(client, "events")
        assert isinstance(payload, MediaCalendar)
        starts = [i.date.astimezone(NEW_YORK) for i in payload.items if i.title == NEW_YORK_TITLE]
        assert [s.date() for s in starts] == [first + timedelta(weeks=n) for n in range(4)]
        assert {(s.hour, s.minute) for s in starts} == {(9, 0)}
        assert starts[0].utcoffset() != starts[1].utcoffset()


async def test_the_endless_daily_event_fills_the_window_within_the_bound(
    svc: ServiceInfo, calendar: str, connect: Callable[..., ICalClient]
) -> None:
    client = connect(settings(svc, calendar, "caldav", maxEvents=20))
    info = await integration.test_connection(client)
    assert info.details["calendar"] == "Live test" and info.details["source"] == "caldav"
    payload = await integration.fetch_data(client, "events")
    assert isinstance(payload, MediaCalendar)
    assert len(payload.items) == 20 and payload.capped
    daily = [i for i in payload.items if i.title == "Daily"]
    assert [b.date - a.date for a, b in itertools.pairwise(daily)] == [timedelta(days=1)] * (
        len(daily) - 1
    )


async def test_without_credentials_radicale_asks_for_them(
    svc: ServiceInfo, calendar: str, connect: Callable[..., ICalClient]
) -> None:
    for source in ("caldav", "ics"):
        config = {**settings(svc, calendar, source), "credentials": {"type": "none"}}
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(connect(config))
        assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "asks for credentials" in caught.value.message


async def test_the_user_home_is_no_calendar(
    svc: ServiceInfo, calendar: str, connect: Callable[..., ICalClient]
) -> None:
    home = calendar.rsplit("/", 2)[0] + "/"
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(connect(settings(svc, home, "caldav")))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "no calendar collection" in caught.value.message
