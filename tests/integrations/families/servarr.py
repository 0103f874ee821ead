"""What every Servarr integration (Sonarr, Radarr, Lidarr, Readarr) must do, against fixtures
transcribed from each app's API documentation: a test class per app subclasses
``ServarrContract`` and adds the tests of its own records."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx
import pytest

from integrations.actions import ActionResult, NoInput
from integrations.capabilities import MediaCalendar, MediaQueue, MediaWanted, MediaWantedItem
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.servarr import definition as servarr
from integrations.families.servarr.client import ServarrClient
from integrations.registry import registry
from integrations.types import ServiceInfo
from tests.integrations.upstream import FakeUpstream, client_for, fixture, response_of
from tests.support.server import free_port

KEY = "fixture-api-key"
WRONG_KEY = "wrong-api-key"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
"""The clock of the calendar tests: the fixtures' calendars cover the week that follows."""
ENDPOINTS = ("queue", "wanted", "calendar")
ROUTES = {
    "system_status": "system/status",
    "queue": "queue",
    "wanted_missing": "wanted/missing",
    "wanted_cutoff": "wanted/cutoff",
    "calendar": "calendar",
}

Make = Callable[..., ServarrClient]


def assert_no_secret(err: IntegrationError, *secrets: str) -> None:
    for text in (str(err), err.message, repr(err), str(err.url)):
        for secret in secrets or (KEY,):
            assert secret not in text


