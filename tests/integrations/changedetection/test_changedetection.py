"""changedetection.io integration against fixtures recorded from changedetection.io 0.60.10."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.changedetection import integration
from integrations.changedetection.client import ChangeDetectionClient
from integrations.changedetection.definition import ChangeDetectionSystem, ChangeDetectionWatches
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "changedetection"
BASE = "http://changedetection.test:5000"
KEY = fixture(ID, "systeminfo")["request"]["headers"]["x-api-key"]
WRONG_KEY = fixture(ID, "systeminfo_wrong_key")["request"]["headers"]["x-api-key"]
SYSTEM_INFO = ("GET", "/api/v1/systeminfo")
WATCHES = ("GET", "/api/v1/watch")
API = {SYSTEM_INFO: "systeminfo", WATCHES: "watch_list"}


def config(key: str | None = KEY, url: str = BASE) -> dict[str, Any]:
    credentials = {"type": "apiKey", "apiKey": key} if key else {"type": "none"}
    return {"url": url, "credentials": credentials}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY)


class FakeChangeDetection:
    """changedetection.io's key rule over the recorded answers: 403 without the right key."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None, key: str = KEY) -> None:
        self.key = key
        self.upstream = FakeUpstream(ID, {**API, **(routes or {})}, refuse=self.refuse)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        sent = request.headers.get("x-api-key")
        if self.key and sent != self.key:
            return response_of(
                fixture(ID, "systeminfo_no_key" if sent is None else "systeminfo_wrong_key")
            )
        return None


def unix(value: datetime | None) -> int:
    return 0 if value is None else int(value.timestamp())


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "changedetection"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
    ]
    watches, system = integration.endpoints["watches"], integration.endpoints["system"]
    assert (watches.payload, watches.ttl, watches.min_refresh) == (ChangeDetectionWatches, 60, 15)
    assert (system.payload, system.ttl, system.min_refresh) == (ChangeDetectionSystem, 30, 10)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    fake = FakeChangeDetection()
    info = await integration.test_connection(make_client(fake.upstream))
    raw = body("systeminfo")
    assert info == ServiceInfo(
        version=raw["version"], details={"watchCount": str(raw["watch_count"])}
    )
    assert info.version == "0.60.10"
    assert fake.upstream.requests[0].headers["x-api-key"] == KEY


async def test_watches_counts_and_order(make_client: Callable[..., ChangeDetectionClient]) -> None:
    fake = FakeChangeDetection()
    result = await integration.fetch_data(make_client(fake.upstream), "watches")

    raw = body("watch_list")
    assert isinstance(result, ChangeDetectionWatches)
    assert result.total == len(raw) == body("systeminfo")["watch_count"] == 3
    changed = [u for u, w in raw.items() if w["last_changed"] > 0 and not w["viewed"]]
    failing = [u for u, w in raw.items() if w["last_error"]]
    assert result.unviewed == len(changed) == 1
    assert result.errors == len(failing) == 1
    assert (result.paused, result.muted) == (False, False)
    # the unviewed change first, then the error, then the rest
    assert [w.uuid for w in result.watches] == [
        *changed,
        *failing,
        *(set(raw) - {*changed, *failing}),
    ]
    for watch in result.watches:
        entry = raw[watch.uuid]
        assert watch.title == entry["title"]
        assert watch.url == entry["url"]
        assert unix(watch.last_checked) == entry["last_checked"] > 0
        assert unix(watch.last_changed) == entry["last_changed"]
        assert watch.viewed == entry["viewed"]
        assert watch.last_error == (entry["last_error"] or None)
        assert watch.unviewed_change == (watch.uuid in changed)
    assert result.watches[0].last_changed is not None
    assert result.watches[0].last_changed.tzinfo is UTC
    assert result.watches[1].last_error is not None
    assert "Connection refused" in result.watches[1].last_error
    assert result.watches[2].last_changed is None  # one snapshot: not a change


