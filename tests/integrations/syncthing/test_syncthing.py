"""Syncthing integration against fixtures recorded from Syncthing v1.19.2 (Debian)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.syncthing import integration
from integrations.syncthing.client import SyncthingClient
from integrations.syncthing.definition import MAX_FOLDERS, SyncthingStatus, short_device_id
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    needs_header,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "syncthing"
KEY = "fixture-api-key"
BASE = "http://syncthing.test:8384"
VERSION = ("GET", "/rest/system/version")
STATUS = ("GET", "/rest/system/status")
CONNECTIONS = ("GET", "/rest/system/connections")
FOLDERS = ("GET", "/rest/config/folders")
DB_STATUS = ("GET", "/rest/db/status")
COMPLETION = ("GET", "/rest/db/completion")


config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY)


class FakeSyncthing:
    """Syncthing's REST rules over the recorded answers: every call needs the API key (403
    "CSRF Error" otherwise), and db/status and db/completion answer per ``folder``."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        api: dict[tuple[str, str], Any] = {
            VERSION: "system_version",
            STATUS: "system_status",
            CONNECTIONS: "system_connections",
            FOLDERS: "config_folders",
            DB_STATUS: self.per_folder("db_status"),
            COMPLETION: self.per_folder("db_completion"),
            **(routes or {}),
        }
        self.upstream = FakeUpstream(
            ID, api, refuse=needs_header(ID, "x-api-key", KEY, "wrong_api_key")
        )

    @staticmethod
    def per_folder(prefix: str) -> Callable[[httpx.Request], httpx.Response]:
        def handle(request: httpx.Request) -> httpx.Response:
            folder = request.url.params.get("folder", "")
            return response_of(fixture(ID, f"{prefix}_{folder}"))

        return handle

    def folder_calls(self, path: str) -> list[str]:
        return [r.url.params["folder"] for r in self.upstream.requests if r.url.path == path]


def expected_devices(connections: dict[str, Any], my_id: str) -> tuple[int, int, int]:
    remote = [c for device, c in connections["connections"].items() if device != my_id]
    return (
        sum(c["connected"] for c in remote),
        sum(c["paused"] for c in remote),
        len(remote),
    )


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "syncthing"
    assert integration.default_port == 8384
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret")
    ]
    status = integration.endpoints["status"]
    assert (status.payload, status.ttl, status.min_refresh) == (SyncthingStatus, 15.0, 5.0)


def test_short_device_id() -> None:
    my_id = body("system_status")["myID"]
    assert short_device_id(my_id) == my_id[:7]
    assert len(my_id.split("-")) == 8


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., SyncthingClient]) -> None:
    fake = FakeSyncthing()
    info = await integration.test_connection(make_client(fake.upstream))

    version = body("system_version")
    assert info == ServiceInfo(
        version=version["version"],
        details={"longVersion": version["longVersion"], "os": "linux", "arch": "amd64"},
    )
    assert info.version == "v1.19.2-ds1"
    assert [r.headers["x-api-key"] for r in fake.upstream.requests] == [KEY]


