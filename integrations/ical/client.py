"""Reading a calendar: an iCalendar file over HTTP(S) (GET), or a CalDAV calendar collection
(PROPFIND for its name, REPORT calendar-query for the events of a time range, RFC 4791 7.8).
Credentials, when a source needs them: HTTP basic auth or a bearer token."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken, ServiceConfig, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.ical.definition import ICalSettings

if TYPE_CHECKING:
    import icalendar

    from integrations.ical.models import Collection, Expansion, Window

ICS_ACCEPT = "text/calendar, text/plain;q=0.8, */*;q=0.5"
XML_HEADERS = {
    "Accept": "application/xml, text/xml;q=0.9",
    "Content-Type": "application/xml; charset=utf-8",
}
PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:displayname/><D:resourcetype/></D:prop>
</D:propfind>"""
REPORT = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="{start}" end="{end}"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>"""
NOT_DAV = (400, 405, 501)
"""What a plain web server answers a WebDAV method with."""
SLACK = timedelta(days=1)
"""Added to the REPORT's time range on each side: the server reads floating and all-day
events in a time zone of its own; Tilewire keeps to its window afterwards."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def caldav_time(moment: datetime) -> str:
    """A UTC time as CalDAV's time-range takes it (``20060104T000000Z``)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class ICalClient(ServiceClient):
    """One calendar source, with the App's credentials."""

    basic_auth = True

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.clock: Callable[[], datetime] = utcnow
        """Now (UTC): the window is counted from it."""

    @property
    def settings(self) -> ICalSettings:
        extra = self.config.extra
        return extra if isinstance(extra, ICalSettings) else ICalSettings()

    @property
    def target(self) -> str:
        """The URL as entered (a file or a collection: not a base under which paths go)."""
        return str(self.config.url)

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(UsernamePassword) is not None:
            return "the calendar server refused the username or password"
        if self.credentials_as(BearerToken) is not None:
            return "the calendar server refused the access token"
        return "the calendar asks for credentials: add a username and password (or a token)"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "the calendar server does not let these credentials read this calendar"

    def window(self) -> Window:
        """From the start of today (less ``daysBack``) in the calendar's time zone to
        ``daysAhead`` days from now."""
        from integrations.ical.models import Window

        settings = self.settings
        zone = settings.zone
        now = self.clock().astimezone(zone)
        today = datetime.combine(now.date(), datetime.min.time(), tzinfo=zone)
        start = today - timedelta(days=settings.days_back)
        # combine() with a ZoneInfo keeps wall time: the start of the day, across DST too
        start = datetime.combine(start.date(), datetime.min.time(), tzinfo=zone)
        return Window(start, now + timedelta(days=settings.days_ahead), zone)

    def invalid(self, response: httpx.Response, message: str) -> IntegrationError:
        """INVALID_RESPONSE with ``message``, which may quote the answer (bounded, and
        without this client's secrets should the answer echo one)."""
        return IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            self.detail(message, limit=400),
            status=response.status_code,
            url=response.url,
        )

    async def read(self) -> tuple[str | None, Expansion]:
        """The calendar's name and its events in the window."""
        if self.settings.source == "caldav":
            return await self._read_caldav()
        return await self._read_ics()

    async def _expand(
        self, response: httpx.Response, calendars: list[icalendar.Calendar]
    ) -> Expansion:
        from integrations.ical.models import expand

        window, keep = self.window(), self.settings.max_events
        try:
            return await asyncio.to_thread(expand, calendars, window, keep)
        except Exception as err:  # the expansion's failures on hostile data are of many kinds
            raise self.invalid(
                response, f"the calendar's events cannot be expanded ({type(err).__name__})"
            ) from None

    async def _read_ics(self) -> tuple[str | None, Expansion]:
        from integrations.ical.models import CalendarError, calendar_name, parse_ics

        response = await self.request("GET", self.target, headers={"Accept": ICS_ACCEPT})
        try:
            calendars = await asyncio.to_thread(parse_ics, response.content)
        except CalendarError as err:
            raise self.invalid(
                response,
                f"{err}: is the URL the calendar's .ics address? (for a CalDAV collection, "
                "choose the source caldav)",
            ) from None
        return calendar_name(calendars), await self._expand(response, calendars)

    async def _dav(self, method: str, body: bytes, depth: str) -> httpx.Response:
        response = await self.request(
            method,
            self.target,
            content=body,
            headers={**XML_HEADERS, "Depth": depth},
            expect=(207, *NOT_DAV),
        )
        if response.status_code != 207:
            raise self.invalid(
                response,
                f"the server does not answer CalDAV's {method} here (HTTP "
                f"{response.status_code}): is the URL a CalDAV calendar collection? (for an "
                ".ics file, choose the source ics)",
            )
        return response

    async def collection(self) -> Collection:
        """The collection's name, checking it is a calendar."""
        from integrations.ical.models import CalendarError, parse_collection

        response = await self._dav("PROPFIND", PROPFIND, "0")
        try:
            found = parse_collection(response.content)
        except CalendarError as err:
            raise self.invalid(response, f"{err}: is the URL a CalDAV collection?") from None
        if not found.is_calendar:
            raise self.invalid(
                response,
                "the URL is a WebDAV resource but no calendar collection: use the URL of one "
                "calendar (as the server lists it under the user's calendars)",
            )
        return found

    async def _read_caldav(self) -> tuple[str | None, Expansion]:
        from integrations.ical.models import CalendarError, parse_calendar_query

        found = await self.collection()
        window = self.window()
        body = REPORT.format(
            start=caldav_time(window.start - SLACK), end=caldav_time(window.end + SLACK)
        )
        response = await self._dav("REPORT", body.encode(), "1")
        try:
            calendars = await asyncio.to_thread(parse_calendar_query, response.content)
        except CalendarError as err:
            raise self.invalid(response, f"{err}: is the URL a CalDAV collection?") from None
        return found.name, await self._expand(response, calendars)