async def test_watches_global_switches_and_titles(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    info = {**body("systeminfo"), "all_paused": True, "all_muted": True}
    raw = copy.deepcopy(body("watch_list"))
    first, second, _ = raw
    raw[first].update(title=None, page_title="Page title")
    raw[second].update(title="", page_title=None)
    fake = FakeChangeDetection(
        {SYSTEM_INFO: httpx.Response(200, json=info), WATCHES: httpx.Response(200, json=raw)}
    )
    result = await integration.fetch_data(make_client(fake.upstream), "watches")
    assert (result.paused, result.muted) == (True, True)
    titles = {w.uuid: w.title for w in result.watches}
    assert titles[first] == "Page title"
    assert titles[second] == raw[second]["url"]


async def test_watches_capped(make_client: Callable[..., ChangeDetectionClient]) -> None:
    template = next(iter(body("watch_list").values()))
    raw = {f"uuid-{n:03}": {**template, "title": f"w{n:03}"} for n in range(60)}
    fake = FakeChangeDetection({WATCHES: httpx.Response(200, json=raw)})
    result = await integration.fetch_data(make_client(fake.upstream), "watches")
    assert result.total == 60
    assert len(result.watches) == 50
    assert result.watches[0].title == "w000"  # no changes or errors: by title


async def test_empty_watch_list(make_client: Callable[..., ChangeDetectionClient]) -> None:
    fake = FakeChangeDetection({WATCHES: httpx.Response(200, json={})})
    result = await integration.fetch_data(make_client(fake.upstream), "watches")
    assert (result.total, result.unviewed, result.errors, result.watches) == (0, 0, 0, [])


async def test_system(make_client: Callable[..., ChangeDetectionClient]) -> None:
    fake = FakeChangeDetection()
    system = await integration.fetch_data(make_client(fake.upstream), "system")

    raw = body("systeminfo")
    assert isinstance(system, ChangeDetectionSystem)
    assert system.version == raw["version"]
    assert system.watch_count == raw["watch_count"]
    assert system.tag_count == raw["tag_count"]
    assert system.queue_size == raw["queue_size"]
    assert system.uptime_seconds == int(raw["uptime"])
    assert system.overdue == len(raw["overdue_watches"]) == 0
    assert system.overdue_watches == []
    assert (system.paused, system.muted) == (raw["all_paused"], raw["all_muted"])
    assert system.new_version_available is False


async def test_system_overdue(make_client: Callable[..., ChangeDetectionClient]) -> None:
    overdue = list(body("watch_list"))[:2]
    info = {**body("systeminfo"), "overdue_watches": overdue, "queue_size": 4}
    fake = FakeChangeDetection({SYSTEM_INFO: httpx.Response(200, json=info)})
    system = await integration.fetch_data(make_client(fake.upstream), "system")
    assert (system.overdue, system.overdue_watches, system.queue_size) == (2, overdue, 4)


async def test_open_api_needs_no_key(make_client: Callable[..., ChangeDetectionClient]) -> None:
    fake = FakeChangeDetection(key="")  # "Restrict API access" switched off
    info = await integration.test_connection(make_client(fake.upstream, key=None))
    assert info.version == body("systeminfo")["version"]
    assert "x-api-key" not in fake.upstream.requests[0].headers


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_key_is_unauthorized(make_client: Callable[..., ChangeDetectionClient]) -> None:
    fake = FakeChangeDetection()
    client = make_client(fake.upstream, key=WRONG_KEY)
    for call in (integration.test_connection(client), integration.fetch_data(client, "watches")):
        with pytest.raises(IntegrationError) as caught:
            await call
        err = caught.value
        assert err.code is ErrorCode.UNAUTHORIZED
        assert err.status == 403
        assert "refused the API key" in err.message
        assert_no_secret(err, WRONG_KEY)
    assert body("systeminfo_wrong_key") == "Invalid access - API key invalid."


async def test_missing_key_is_unauthorized(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    fake = FakeChangeDetection()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, key=None))
    assert fixture(ID, "systeminfo_no_key")["response"]["status"] == 403
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.url == f"{BASE}/api/v1/systeminfo"


