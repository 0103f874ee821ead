"""Glances integration against fixtures recorded from Glances 4.5.8 (REST API v4) and Glances
3.3.1.1 (REST API v3): the same tests run on both generations' answers."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.glances import integration
from integrations.glances.client import GlancesClient
from integrations.glances.definition import uptime_seconds
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "glances"
USERNAME = "glances"
PASSWORD = "adminpass123"
BASE = "http://glances.test:61208"
PLUGINS = ("system", "cpu", "mem", "load", "fs", "uptime")
VERSIONS = ("4", "3")
OTHER = {"4": "3", "3": "4"}

Make = Callable[..., GlancesClient]


def config(
    *,
    password: str | None = PASSWORD,
    api_version: str | None = None,
    url: str = BASE,
) -> dict[str, Any]:
    data: dict[str, Any] = {"url": url}
    if password is not None:
        data["credentials"] = {
            "type": "usernamePassword",
            "username": USERNAME,
            "password": password,
        }
    if api_version is not None:
        data["extra"] = {"apiVersion": api_version}
    return data


body = partial(fixture_body, ID)


def status_path(api: str) -> tuple[str, str]:
    return ("GET", f"/api/{api}/status")


assert_no_secret = secret_check(PASSWORD)


class FakeGlances:
    """A Glances web server of one generation over the recorded answers: basic auth on every
    route but 4.x's status, the other generation's routes 404, and 3.3's status failing with
    500 when the request accepts deflate (as the real one does)."""

    def __init__(
        self, api: str, *, password: str | None = PASSWORD, routes: dict[str, Any] | None = None
    ) -> None:
        self.password = password
        self.upstream = FakeUpstream(ID, {}, refuse=self.refuse)
        self.serve(api, routes)

    def serve(self, api: str, routes: dict[str, Any] | None = None) -> None:
        """Answer as Glances of generation ``api`` from now on (an in-place upgrade)."""
        self.api = api
        other = OTHER[api]
        prefix = f"v{api}_"
        self.upstream.routes = {status_path(other): f"{prefix}status_v{other}_route"}
        if api == "4":
            self.upstream.route(*status_path("4"), "v4_status")
        else:
            self.upstream.route(*status_path("3"), self.v3_status)
            self.upstream.route("GET", "/api/3/help", "v3_help")
        for plugin in PLUGINS:
            value = (routes or {}).get(plugin, prefix + plugin)
            self.upstream.route("GET", f"/api/{api}/{plugin}", value)
        # no credentials needed: 4.x's status, and the other generation's status (a 404)
        self.upstream.open_routes = frozenset({status_path("4"), status_path(other)})

    def v3_status(self, request: httpx.Request) -> httpx.Response:
        if "deflate" in request.headers.get("accept-encoding", ""):
            return response_of(fixture(ID, "v3_status_deflate"))
        return response_of(fixture(ID, "v3_status"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.password is not None:
            token = base64.b64encode(f"{USERNAME}:{self.password}".encode()).decode()
            if request.headers.get("authorization") != f"Basic {token}":
                return response_of(fixture(ID, f"v{self.api}_unauthorized"))
        return None

    def probes(self, api: str) -> int:
        return self.upstream.calls[status_path(api)]


def recorded_uptime(api: str) -> str:
    """The uptime answer: a JSON string, kept in the fixture as its raw text."""
    text: str = json.loads(body(f"v{api}_uptime"))
    return text


def expected_uptime(text: str) -> int:
    """The recorded uptime ("H:MM:SS", under a day here) in seconds, computed independently."""
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def expected_system(api: str) -> SystemResources:
    cpu, mem, load = body(f"v{api}_cpu"), body(f"v{api}_mem"), body(f"v{api}_load")
    return SystemResources(
        hostname=body(f"v{api}_system")["hostname"],
        cpu_percent=cpu["total"],
        cpu_count=cpu["cpucore"],
        memory_used=mem["used"],
        memory_total=mem["total"],
        memory_percent=mem["percent"],
        load1=load["min1"],
        load5=load["min5"],
        load15=load["min15"],
        uptime_seconds=expected_uptime(recorded_uptime(api)),
        disks=[
            {
                "mount": fs["mnt_point"],
                "used": fs["used"],
                "total": fs["size"],
                "percent": fs["percent"],
            }
            for fs in body(f"v{api}_fs")
        ],
    )


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "glances"
    assert integration.default_port == 61208
    assert [c.model_fields["type"].default for c in integration.credentials] == [
        "none",
        "usernamePassword",
    ]
    fields = {f.name: f for f in integration.form() if f.group != "connection"}
    assert [(name, f.kind.value) for name, f in fields.items()] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("extra.apiVersion", "select"),
    ]
    assert fields["extra.apiVersion"].options == ("auto", "4", "3")
    assert fields["extra.apiVersion"].default == "auto"
    system = integration.endpoints["system"]
    assert (system.payload, system.ttl, system.min_refresh) == (SystemResources, 5.0, 2.0)


# --- success, both generations ------------------------------------------------------------------


@pytest.mark.parametrize("api", VERSIONS)
async def test_connection_reports_version(make_client: Make, api: str) -> None:
    fake = FakeGlances(api)
    info = await integration.test_connection(make_client(fake.upstream))

    version = body("v4_status")["version"] if api == "4" else body("v3_help")["version"]
    system = body(f"v{api}_system")
    assert info == ServiceInfo(
        version=version.removeprefix("Glances "),
        details={"apiVersion": api, "hostname": system["hostname"], "os": system["hr_name"]},
    )
    assert info.version == {"4": "4.5.8", "3": "3.3.1.1"}[api]
    # the system plugin needs the credentials (4.x's status does not): they were proven
    assert fake.upstream.calls[("GET", f"/api/{api}/system")] == 1


@pytest.mark.parametrize("api", VERSIONS)
async def test_system_matches_fixtures(make_client: Make, api: str) -> None:
    fake = FakeGlances(api)
    resources = await integration.fetch_data(make_client(fake.upstream), "system")

    assert isinstance(resources, SystemResources)
    assert resources == expected_system(api)
    assert resources.disks and resources.disks[0].mount == "/"
    for request in fake.upstream.requests:
        if request.url.path != "/api/4/status":
            assert request.headers["authorization"].startswith("Basic ")


@pytest.mark.parametrize("api", VERSIONS)
async def test_without_credentials_sends_no_authorization(make_client: Make, api: str) -> None:
    fake = FakeGlances(api, password=None)
    resources = await integration.fetch_data(make_client(fake.upstream, password=None), "system")
    assert resources == expected_system(api)
    assert all("authorization" not in r.headers for r in fake.upstream.requests)


# --- API generation ------------------------------------------------------------------------------


async def test_auto_probes_v4_first_and_stops_there(make_client: Make) -> None:
    fake = FakeGlances("4")
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "system")

    assert fake.upstream.requests[0].url.path == "/api/4/status"
    assert (fake.probes("4"), fake.probes("3")) == (1, 0)
    assert client.detected == "4"


async def test_auto_falls_back_to_v3(make_client: Make) -> None:
    fake = FakeGlances("3")
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "system")

    assert [r.url.path for r in fake.upstream.requests[:2]] == ["/api/4/status", "/api/3/status"]
    assert (fake.probes("4"), fake.probes("3")) == (1, 1)
    assert client.detected == "3"


@pytest.mark.parametrize("api", VERSIONS)
async def test_detection_is_remembered_per_client(make_client: Make, api: str) -> None:
    fake = FakeGlances(api)
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "system"),
        integration.fetch_data(client, "system"),
    )
    await integration.fetch_data(client, "system")
    # one detection: 4.x's is one probe (test_connection reads that status again for the
    # version), 3.x's is two (its version comes from the help plugin)
    assert (fake.probes("4"), fake.probes("3")) == {"4": (2, 0), "3": (1, 1)}[api]

    fresh = make_client(fake.upstream)  # another App: detects on its own
    await integration.fetch_data(fresh, "system")
    assert fresh.detected == api


async def test_status_probe_refuses_deflate(make_client: Make) -> None:
    """Glances 3.3 fails /api/3/status with 500 when deflate is accepted (httpx's default)."""
    assert fixture(ID, "v3_status_deflate")["response"]["status"] == 500
    fake = FakeGlances("3")
    await integration.fetch_data(make_client(fake.upstream), "system")

    for request in fake.upstream.requests:
        encodings = request.headers.get("accept-encoding", "")
        if request.url.path.endswith("/status"):
            assert encodings == "identity"
        else:
            assert "deflate" in encodings  # the plugins are fine compressed


@pytest.mark.parametrize("api", VERSIONS)
async def test_configured_version_skips_detection(make_client: Make, api: str) -> None:
    fake = FakeGlances(api)
    resources = await integration.fetch_data(make_client(fake.upstream, api_version=api), "system")
    assert resources == expected_system(api)
    assert fake.probes(OTHER[api]) == 0
    assert fake.probes(api) == 0


async def test_configured_version_that_is_not_served_is_not_found(make_client: Make) -> None:
    fake = FakeGlances("3")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, api_version="4"), "system")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url is not None and "/api/4/" in caught.value.url
    assert fake.probes("3") == 0  # no detection when the generation is configured


