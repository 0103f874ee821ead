"""Proxmox Backup Server integration against answers shaped by its 3.2 API types; dates the
behaviour depends on (fill estimate, task times) are set relative to now."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.proxmoxbackup import integration
from integrations.proxmoxbackup.client import ProxmoxBackupClient
from integrations.proxmoxbackup.definition import ProxmoxBackupDatastores, ProxmoxBackupTasks
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "proxmoxbackup"
SECRET = "d63e505a-e3ec-449a-9bc7-1da610d4ccde"
PASSWORD = "pbs-password-123"
BASE = "https://pbs.test:8007"
TICKET = ("POST", "/api2/json/access/ticket")
TASKS = ("GET", "/api2/json/nodes/localhost/tasks")
ROUTES: dict[tuple[str, str], Any] = {
    ("GET", "/api2/json/version"): "version",
    ("GET", "/api2/json/status/datastore-usage"): "datastore_usage",
    ("GET", "/api2/json/nodes/localhost/status"): "node_status",
}

MakeClient = Callable[..., ProxmoxBackupClient]

body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=(SECRET, PASSWORD))


def config(kind: str = "apiToken", secret: str | None = None) -> dict[str, Any]:
    if kind == "apiToken":
        creds = {
            "type": "apiToken",
            "user": "root@pam",
            "tokenId": "dash",
            "secret": secret or SECRET,
        }
    else:
        creds = {"type": "usernamePassword", "username": "root@pam", "password": secret or PASSWORD}
    return {"url": BASE, "credentials": creds}


def respond(name: str) -> httpx.Response:
    data = fixture(ID, name)
    response = response_of(data)
    if data["response"].get("reason"):
        response.extensions["reason_phrase"] = data["response"]["reason"].encode()
    return response


class FakePbs:
    """The proxy's authentication: the PBSAPIToken header (id and secret joined by a colon), or
    a ticket sent as the PBSAuthCookie cookie."""

    def __init__(self, **routes: Any) -> None:
        self.tasks_asked: list[dict[str, str]] = []
        self.upstream = FakeUpstream(
            ID,
            {**ROUTES, TICKET: self.login, TASKS: self.tasks, **routes},
            refuse=self.refuse,
            open_routes={TICKET},
        )
        self.failed = self.task_answer()

    @staticmethod
    def task_answer() -> dict[str, Any]:
        answer = copy.deepcopy(body("tasks_failed"))
        now = int(time.time())
        for n, task in enumerate(answer["data"]):
            task["starttime"] = now - 3600 * (n + 1)
            task["endtime"] = task["starttime"] + 60
        return answer

    def login(self, request: httpx.Request) -> httpx.Response:
        if parse_qs(request.content.decode()) != {"username": ["root@pam"], "password": [PASSWORD]}:
            return respond("unauthorized")
        return respond("access_ticket")

    def tasks(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        self.tasks_asked.append(params)
        if params.get("running") == "1":
            return httpx.Response(200, json={"data": [self.failed["data"][0] | {"status": None}]})
        return httpx.Response(200, json=self.failed)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        header = request.headers.get("authorization")
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        if header == f"PBSAPIToken=root@pam!dash:{SECRET}":
            return None
        ticket = fixture(ID, "access_ticket")["response"]["body"]["data"]["ticket"]
        if header is None and "PBSAuthCookie" in cookie and cookie["PBSAuthCookie"].value == ticket:
            return None
        return respond("unauthorized")


async def test_connection_with_a_token(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakePbs().upstream))
    assert info.version == "3.2" and info.details == {"release": "7"}


async def test_connection_with_a_password_uses_the_pbs_cookie(make_client: MakeClient) -> None:
    pbs = FakePbs()
    info = await integration.test_connection(make_client(pbs.upstream, "usernamePassword"))
    assert info.version == "3.2"
    assert pbs.upstream.calls[TICKET] == 1


async def test_datastores_fullest_first(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("datastore_usage"))
    full_at = int(time.time()) + 30 * 86400
    answer["data"][0]["estimated-full-date"] = full_at
    answer["data"][1]["estimated-full-date"] = int(time.time()) - 86400  # shrinking: none
    pbs = FakePbs(**{})
    pbs.upstream.route("GET", "/api2/json/status/datastore-usage", answer)
    payload = await integration.fetch_data(make_client(pbs.upstream), "datastores")
    assert isinstance(payload, ProxmoxBackupDatastores)
    offsite, local, usb = payload.datastores
    assert (offsite.name, offsite.used_percent, offsite.estimated_full) == ("offsite", 90.0, None)
    assert local.used_percent == 25.0
    assert local.estimated_full == datetime.fromtimestamp(full_at, UTC)
    assert usb.error == "datastore is not mounted" and usb.used_percent is None
    assert (payload.used_bytes, payload.total_bytes) == (3_850_000_000_000, 5_000_000_000_000)


async def test_node_as_system_resources(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(FakePbs().upstream), "node")
    assert isinstance(payload, SystemResources)
    assert (payload.cpu_percent, payload.load1, payload.uptime_seconds) == (7.31, 0.42, 864000)
    assert payload.memory_percent == round(2147483648 / 8331689984 * 100, 2)
    assert [d.mount for d in payload.disks] == ["/"]


async def test_failed_and_running_tasks(make_client: MakeClient) -> None:
    pbs = FakePbs()
    payload = await integration.fetch_data(make_client(pbs.upstream), "tasks")
    assert isinstance(payload, ProxmoxBackupTasks)
    assert (payload.failed, payload.running) == (2, 1)
    newest = payload.latest_failures[0]
    assert (newest.type, newest.target) == ("verificationjob", "local:v-1")
    assert newest.status is not None and "verification failed" in newest.status
    failed_query = next(q for q in pbs.tasks_asked if q.get("errors") == "1")
    assert abs(int(failed_query["since"]) - (int(time.time()) - 86400)) < 60


async def test_a_wrong_token_is_unauthorized_without_the_secret(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakePbs().upstream, "apiToken", "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "Proxmox Backup Server rejected the API token root@pam!dash" in caught.value.message
    assert_no_secret(caught.value, "wrong")


async def test_a_wrong_password_is_unauthorized(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(
            make_client(FakePbs().upstream, "usernamePassword", "wrong")
        )
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "Proxmox Backup Server rejected the username or password" in caught.value.message
    assert_no_secret(caught.value, "wrong")