def query(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


class FakeServarr:
    """A Servarr app over the transcribed answers: every route needs the API key in the
    ``X-Api-Key`` header (HTTP 401 with an empty body otherwise), routes it does not serve
    answer 404."""

    def __init__(
        self,
        app: str,
        api: str,
        routes: dict[str, Any] | None = None,
        posts: dict[str, Any] | None = None,
    ) -> None:
        self.app, self.api = app, api
        served: dict[str, Any] = {f"/api/{api}/{route}": name for name, route in ROUTES.items()}
        served.update(routes or {})
        posted: dict[str, Any] = {f"/api/{api}/command": self.command}
        posted.update(posts or {})
        handlers = {("GET", path): self.keyed(v) for path, v in served.items()}
        handlers.update({("POST", path): self.keyed(v) for path, v in posted.items()})
        self.upstream = FakeUpstream(app, handlers)

    def command(self, request: httpx.Request) -> httpx.Response:
        """``POST /command``: the transcribed answer, for the command the request names."""
        data = fixture(self.app, "command")
        name = json.loads(request.content)["name"]
        data["response"]["body"]["name"] = data["response"]["body"]["body"]["name"] = name
        return response_of(data)

    def keyed(self, value: Any) -> Callable[[httpx.Request], httpx.Response]:
        def handle(request: httpx.Request) -> httpx.Response:
            if request.headers.get("x-api-key") != KEY:
                return response_of(fixture(self.app, "unauthorized"))
            if isinstance(value, str):
                return response_of(fixture(self.app, value))
            if isinstance(value, httpx.Response):
                return value
            result: httpx.Response = value(request)
            return result

        return handle

    def requests_to(self, route: str, method: str = "GET") -> list[httpx.Request]:
        path = f"/api/{self.api}/{route}"
        return [r for r in self.upstream.requests if (r.method, r.url.path) == (method, path)]


class ServarrContract:
    """The shared tests; a subclass names the app, its API generation, and two other apps:
    one of the same generation and one of the other."""

    ID: ClassVar[str]
    APP: ClassVar[str]
    API: ClassVar[str]
    OTHER_API: ClassVar[str]
    SAME_API_APP: ClassVar[str]
    """Another app serving the same API generation (its fixtures answer for it)."""
    OTHER_API_APP: ClassVar[str]
    QUEUE_PARAMS: ClassVar[dict[str, str]]
    WANTED_PARAMS: ClassVar[dict[str, str]]
    CALENDAR_PARAMS: ClassVar[dict[str, str]]
    SORT_KEY: ClassVar[str]
    WANTED_COUNTS: ClassVar[tuple[int, int]]
    """(missing, cutoff unmet) as the wanted fixtures give them."""
    COMMANDS: ClassVar[dict[str, str]]
    """Action id -> the command it posts, as the app names it."""

    def wanted_item(self, record: dict[str, Any]) -> MediaWantedItem:
        """The item a record of the app's wanted/missing fixture becomes."""
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------------

    def body(self, name: str, app: str | None = None) -> Any:
        return fixture(app or self.ID, name)["response"]["body"]

    def fake(
        self, routes: dict[str, Any] | None = None, posts: dict[str, Any] | None = None
    ) -> FakeServarr:
        return FakeServarr(self.ID, self.API, routes, posts)

    def path(self, route: str, api: str | None = None) -> str:
        return f"/api/{api or self.API}/{route}"

    @pytest.fixture
    async def make_client(self) -> AsyncIterator[Make]:
        clients: list[ServarrClient] = []

        def make(
            upstream: FakeUpstream | None,
            *,
            api_key: str = KEY,
            url: str = "http://servarr.test:8989",
            extra: dict[str, Any] | None = None,
        ) -> ServarrClient:
            config: dict[str, Any] = {"url": url, "credentials": {"apiKey": api_key}}
            if extra is not None:
                config["extra"] = extra
            if upstream is None:
                integration = registry.get(self.ID)
                raw = integration.create_client(integration.config_model.model_validate(config))
            else:
                raw = client_for(self.ID, config, upstream)
            assert isinstance(raw, ServarrClient)
            clients.append(raw)
            return raw

        yield make
        for client in clients:
            await client.aclose()

    @pytest.fixture
    def clock(self, monkeypatch: pytest.MonkeyPatch) -> datetime:
        monkeypatch.setattr(servarr, "utcnow", lambda: NOW)
        return NOW

    async def fetch(self, client: ServarrClient, endpoint_id: str) -> Any:
        return await registry.get(self.ID).fetch_data(client, endpoint_id)

    async def test_wanted_matches_the_fixture(self, make_client: Make) -> None:
        wanted = await self.fetch(make_client(self.fake().upstream), "wanted")

        assert (wanted.missing, wanted.cutoff_unmet) == self.WANTED_COUNTS
        assert wanted.items == [self.wanted_item(r) for r in self.records("wanted_missing")]

    # --- metadata ----------------------------------------------------------------------------

    def test_metadata(self) -> None:
        integration = registry.get(self.ID)
        assert integration.name == self.APP
        assert list(integration.endpoints) == list(ENDPOINTS)
        payloads = {e.id: e.payload for e in integration.endpoints.values()}
        assert payloads == {"queue": MediaQueue, "wanted": MediaWanted, "calendar": MediaCalendar}
        fields = [(f.name, f.kind.value, f.default) for f in integration.form()]
        assert ("credentials.apiKey", "secret", None) in fields
        assert ("extra.calendarDays", "number", 7) in fields
        assert integration.verification.startswith(f"Built from the {self.APP} API documentation")

    @pytest.mark.parametrize("days", [0, 61])
    def test_calendar_days_are_bounded(self, days: int) -> None:
        model = registry.get(self.ID).config_model
        config = {"url": "http://x.test", "credentials": {"apiKey": KEY}}
        with pytest.raises(ValueError, match="calendarDays"):
            model.model_validate({**config, "extra": {"calendarDays": days}})

    def test_an_api_key_is_required(self) -> None:
        model = registry.get(self.ID).config_model
        with pytest.raises(ValueError, match="apiKey"):
            model.model_validate({"url": "http://x.test", "credentials": {"type": "apiKey"}})

    # --- success -----------------------------------------------------------------------------

    async def test_connection_reports_version(self, make_client: Make) -> None:
        fake = self.fake()
        info = await registry.get(self.ID).test_connection(make_client(fake.upstream))

        status = self.body("system_status")
        assert info == ServiceInfo(
            version=status["version"],
            details={
                "appName": self.APP,
                "instanceName": status["instanceName"],
                "branch": status["branch"],
                "os": status["osName"],
            },
        )
        (request,) = fake.upstream.requests
        assert request.url.path == self.path("system/status")
        assert request.headers["X-Api-Key"] == KEY
        assert "apikey" not in request.url.params  # the header, never the query string

    async def test_status_without_app_name_is_accepted(self, make_client: Make) -> None:
        status = {k: v for k, v in self.body("system_status").items() if k != "appName"}
        fake = self.fake({self.path("system/status"): httpx.Response(200, json=status)})
        info = await registry.get(self.ID).test_connection(make_client(fake.upstream))
        assert info.version == status["version"]
        assert "appName" not in info.details

    async def test_queue_asks_for_the_first_page_with_names(self, make_client: Make) -> None:
        fake = self.fake()
        queue = await self.fetch(make_client(fake.upstream), "queue")

        assert isinstance(queue, MediaQueue)
        (request,) = fake.requests_to("queue")
        assert query(request) == {"page": "1", "pageSize": "50", **self.QUEUE_PARAMS}
        recorded = fixture(self.ID, "queue")["request"]["query"]
        assert query(request) == recorded
        assert queue.total == self.body("queue")["totalRecords"]
        assert [item.id for item in queue.items] == [
            str(r["id"]) for r in self.body("queue")["records"]
        ]

    async def test_empty_queue(self, make_client: Make) -> None:
        empty = {"page": 1, "pageSize": 50, "totalRecords": 0, "records": None}
        fake = self.fake({self.path("queue"): httpx.Response(200, json=empty)})
        queue = await self.fetch(make_client(fake.upstream), "queue")
        assert queue == MediaQueue(items=[], total=0)

    async def test_wanted_counts_missing_and_cutoff_unmet(self, make_client: Make) -> None:
        fake = self.fake()
        wanted = await self.fetch(make_client(fake.upstream), "wanted")

        assert isinstance(wanted, MediaWanted)
        assert wanted.missing == self.body("wanted_missing")["totalRecords"]
        assert wanted.cutoff_unmet == self.body("wanted_cutoff")["totalRecords"]
        assert len(wanted.items) == len(self.body("wanted_missing")["records"])
        (missing,) = fake.requests_to("wanted/missing")
        assert query(missing) == {
            "page": "1",
            "pageSize": "10",
            "monitored": "true",
            "sortKey": self.SORT_KEY,
            "sortDirection": "descending",
            **self.WANTED_PARAMS,
        }
        assert query(missing) == fixture(self.ID, "wanted_missing")["request"]["query"]
        (cutoff,) = fake.requests_to("wanted/cutoff")
        assert query(cutoff) == {
            "page": "1",
            "pageSize": "1",
            "monitored": "true",
            **self.WANTED_PARAMS,
        }

    async def test_calendar_asks_for_the_next_days(
        self, make_client: Make, clock: datetime
    ) -> None:
        fake = self.fake()
        calendar = await self.fetch(make_client(fake.upstream), "calendar")

        assert isinstance(calendar, MediaCalendar)
        (request,) = fake.requests_to("calendar")
        assert query(request) == {
            "start": "2026-11-26T12:00:00Z",
            "end": "2026-12-03T12:00:00Z",
            **self.CALENDAR_PARAMS,
        }
        assert query(request) == fixture(self.ID, "calendar")["request"]["query"]
        dates = [item.date for item in calendar.items]
        assert dates == sorted(dates)
        assert all(clock <= d <= clock + timedelta(days=7) for d in dates)

    async def test_calendar_days_setting(self, make_client: Make, clock: datetime) -> None:
        fake = self.fake()
        client = make_client(fake.upstream, extra={"calendarDays": 30})
        await self.fetch(client, "calendar")
        (request,) = fake.requests_to("calendar")
        assert request.url.params["end"] == "2026-12-26T12:00:00Z"

    # --- failures ----------------------------------------------------------------------------

    async def test_wrong_key_is_unauthorized(self, make_client: Make) -> None:
        client = make_client(self.fake().upstream, api_key=WRONG_KEY)
        integration = registry.get(self.ID)
        calls = [integration.test_connection(client)]
        calls += [integration.fetch_data(client, endpoint_id) for endpoint_id in ENDPOINTS]
        for call in calls:
            with pytest.raises(IntegrationError) as caught:
                await call
            err = caught.value
            assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
            assert f"{self.APP} rejected the API key" in err.message
            assert_no_secret(err, WRONG_KEY, KEY)

    async def test_another_app_of_this_api_is_named(self, make_client: Make) -> None:
        other = fixture(self.SAME_API_APP, "system_status")
        fake = self.fake({self.path("system/status"): response_of(other)})
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(make_client(fake.upstream))
        err = caught.value
        other_app = other["response"]["body"]["appName"]
        assert other_app != self.APP
        assert (err.code, err.status) == (ErrorCode.INVALID_RESPONSE, 200)
        assert err.message.startswith(
            f"this URL answers as {other_app} {other['response']['body']['version']}, "
            f"not {self.APP}"
        )
        assert_no_secret(err)

    async def test_another_app_of_the_other_api_is_named(self, make_client: Make) -> None:
        other = fixture(self.OTHER_API_APP, "system_status")
        own = self.path("system/status")
        fake = self.fake(
            {
                own: httpx.Response(404),
                self.path("system/status", self.OTHER_API): response_of(other),
            }
        )
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(make_client(fake.upstream))
        err = caught.value
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert f"answers as {other['response']['body']['appName']}" in err.message
        assert f"not {self.APP}" in err.message
        assert [r.url.path for r in fake.upstream.requests] == [
            own,
            self.path("system/status", self.OTHER_API),
        ]

    async def test_no_api_at_url_is_not_found(self, make_client: Make) -> None:
        upstream = FakeUpstream(self.ID, {})
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(make_client(upstream))
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
        assert f"no {self.APP} API {self.API} at this URL" in err.message
        assert err.url == f"http://servarr.test:8989{self.path('system/status')}"
        assert upstream.calls[("GET", self.path("system/status", self.OTHER_API))] == 1

    async def test_wanted_without_wanted_routes_is_not_found(self, make_client: Make) -> None:
        fake = self.fake({self.path("wanted/cutoff"): httpx.Response(404)})
        with pytest.raises(IntegrationError) as caught:
            await self.fetch(make_client(fake.upstream), "wanted")
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
        assert f"this {self.APP} has no wanted/cutoff API" in err.message

    @pytest.mark.parametrize(
        ("name", "code", "status"),
        [
            ("not_that_service", ErrorCode.INVALID_RESPONSE, 200),
            ("other_json", ErrorCode.INVALID_RESPONSE, 200),
            ("server_error", ErrorCode.UPSTREAM_ERROR, 500),
        ],
    )
    async def test_another_service_or_a_server_error_fails_every_call(
        self, make_client: Make, name: str, code: ErrorCode, status: int
    ) -> None:
        routes = {self.path(route): name for route in ROUTES.values()}
        client = make_client(self.fake(routes).upstream)
        integration = registry.get(self.ID)
        calls = [integration.test_connection(client)]
        calls += [integration.fetch_data(client, endpoint_id) for endpoint_id in ENDPOINTS]
        for call in calls:
            with pytest.raises(IntegrationError) as caught:
                await call
            assert (caught.value.code, caught.value.status) == (code, status)
            assert_no_secret(caught.value)

    async def test_closed_port_is_connection_refused(self, make_client: Make) -> None:
        port = free_port()
        client = make_client(None, url=f"http://127.0.0.1:{port}")
        with pytest.raises(IntegrationError) as caught:
            await registry.get(self.ID).test_connection(client)
        err = caught.value
        assert err.code is ErrorCode.CONNECTION_REFUSED
        assert err.url == f"http://127.0.0.1:{port}{self.path('system/status')}"
        assert_no_secret(err)

    # --- actions -----------------------------------------------------------------------------

    async def act(self, client: ServarrClient, action_id: str) -> ActionResult:
        integration = registry.get(self.ID)
        spec = integration.actions[action_id]
        return await integration.run_action(client, action_id, spec.input.model_validate({}))

    def test_actions_metadata(self) -> None:
        actions = registry.get(self.ID).actions
        assert list(actions) == ["searchMissing", "refresh", "rssSync"]
        assert {a.id: a.affects for a in actions.values()} == {
            "searchMissing": ("queue", "wanted"),
            "refresh": ("wanted", "calendar"),
            "rssSync": ("queue",),
        }
        assert all(a.input is NoInput and not a.destructive for a in actions.values())

    def test_command_names_are_the_apps(self) -> None:
        integration = registry.get(self.ID)
        assert {
            "searchMissing": integration.missing_search_command,
            "refresh": integration.refresh_command,
            "rssSync": integration.rss_sync_command,
        } == self.COMMANDS

    @pytest.mark.parametrize("action_id", ["searchMissing", "refresh", "rssSync"])
    async def test_action_posts_its_command_once(self, make_client: Make, action_id: str) -> None:
        fake = self.fake()
        result = await self.act(make_client(fake.upstream), action_id)

        name = self.COMMANDS[action_id]
        queued = self.body("command")
        assert result == ActionResult(
            message=f"{self.APP} queued {name} as command {queued['id']} ({queued['status']})"
        )
        (request,) = fake.upstream.requests  # one POST: nothing read first, nothing retried
        assert (request.method, request.url.path) == ("POST", self.path("command"))
        assert request.headers["X-Api-Key"] == KEY
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == {"name": name}
        assert not request.url.params

    async def test_command_request_is_the_transcribed_one(self, make_client: Make) -> None:
        fake = self.fake()
        await self.act(make_client(fake.upstream), "searchMissing")
        (request,) = fake.requests_to("command", "POST")
        recorded = fixture(self.ID, "command")["request"]
        assert (request.method, request.url.path) == (recorded["method"], recorded["path"])
        assert json.loads(request.content) == recorded["body"]

    async def test_command_answered_200_is_accepted(self, make_client: Make) -> None:
        # Older releases answered the command with 200 rather than 201.
        queued = {**self.body("command"), "status": "started"}
        fake = self.fake(posts={self.path("command"): httpx.Response(200, json=queued)})
        result = await self.act(make_client(fake.upstream), "rssSync")
        assert result.message.endswith(f"as command {queued['id']} (started)")

    async def test_action_with_a_wrong_key_is_unauthorized(self, make_client: Make) -> None:
        fake = self.fake()
        with pytest.raises(IntegrationError) as caught:
            await self.act(make_client(fake.upstream, api_key=WRONG_KEY), "searchMissing")
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert f"{self.APP} rejected the API key" in err.message
        assert len(fake.upstream.requests) == 1
        assert_no_secret(err, WRONG_KEY, KEY)

    async def test_unknown_command_is_an_upstream_error_sent_once(self, make_client: Make) -> None:
        # An app without the command fails to find its class (CommandController.StartCommand's
        # Single()) and its error handler answers 500 with its JSON error body.
        failed = httpx.Response(
            500, json={"message": "Sequence contains no matching element", "description": ""}
        )
        fake = self.fake(posts={self.path("command"): failed})
        with pytest.raises(IntegrationError) as caught:
            await self.act(make_client(fake.upstream), "refresh")
        assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
        assert len(fake.upstream.requests) == 1
        assert_no_secret(caught.value)

    async def test_command_answer_not_from_the_app_is_invalid(self, make_client: Make) -> None:
        page = httpx.Response(200, text="<html>login</html>", headers={"content-type": "text/html"})
        fake = self.fake(posts={self.path("command"): page})
        with pytest.raises(IntegrationError) as caught:
            await self.act(make_client(fake.upstream), "rssSync")
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert_no_secret(caught.value)

    # --- record helpers for the app's own tests ------------------------------------------------

    def records(self, name: str) -> list[dict[str, Any]]:
        body = self.body(name)
        records: list[dict[str, Any]] = body if isinstance(body, list) else body["records"]
        return copy.deepcopy(records)


def progress(record: dict[str, Any]) -> float:
    """A queue record's progress (0-1) from its size and sizeleft."""
    size = record["size"]
    return (size - record["sizeleft"]) / size if size else 0.0


def parse_date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
