"""iCal: the events of a calendar in the next days, as the calendar payload the Servarr apps
serve too (one widget shows releases and appointments alike)."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator

from integrations.capabilities import MediaCalendar, MediaCalendarItem
from integrations.config import BearerToken, ConfigModel, NoCredentials, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.ical.client import ICalClient

MAX_DAYS_AHEAD = 366
MAX_DAYS_BACK = 30
MAX_EVENTS_SHOWN = 500
TIME_ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*$"
"""The shape of an IANA time zone name (Europe/Berlin, America/Argentina/Buenos_Aires, UTC)."""


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ValueError naming it when there is none such."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not an IANA time zone name such as Europe/Berlin or UTC"
        ) from None


class ICalSettings(ConfigModel):
    """Where the events come from and which of them are shown."""

    source: Literal["ics", "caldav"] = field(
        "Source",
        default="ics",
        help="ics: the URL is an iCalendar file (.ics; for webcal:// write https://); "
        "caldav: the URL is a CalDAV calendar collection (only the window is fetched).",
    )
    days_ahead: int = field(
        "Days ahead",
        default=14,
        ge=1,
        le=MAX_DAYS_AHEAD,
        help="How many days ahead, from now, the calendar shows.",
    )
    days_back: int = field(
        "Days back",
        default=0,
        ge=0,
        le=MAX_DAYS_BACK,
        help="Days before today shown too (0: from the start of today).",
    )
    max_events: int = field(
        "Most events",
        default=50,
        ge=1,
        le=MAX_EVENTS_SHOWN,
        help="The most events listed, soonest first.",
    )
    time_zone: str = field(
        "Time zone",
        default="UTC",
        max_length=64,
        schema_pattern=TIME_ZONE_PATTERN,
        help="IANA name (e.g. Europe/Berlin) of the time zone in which all-day events and "
        "events without a time zone of their own take place, and in which days begin.",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        time_zone(value)
        return value

    @property
    def zone(self) -> tzinfo:
        return time_zone(self.time_zone)


class ICal(Integration["ICalClient"]):
    id = "ical"
    name = "iCal / CalDAV"
    icon = "ical"
    categories = ("calendar",)
    docs_url = "https://www.rfc-editor.org/rfc/rfc5545"
    verification = (
        "Verified against a running Radicale 3.9.0 (CalDAV and its .ics export); built "
        "from iCalendar (RFC 5545) and CalDAV (RFC 4791)"
    )
    credentials = (NoCredentials, UsernamePassword, BearerToken)
    extra = ICalSettings
    client_class = "integrations.ical.client:ICalClient"

    async def test_connection(self, client: ICalClient) -> ServiceInfo:
        name, found = await client.read()
        settings = client.settings
        events = f"{found.total}{'+' if found.capped else ''}"
        return ServiceInfo.of(
            None,
            {
                "calendar": name or "(no name)",
                "events": f"{events} in the next {settings.days_ahead} days",
                "source": settings.source,
            },
        )

    @endpoint(
        "events",
        name="Events",
        description="The calendar's events from today (less daysBack) to daysAhead days from "
        "now, recurrences expanded, soonest first (at most maxEvents), times in UTC.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def events(self, client: ICalClient) -> MediaCalendar:
        name, found = await client.read()
        return MediaCalendar(
            items=[
                MediaCalendarItem(
                    title=event.title,
                    date=event.start,
                    end=event.end,
                    all_day=event.all_day,
                    has_file=None,
                    location=event.location,
                    description=event.description,
                    source=name,
                )
                for event in found.events
            ],
            capped=found.capped,
        )
