"""Unraid integration against GraphQL answers built from the Unraid API schema
(unraid/api api/generated-schema.graphql, v4.37.2)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode
from integrations.unraid import integration
from integrations.unraid.client import UnraidClient
from integrations.unraid.definition import (
    UnraidArray,
    UnraidContainer,
    UnraidDisk,
    UnraidDocker,
    UnraidParityCheck,
    UnraidSystem,
    UnraidVm,
    UnraidVms,
)
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    refusal,
    response_of,
    secret_check,
)

ID = "unraid"
API_KEY = "4f1c0a9e2b7d46c3a58e91f0d2b6c7a8e3f5d9b1c0a2e4f6a8b0c2d4e6f8a0b2"
BASE = "http://tower.test"
GRAPHQL = ("POST", "/graphql")
ANSWERS = ("version", "system", "array", "docker", "vms")
"""The fixtures answering each of Tilewire's documents, found by the document sent."""
ENDPOINTS = ("system", "array", "docker", "vms")
KIB = 1024

MakeClient = Callable[..., UnraidClient]

body = partial(fixture_body, ID)
refused = partial(refusal, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
assert_no_secret = secret_check(API_KEY)


class FakeUnraid:
    """Unraid's /graphql: a wrong or missing ``x-api-key`` gets the UNAUTHENTICATED answer
    (HTTP 200, as Apollo answers it); a right one the fixture whose recorded document is the
    one sent, or what ``answers`` puts in its place."""

    def __init__(self, **answers: Any) -> None:
        self.sent: list[dict[str, Any]] = []
        self.by_query = {fixture(ID, name)["request"]["body"]["query"]: name for name in ANSWERS}
        self.answers = answers
        self.upstream = FakeUpstream(ID, {GRAPHQL: self.graphql})

    def graphql(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("x-api-key") != API_KEY:
            return response_of(fixture(ID, "unauthorized"))
        assert request.headers["content-type"] == "application/json"
        sent = json.loads(request.content)
        self.sent.append(sent)
        name = self.by_query.get(sent["query"])
        assert name is not None, f"a document no fixture answers: {sent['query']}"
        answer = self.answers.get(name, name)
        if isinstance(answer, httpx.Response):
            return answer
        if isinstance(answer, dict):
            return httpx.Response(200, json=answer)
        return response_of(fixture(ID, answer))


def answering(name: str, change: Callable[[Any], None]) -> dict[str, Any]:
    """The body of fixture ``name``, changed by ``change``."""
    answer = copy.deepcopy(body(name))
    change(answer)
    return answer


# --- the connection test -------------------------------------------------------------------


async def test_connection_reports_the_unraid_version(make_client: MakeClient) -> None:
    fake = FakeUnraid()
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.version == "7.2.0"
    assert info.details == {"hostname": "Tower", "apiVersion": "4.37.2"}
    (sent,) = fake.sent
    assert sent == {"query": fixture(ID, "version")["request"]["body"]["query"]}
    (request,) = fake.upstream.requests
    assert request.headers["x-api-key"] == API_KEY and request.url.path == "/graphql"


async def test_an_unknown_version_is_none(make_client: MakeClient) -> None:
    def unknown(answer: Any) -> None:
        answer["data"]["info"]["versions"]["core"]["unraid"] = "unknown"

    fake = FakeUnraid(version=answering("version", unknown))
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.version is None and info.details["apiVersion"] == "4.37.2"


# --- system ---------------------------------------------------------------------------------


async def test_system(make_client: MakeClient) -> None:
    fake = FakeUnraid()
    before = datetime.now(UTC)
    payload = await integration.fetch_data(make_client(fake.upstream), "system")
    after = datetime.now(UTC)
    assert isinstance(payload, UnraidSystem)
    data = body("system")["data"]
    memory = data["metrics"]["memory"]
    booted = datetime(2026, 11, 28, 6, 12, 45, tzinfo=UTC)
    assert data["info"]["os"]["uptime"] == "2026-11-28T06:12:45.000Z"
    assert payload.booted_at == booted
    # the uptime is counted from the test's clock: whatever today is
    assert payload.uptime_seconds is not None
    assert (
        int((before - booted).total_seconds())
        <= payload.uptime_seconds
        <= int((after - booted).total_seconds())
    )
    assert payload.model_copy(update={"uptime_seconds": None}) == UnraidSystem(
        hostname="Tower",
        version="7.2.0",
        api_version="4.37.2",
        cpu_model="Core™ i5-12400",
        cpu_cores=6,
        cpu_threads=12,
        cpu_percent=12.5,
        memory_total=33_524_162_560,
        memory_used=33_524_162_560 - 21_474_836_480,
        memory_percent=35.9,
        booted_at=booted,
        uptime_seconds=None,
    )
    assert memory["total"] - memory["available"] == payload.memory_used
    assert fake.sent == [{"query": fixture(ID, "system")["request"]["body"]["query"]}]


async def test_system_without_metrics_or_boot_time(make_client: MakeClient) -> None:
    def bare(answer: Any) -> None:
        answer["data"]["metrics"] = {"cpu": None, "memory": None}
        answer["data"]["info"]["os"]["uptime"] = None

    fake = FakeUnraid(system=answering("system", bare))
    payload = await integration.fetch_data(make_client(fake.upstream), "system")
    assert isinstance(payload, UnraidSystem)
    assert payload.version == "7.2.0"
    assert (payload.cpu_percent, payload.memory_total, payload.memory_used) == (None, None, None)
    assert (payload.booted_at, payload.uptime_seconds) == (None, None)


async def test_big_byte_counts_may_come_as_strings(make_client: MakeClient) -> None:
    """graphql-scalars' BigInt is a number when it fits in 2**53, else a string."""

    def strings(answer: Any) -> None:
        memory = answer["data"]["metrics"]["memory"]
        for key in ("total", "used", "available"):
            memory[key] = str(memory[key])

    fake = FakeUnraid(system=answering("system", strings))
    payload = await integration.fetch_data(make_client(fake.upstream), "system")
    assert isinstance(payload, UnraidSystem) and payload.memory_total == 33_524_162_560


# --- array ----------------------------------------------------------------------------------


async def test_array(make_client: MakeClient) -> None:
    fake = FakeUnraid()
    payload = await integration.fetch_data(make_client(fake.upstream), "array")
    assert isinstance(payload, UnraidArray)
    kilobytes = body("array")["data"]["array"]["capacity"]["kilobytes"]
    total, used, free = (int(kilobytes[k]) * KIB for k in ("total", "used", "free"))
    assert (payload.capacity_total, payload.capacity_used, payload.capacity_free) == (
        total,
        used,
        free,
    )
    assert payload.capacity_total == (7_811_939_292 * 2 + 3_905_109_820) * KIB
    assert payload.used_percent == round(100 * used / total, 1) == 71.2
    assert (payload.state, payload.started) == ("STARTED", True)
    assert (payload.data_disks, payload.data_slots) == (3, 30)
    assert [(d.name, d.kind) for d in payload.disks] == [
        ("parity", "PARITY"),
        ("disk1", "DATA"),
        ("disk2", "DATA"),
        ("disk3", "DATA"),
        ("cache", "CACHE"),
        ("cache2", "CACHE"),
    ]
    assert payload.disks[0] == UnraidDisk(
        name="parity",
        kind="PARITY",
        device="sdb",
        status="DISK_OK",
        ok=True,
        temperature_celsius=38,
        size=7_814_026_532 * KIB,
        errors=0,
    )
    disk3 = payload.disks[3]
    assert (disk3.status, disk3.ok, disk3.temperature_celsius, disk3.errors) == (
        "DISK_DSBL",
        False,
        None,
        132,
    )
    assert payload.disks[2].temperature_celsius is None  # spun down
    assert (payload.disks[1].fs_size, payload.disks[1].fs_used, payload.disks[1].fs_free) == (
        7_811_939_292 * KIB,
        6_608_192_784 * KIB,
        1_203_746_508 * KIB,
    )
    assert (payload.total_disks, payload.disks_not_ok, payload.truncated) == (6, 1, False)
    assert payload.hottest_celsius == 44
    assert payload.parity_check == UnraidParityCheck(
        status="RUNNING",
        running=True,
        progress_percent=42,
        speed_mb_per_second=187.0,
        errors=None,
        started_at=datetime(2026, 12, 1, 1, 0, 3, tzinfo=UTC),
        duration_seconds=15360,
        correcting=None,
    )


async def test_array_after_a_finished_check_and_stopped(make_client: MakeClient) -> None:
    def finished(answer: Any) -> None:
        array = answer["data"]["array"]
        array["state"] = "STOPPED"
        array["parityCheckStatus"].update(status="COMPLETED", progress=0, speed="0", errors=0)
        for disk in (*array["parities"], *array["disks"], *array["caches"]):
            disk["temp"] = None

    fake = FakeUnraid(array=answering("array", finished))
    payload = await integration.fetch_data(make_client(fake.upstream), "array")
    assert isinstance(payload, UnraidArray)
    assert (payload.state, payload.started, payload.hottest_celsius) == ("STOPPED", False, None)
    check = payload.parity_check
    assert (check.status, check.running, check.errors) == ("COMPLETED", False, 0)
    assert (check.progress_percent, check.speed_mb_per_second) == (None, None)


async def test_array_shows_at_most_50_disks_and_counts_all(make_client: MakeClient) -> None:
    def pools(answer: Any) -> None:
        caches = answer["data"]["array"]["caches"]
        template = caches[0]
        caches[:] = [{**template, "idx": 100 + i, "name": f"pool{i:02}"} for i in range(60)]

    fake = FakeUnraid(array=answering("array", pools))
    payload = await integration.fetch_data(make_client(fake.upstream), "array")
    assert isinstance(payload, UnraidArray)
    assert (len(payload.disks), payload.total_disks, payload.truncated) == (50, 64, True)
    assert payload.disks[0].name == "parity" and payload.disks[-1].name == "pool45"


async def test_array_of_an_empty_array(make_client: MakeClient) -> None:
    def empty(answer: Any) -> None:
        array = answer["data"]["array"]
        array["state"] = "NO_DATA_DISKS"
        array["capacity"]["kilobytes"] = {"free": "0", "used": "0", "total": "0"}
        array["parities"], array["disks"], array["caches"] = [], [], []

    fake = FakeUnraid(array=answering("array", empty))
    payload = await integration.fetch_data(make_client(fake.upstream), "array")
    assert isinstance(payload, UnraidArray)
    assert (payload.used_percent, payload.disks, payload.total_disks) == (None, [], 0)


# --- docker ---------------------------------------------------------------------------------


async def test_docker(make_client: MakeClient) -> None:
    fake = FakeUnraid()
    payload = await integration.fetch_data(make_client(fake.upstream), "docker")
    assert payload == UnraidDocker(
        available=True,
        total=4,
        running=2,
        paused=1,
        stopped=1,
        containers=[
            UnraidContainer(
                name="binhex-krusader",
                image="binhex/arch-krusader",
                state="EXITED",
                status="Exited (0) 2 weeks ago",
                auto_start=False,
            ),
            UnraidContainer(
                name="mariadb",
                image="lscr.io/linuxserver/mariadb:latest",
                state="PAUSED",
                status="Up 5 days (Paused)",
                auto_start=True,
            ),
            UnraidContainer(
                name="Nextcloud",
                image="lscr.io/linuxserver/nextcloud:latest",
                state="RUNNING",
                status="Up 5 days",
                auto_start=True,
            ),
            UnraidContainer(
                name="plex",
                image="plexinc/pms-docker:latest",
                state="RUNNING",
                status="Up 5 days (healthy)",
                auto_start=True,
            ),
        ],
        truncated=False,
    )


async def test_docker_shows_at_most_50_containers_and_counts_all(
    make_client: MakeClient,
) -> None:
    def many(answer: Any) -> None:
        template = answer["data"]["docker"]["containers"][0]
        answer["data"]["docker"]["containers"] = [
            {**template, "names": [f"/app{i:03}"], "state": "RUNNING" if i % 2 else "EXITED"}
            for i in range(120)
        ]

    fake = FakeUnraid(docker=answering("docker", many))
    payload = await integration.fetch_data(make_client(fake.upstream), "docker")
    assert isinstance(payload, UnraidDocker)
    assert (payload.total, payload.running, payload.stopped, payload.paused) == (120, 60, 60, 0)
    assert (len(payload.containers), payload.truncated) == (50, True)
    assert payload.containers[-1].name == "app049"


async def test_docker_not_running_is_unavailable_not_a_failure(make_client: MakeClient) -> None:
    fake = FakeUnraid(docker="docker_unavailable")
    payload = await integration.fetch_data(make_client(fake.upstream), "docker")
    assert payload == UnraidDocker(
        available=False,
        unavailable_reason="Docker socket unavailable.",
        total=0,
        running=0,
        paused=0,
        stopped=0,
        containers=[],
        truncated=False,
    )


# --- vms ------------------------------------------------------------------------------------


async def test_vms(make_client: MakeClient) -> None:
    fake = FakeUnraid()
    payload = await integration.fetch_data(make_client(fake.upstream), "vms")
    assert payload == UnraidVms(
        available=True,
        total=4,
        running=2,
        paused=1,
        stopped=1,
        other=0,
        vms=[
            UnraidVm(name="Home Assistant", state="IDLE"),
            UnraidVm(name="pfSense-test", state="PAUSED"),
            UnraidVm(name="Ubuntu", state="SHUTOFF"),
            UnraidVm(name="Windows 11", state="RUNNING"),
        ],
        truncated=False,
    )


async def test_vms_shutting_down_and_capped(make_client: MakeClient) -> None:
    def many(answer: Any) -> None:
        answer["data"]["vms"]["domains"] = [
            {"name": f"vm{i:02}", "state": "SHUTDOWN" if i < 10 else "CRASHED"} for i in range(70)
        ]

    fake = FakeUnraid(vms=answering("vms", many))
    payload = await integration.fetch_data(make_client(fake.upstream), "vms")
    assert isinstance(payload, UnraidVms)
    assert (payload.total, payload.other, payload.stopped, payload.running) == (70, 10, 60, 0)
    assert (len(payload.vms), payload.truncated) == (50, True)


async def test_vms_disabled_is_unavailable_not_a_failure(make_client: MakeClient) -> None:
    fake = FakeUnraid(vms="vms_unavailable")
    payload = await integration.fetch_data(make_client(fake.upstream), "vms")
    assert isinstance(payload, UnraidVms)
    assert (payload.available, payload.total, payload.vms) == (False, 0, [])
    assert payload.unavailable_reason == "Failed to retrieve VM domains: VMs are not available"


async def test_vms_of_a_machine_without_any(make_client: MakeClient) -> None:
    fake = FakeUnraid(vms={"data": {"vms": {"domains": []}}})
    payload = await integration.fetch_data(make_client(fake.upstream), "vms")
    assert isinstance(payload, UnraidVms)
    assert (payload.available, payload.total, payload.truncated) == (True, 0, False)


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint_id", [None, *ENDPOINTS])
async def test_a_wrong_key_is_unauthorized_not_an_upstream_error(
    make_client: MakeClient, endpoint_id: str | None
) -> None:
    err = await refused(make_client(FakeUnraid().upstream, "wrong-key"), endpoint_id)
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 200  # Apollo's answer: the refusal is in the errors list
    assert "API key" in err.message and "Management Access" in err.message
    assert err.url == f"{BASE}/graphql"
    assert_no_secret(err, "wrong-key")


async def test_a_missing_permission_is_forbidden_and_says_which(make_client: MakeClient) -> None:
    fake = FakeUnraid(docker="forbidden")
    err = await refused(make_client(fake.upstream), "docker")
    assert err.code is ErrorCode.FORBIDDEN
    assert "may not read docker" in err.message and "Viewer" in err.message
    assert_no_secret(err)


async def test_a_refusal_is_told_by_its_status_or_words_without_a_code(
    make_client: MakeClient,
) -> None:
    by_status = {"errors": [{"message": "x", "extensions": {"originalError": {"statusCode": 401}}}]}
    by_words = {"errors": [{"message": "Forbidden resource"}], "data": None}
    for answer, code in ((by_status, ErrorCode.UNAUTHORIZED), (by_words, ErrorCode.FORBIDDEN)):
        err = await refused(make_client(FakeUnraid(version=answer).upstream))
        assert err.code is code


async def test_a_refused_key_wins_over_a_tolerated_error(make_client: MakeClient) -> None:
    answer = answering(
        "vms_unavailable",
        lambda a: a["errors"].append(
            {"message": "API key validation failed", "extensions": {"code": "UNAUTHENTICATED"}}
        ),
    )
    err = await refused(make_client(FakeUnraid(vms=answer).upstream), "vms")
    assert err.code is ErrorCode.UNAUTHORIZED


@pytest.mark.parametrize("status", [401, 403])
async def test_a_proxy_refusing_with_a_status_is_a_refusal(
    make_client: MakeClient, status: int
) -> None:
    fake = FakeUnraid(version=httpx.Response(status, text="denied"))
    err = await refused(make_client(fake.upstream))
    expected = ErrorCode.UNAUTHORIZED if status == 401 else ErrorCode.FORBIDDEN
    assert (err.code, err.status) == (expected, status)


# --- other failures -------------------------------------------------------------------------


async def test_an_api_older_than_the_documents_says_to_update(make_client: MakeClient) -> None:
    fake = FakeUnraid(array="validation_failed")
    err = await refused(make_client(fake.upstream), "array")
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 400)
    assert "API 4.16 or later" in err.message and "parityCheckStatus" in err.message


async def test_another_field_error_quotes_unraid_without_the_key(
    make_client: MakeClient,
) -> None:
    answer = {
        "errors": [
            {
                "message": f"Attempt to get Array Data, but state was not loaded ({API_KEY})",
                "path": ["array"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR"},
            }
        ],
        "data": None,
    }
    err = await refused(make_client(FakeUnraid(array=answer).upstream), "array")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert "Unraid could not answer array: Attempt to get Array Data" in err.message
    assert_no_secret(err)


async def test_a_docker_error_elsewhere_is_not_tolerated(make_client: MakeClient) -> None:
    answer = answering("docker_unavailable", lambda a: a["errors"][0].update(path=["docker"]))
    err = await refused(make_client(FakeUnraid(docker=answer).upstream), "docker")
    assert err.code is ErrorCode.UPSTREAM_ERROR


async def test_a_web_page_at_the_url_is_invalid_response(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {GRAPHQL: "not_that_service"})
    for endpoint_id in (None, *ENDPOINTS):
        err = await refused(make_client(upstream), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert err.message.startswith("the response is not JSON")
        assert_no_secret(err)


async def test_json_without_data_is_invalid_response(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {GRAPHQL: {"status": "ok"}})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE and "Unraid's" in err.message


async def test_an_unexpected_shape_is_invalid_response(make_client: MakeClient) -> None:
    answer = answering("array", lambda a: a["data"]["array"].pop("state"))
    err = await refused(make_client(FakeUnraid(array=answer).upstream), "array")
    assert err.code is ErrorCode.INVALID_RESPONSE and "array.state" in err.message


async def test_a_400_that_is_not_graphql_is_the_status_s_failure(
    make_client: MakeClient,
) -> None:
    fake = FakeUnraid(version=httpx.Response(400, text="<html>Bad Request</html>"))
    err = await refused(make_client(fake.upstream))
    assert (err.code, err.status) == (ErrorCode.UNEXPECTED_STATUS, 400)


async def test_no_api_at_the_url_is_not_found(make_client: MakeClient) -> None:
    err = await refused(make_client(FakeUpstream(ID, {})))
    assert (err.code, err.status, err.url) == (ErrorCode.NOT_FOUND, 404, f"{BASE}/graphql")


async def test_a_server_error_is_upstream_error(make_client: MakeClient) -> None:
    fake = FakeUnraid(system=httpx.Response(502, text="502 Bad Gateway"))
    err = await refused(make_client(fake.upstream), "system")
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 502)
    assert_no_secret(err)