@pytest.mark.parametrize(("before", "after"), [("3", "4"), ("4", "3")])
async def test_upgrade_in_place_is_detected_again_once(
    make_client: Make, before: str, after: str
) -> None:
    fake = FakeGlances(before)
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "system")
    assert client.detected == before

    fake.serve(after)  # Glances upgraded (or downgraded) behind the same URL
    resources = await integration.fetch_data(client, "system")

    assert resources == expected_system(after)
    assert client.detected == after
    detections = {"4": 1, "3": 2}
    assert fake.probes("4") + fake.probes("3") == detections[before] + detections[after]


# --- plugins and uptime --------------------------------------------------------------------------


@pytest.mark.parametrize("api", VERSIONS)
async def test_disabled_optional_plugins_are_left_out(make_client: Make, api: str) -> None:
    disabled = f"v{api}_plugin_disabled"
    assert fixture(ID, disabled)["response"]["status"] == 400
    routes = {"load": disabled, "fs": disabled, "uptime": disabled, "system": disabled}
    fake = FakeGlances(api, routes=routes)
    resources = await integration.fetch_data(make_client(fake.upstream), "system")

    expected = expected_system(api)
    assert resources == expected.model_copy(
        update={
            "hostname": None,
            "load1": None,
            "load5": None,
            "load15": None,
            "uptime_seconds": None,
            "disks": [],
        }
    )
    assert fake.probes(OTHER[api]) == (1 if api == "3" else 0)  # no re-detection