async def test_status_matches_the_recorded_answers(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    system, version = body("system_status"), body("system_version")
    db, completion = body("db_status_folder1"), body("db_completion_folder1")
    (folder,) = body("config_folders")
    assert isinstance(status, SyncthingStatus)
    assert status.version == version["version"]
    assert status.uptime_seconds == system["uptime"]
    assert status.device_id == system["myID"].split("-")[0]
    connected, paused, total = expected_devices(body("system_connections"), system["myID"])
    assert (status.devices_connected, status.devices_paused, status.devices_total) == (
        connected,
        paused,
        total,
    )
    assert total == 1  # run.sh adds one remote device, which never connects; the local one is
    assert len(body("system_connections")["connections"]) == 2  # listed too, and left out
    assert [f.id for f in status.folders] == [folder["id"]] == ["folder1"]
    shown = status.folders[0]
    assert shown.label == folder["label"]
    assert shown.state == db["state"] == "idle"
    assert shown.completion == completion["completion"] == 100
    assert shown.need_bytes == db["needBytes"]
    assert shown.need_items == db["needTotalItems"]
    assert shown.global_bytes == db["globalBytes"] == 6
    assert shown.errors == db["errors"]
    assert shown.error is None
    assert (status.folders_total, status.folders_in_error, status.need_bytes) == (1, 0, 0)
    assert fake.folder_calls(DB_STATUS[1]) == fake.folder_calls(COMPLETION[1]) == ["folder1"]


async def test_status_of_paused_and_broken_folders(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({FOLDERS: "config_folders_mixed"})
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    folders = {f.id: f for f in status.folders}
    configured = body("config_folders_mixed")
    assert list(folders) == [f["id"] for f in configured]
    assert sorted(folders) == ["broken", "folder1", "paused"]
    paused, broken = folders["paused"], folders["broken"]
    # db/status of a paused folder has an empty state, and db/completion answers 404
    assert body("db_status_paused")["state"] == ""
    assert fixture(ID, "db_completion_paused")["response"]["status"] == 404
    assert (paused.state, paused.completion, paused.label) == ("paused", None, "Paused")
    assert "paused" not in fake.folder_calls(COMPLETION[1])
    assert broken.state == body("db_status_broken")["state"] == "error"
    assert broken.error == body("db_status_broken")["error"] == "folder path not a directory"
    assert broken.completion == body("db_completion_broken")["completion"]
    assert (status.folders_total, status.folders_in_error) == (3, 1)


async def test_connected_and_paused_devices_are_counted(
    make_client: Callable[..., SyncthingClient],
) -> None:
    connections = copy.deepcopy(body("system_connections"))
    my_id = body("system_status")["myID"]
    template = next(c for device, c in connections["connections"].items() if device != my_id)
    connections["connections"]["PEER2"] = {**template, "connected": True}
    connections["connections"]["PEER3"] = {**template, "paused": True}
    connections["connections"][my_id]["connected"] = True  # never counted
    fake = FakeSyncthing({CONNECTIONS: httpx.Response(200, json=connections)})
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    assert (status.devices_connected, status.devices_paused, status.devices_total) == (1, 1, 3)
    peer = next(d for d in body("system_connections")["connections"] if d != my_id)
    assert [(d.id, d.connected, d.paused) for d in status.devices] == [
        (peer, False, False),
        ("PEER2", True, False),
        ("PEER3", False, True),
    ]


async def test_folders_are_capped(make_client: Callable[..., SyncthingClient]) -> None:
    (template,) = body("config_folders")
    many = [{**template, "id": "folder1", "label": f"F{n}"} for n in range(MAX_FOLDERS + 20)]
    fake = FakeSyncthing({FOLDERS: httpx.Response(200, json=many)})
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    assert len(status.folders) == MAX_FOLDERS
    assert status.folders_total == MAX_FOLDERS + 20
    assert [f.label for f in status.folders[:2]] == ["F0", "F1"]


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_api_key_is_unauthorized(make_client: Callable[..., SyncthingClient]) -> None:
    fake = FakeSyncthing()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, secret="wrong-api-key"))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (403, f"{BASE}/rest/system/version")
    assert "API key" in err.message
    assert_no_secret(err, "wrong-api-key")


async def test_wrong_api_key_fails_the_status_too(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, secret="wrong-api-key"), "status")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, "wrong-api-key")


async def test_basic_auth_challenge_is_unauthorized(
    make_client: Callable[..., SyncthingClient],
) -> None:
    # With a GUI user and password set, Syncthing challenges a request without a valid key.
    challenge = httpx.Response(
        401,
        headers={"www-authenticate": 'Basic realm="Authorization Required"'},
        text="Not Authorized",
    )
    fake = FakeSyncthing({VERSION: challenge})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)