async def test_html_page_is_invalid_response(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    fake = FakeChangeDetection({SYSTEM_INFO: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    fake = FakeChangeDetection({SYSTEM_INFO: "watch_list", WATCHES: "systeminfo"})
    client = make_client(fake.upstream)
    for call in (integration.test_connection(client), integration.fetch_data(client, "watches")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert caught.value.message.startswith("the response is not the JSON expected")


async def test_no_api_at_url_is_not_found(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/api/v1/systeminfo"


async def test_server_error_is_upstream_error(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    fake = FakeChangeDetection({WATCHES: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "watches")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions ------------------------------------------------------------------------------------


async def recheck_all(client: ChangeDetectionClient) -> ActionResult:
    spec = integration.actions["recheckAll"]
    return await integration.run_action(client, "recheckAll", spec.input.model_validate({}))


def recheck_route(answer: Any) -> Callable[[httpx.Request], httpx.Response]:
    """GET /api/v1/watch: the list, or with ?recheck_all the queueing answer."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("recheck_all") == "1":
            return (
                answer if isinstance(answer, httpx.Response) else response_of(fixture(ID, answer))
            )
        return response_of(fixture(ID, "watch_list"))

    return handle


def test_recheck_all_is_declared() -> None:
    spec = integration.actions["recheckAll"]
    assert spec.affects == ("watches", "system")
    assert not spec.destructive
    assert spec.form() == []


async def test_recheck_all_queues_every_watch_and_counts_them(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    fake = FakeChangeDetection({WATCHES: recheck_route("watch_recheck_all")})
    result = await recheck_all(make_client(fake.upstream))

    status = body("watch_recheck_all")["status"]
    assert status == "OK, queued 2 watches for rechecking (1 already queued or running)"
    assert result == ActionResult(message="Queued 2 watches for a check", affected=2)
    (sent,) = fake.upstream.requests
    assert (sent.method, sent.url.path, dict(sent.url.params)) == (*WATCHES, {"recheck_all": "1"})
    assert sent.headers["x-api-key"] == KEY


@pytest.mark.parametrize(
    ("status", "message", "affected"),
    [
        ("OK, queued 1 watches for rechecking", "Queued 1 watch for a check", 1),
        ("OK", "Queued every watch for a check", None),
    ],
)
async def test_recheck_all_answers_of_other_releases(
    make_client: Callable[..., ChangeDetectionClient],
    status: str,
    message: str,
    affected: int | None,
) -> None:
    answer = httpx.Response(200, json={"status": status})
    fake = FakeChangeDetection({WATCHES: recheck_route(answer)})
    result = await recheck_all(make_client(fake.upstream))
    assert result == ActionResult(message=message, affected=affected)


async def test_recheck_all_not_ok_is_upstream_error(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    answer = httpx.Response(200, json={"status": "Error: the queue is full"})
    fake = FakeChangeDetection({WATCHES: recheck_route(answer)})
    with pytest.raises(IntegrationError) as caught:
        await recheck_all(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message == (
        "changedetection.io did not queue the checks: Error: the queue is full"
    )
    assert len(fake.upstream.requests) == 1


async def test_recheck_all_with_a_wrong_key_is_unauthorized(
    make_client: Callable[..., ChangeDetectionClient],
) -> None:
    refused = response_of(fixture(ID, "watch_recheck_all_wrong_key"))
    fake = FakeChangeDetection({WATCHES: recheck_route("watch_recheck_all")}, key=KEY)
    fake.upstream.refuse = lambda request: refused
    with pytest.raises(IntegrationError) as caught:
        await recheck_all(make_client(fake.upstream, WRONG_KEY))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert fake.upstream.requests[0].url.params["recheck_all"] == "1"
    assert_no_secret(caught.value, WRONG_KEY, KEY)