@pytest.mark.parametrize("api", VERSIONS)
async def test_disabled_cpu_plugin_is_not_found(make_client: Make, api: str) -> None:
    fake = FakeGlances(api, routes={"cpu": f"v{api}_plugin_disabled"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.status == 400
    assert "plugin 'cpu' is disabled" in caught.value.message
    assert_no_secret(caught.value)


@pytest.mark.parametrize(
    ("answer", "seconds"),
    [
        ("0:51:17", 3077),
        ("1 day, 2:03:04", 93784),
        ("12 days, 0:00:09", 1036809),
        ("4:05:06.250000", 14706),
        (86400, 86400),
        (12.7, 12),
        ({"seconds": 42}, 42),
        ("soon", None),
    ],
)
@pytest.mark.parametrize("api", VERSIONS)
async def test_uptime_shapes(make_client: Make, api: str, answer: Any, seconds: int | None) -> None:
    fake = FakeGlances(api, routes={"uptime": httpx.Response(200, json=answer)})
    resources = await integration.fetch_data(make_client(fake.upstream), "system")
    assert resources.uptime_seconds == seconds


def test_uptime_of_recorded_answers() -> None:
    for api in VERSIONS:
        text = recorded_uptime(api)
        assert uptime_seconds(text) == expected_uptime(text) > 0
    assert uptime_seconds(None) is None


# --- failures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("api", VERSIONS)
async def test_wrong_password_is_unauthorized(make_client: Make, api: str) -> None:
    fake = FakeGlances(api)
    client = make_client(fake.upstream, password="wrong-password")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    # 4.x: status answers anyone, the system plugin refuses; 3.x refuses the status probe
    assert err.url == f"{BASE}/api/{api}/{'system' if api == '4' else 'status'}"
    assert_no_secret(err, "wrong-password")

    with pytest.raises(IntegrationError) as again:
        await integration.fetch_data(client, "system")
    assert again.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(again.value, "wrong-password")


@pytest.mark.parametrize("api", VERSIONS)
async def test_missing_credentials_are_unauthorized(make_client: Make, api: str) -> None:
    fake = FakeGlances(api)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, password=None), "system")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "asks for a username and password" in caught.value.message


@pytest.mark.parametrize("page", ["not_that_service", "other_json"])
async def test_another_service_is_invalid_response(make_client: Make, page: str) -> None:
    # a catch-all server: the same page (Netdata's dashboard, or its /api/v1/info) for any path
    upstream = FakeUpstream(ID, {})
    upstream.routes = {status_path(api): page for api in VERSIONS}
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.status == 200
    assert_no_secret(caught.value)


async def test_html_v3_status_is_invalid_response(make_client: Make) -> None:
    upstream = FakeUpstream(ID, {status_path("4"): "v3_status_v4_route"})
    upstream.route(*status_path("3"), "not_that_service")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "system")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "HTML page" in caught.value.message


async def test_html_plugin_answer_is_invalid_response(make_client: Make) -> None:
    fake = FakeGlances("4", routes={"mem": "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")


async def test_no_glances_at_url_is_not_found(make_client: Make) -> None:
    upstream = FakeUpstream(ID, {})  # every path 404, like a web server without Glances
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
    assert "neither Glances REST API v4 nor v3" in err.message
    assert [r.url.path for r in upstream.requests] == ["/api/4/status", "/api/3/status"]
    assert_no_secret(err)


@pytest.mark.parametrize("api", VERSIONS)
async def test_server_error_is_upstream_error(make_client: Make, api: str) -> None:
    fake = FakeGlances(api, routes={"cpu": httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert_no_secret(caught.value)