async def test_forbidden_from_a_proxy_stays_forbidden(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({VERSION: httpx.Response(403, text="Forbidden by proxy")})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, 403)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_syncthing_is_invalid_response(
    make_client: Callable[..., SyncthingClient], name: str
) -> None:
    upstream = FakeUpstream(ID, {VERSION: name, STATUS: name})
    client = make_client(upstream)
    for call in (integration.test_connection(client), integration.fetch_data(client, "status")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert caught.value.status == 200
        assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., SyncthingClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_server_error_is_upstream_error(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({DB_STATUS: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert caught.value.url == f"{BASE}/rest/db/status"  # the query string is left out
    assert_no_secret(caught.value)


# --- actions ------------------------------------------------------------------------------------

SCAN = ("POST", "/rest/db/scan")
PAUSE = ("POST", "/rest/system/pause")
RESUME = ("POST", "/rest/system/resume")
PEER = fixture(ID, "system_pause_peer")["request"]["path"].split("device=")[1]
UNKNOWN_DEVICE = fixture(ID, "system_pause_unknown_device")["request"]["path"].split("=")[1]
BAD_CHECK_DIGIT = fixture(ID, "system_pause_bad_check_digit")["request"]["path"].split("=")[1]


async def act(client: SyncthingClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def posted(fake: FakeSyncthing) -> list[tuple[str, str, dict[str, str], bytes]]:
    return [
        (r.method, r.url.path, dict(r.url.params), r.content)
        for r in fake.upstream.requests
        if r.method == "POST"
    ]


def test_actions_are_declared() -> None:
    assert set(integration.actions) == {"rescanFolder", "pauseDevice", "resumeDevice"}
    for spec in integration.actions.values():
        assert spec.affects == ("status",)
        assert not spec.destructive
    assert [f.name for f in integration.actions["rescanFolder"].form()] == ["folder"]
    assert [f.name for f in integration.actions["pauseDevice"].form()] == ["device"]


@pytest.mark.parametrize("device", ["", "ABC", "../rest/system/shutdown", f"{PEER}/x", "all"])
def test_device_input_takes_only_device_ids(device: str) -> None:
    # never empty: Syncthing pauses every device when ?device is missing or empty
    with pytest.raises(ValidationError, match="device"):
        integration.actions["pauseDevice"].input.model_validate({"device": device})


async def test_rescan_folder_posts_db_scan(make_client: Callable[..., SyncthingClient]) -> None:
    fake = FakeSyncthing({SCAN: "db_scan_folder1"})
    result = await act(make_client(fake.upstream), "rescanFolder", folder="folder1")

    assert result == ActionResult(message="Rescanning folder folder1")
    assert posted(fake) == [("POST", "/rest/db/scan", {"folder": "folder1"}, b"")]
    assert fake.upstream.requests[0].headers["x-api-key"] == KEY


async def test_rescan_unknown_folder_is_not_found(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({SCAN: "db_scan_no_such_folder"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "rescanFolder", folder="nope")
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 500)
    assert caught.value.message == "Syncthing has no folder nope"
    assert body("db_scan_no_such_folder") == "no such folder\n"


@pytest.mark.parametrize(
    ("action_id", "route", "fixture_name", "message"),
    [
        ("pauseDevice", PAUSE, "system_pause_peer", f"Paused device {PEER[:7]}"),
        ("resumeDevice", RESUME, "system_resume_peer", f"Resumed device {PEER[:7]}"),
    ],
)
async def test_pause_and_resume_name_the_device(
    make_client: Callable[..., SyncthingClient],
    action_id: str,
    route: tuple[str, str],
    fixture_name: str,
    message: str,
) -> None:
    fake = FakeSyncthing({route: fixture_name})
    result = await act(make_client(fake.upstream), action_id, device=PEER)

    assert result == ActionResult(message=message)
    assert posted(fake) == [(*route, {"device": PEER}, b"")]


async def test_pause_unknown_device_is_not_found(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({PAUSE: "system_pause_unknown_device"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "pauseDevice", device=UNKNOWN_DEVICE)
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert caught.value.message == f"Syncthing has no device {UNKNOWN_DEVICE[:7]}"


async def test_pause_with_a_wrong_check_digit_quotes_syncthing(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({PAUSE: "system_pause_bad_check_digit"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "pauseDevice", device=BAD_CHECK_DIGIT)
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert err.message.startswith("Syncthing refused it for device AAAAAAA: ")
    assert err.message.endswith("check digit incorrect")
    assert fake.upstream.calls[PAUSE] == 1  # sent once


async def test_wrong_api_key_refuses_the_action(
    make_client: Callable[..., SyncthingClient],
) -> None:
    fake = FakeSyncthing({PAUSE: "system_pause_peer"})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream, "wrong-api-key"), "pauseDevice", device=PEER)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, "wrong-api-key", KEY)
