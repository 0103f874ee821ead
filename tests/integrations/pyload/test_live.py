"""pyLoad integration against the real pyLoad-ng 0.5.0b3.dev101 started on loopback
(pyload/run.sh: a queued package whose link failed, a package in the collector).

pyLoad allows 100 API calls a minute per address: the module starts from a fresh pyLoad (the
counter lives in memory) and stays well below that.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.pyload import integration
from integrations.pyload.client import PyloadClient
from integrations.pyload.definition import COLLECTOR, link_state
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo, ensure_service, restart_service
from tests.live.specs.pyload import API_KEY
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG_KEY = "pl_19" + "x" * 43  # well-formed, for a key id that does not exist
FREE_SPACE_SLACK = 256 * 1024 * 1024  # other processes write to the same disk meanwhile


def key_config(svc: ServiceInfo, api_key: str = API_KEY) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": api_key}}


def password_config(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
    }


class CountingClient(PyloadClient):
    logins = 0

    async def login(self) -> None:
        self.logins += 1
        await super().login()


@pytest.fixture(scope="module")
def svc() -> ServiceInfo:
    restart_service("pyload")  # a fresh rate-limit counter for this module
    return ensure_service("pyload")


@pytest.fixture
async def connect() -> AsyncIterator[Any]:
    made: list[CountingClient] = []

    def make(config: dict[str, Any]) -> CountingClient:
        integration.load()  # as create_client does: the endpoints use client.py and models.py
        client = CountingClient(integration.config_model.model_validate(config))
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


async def raw(svc: ServiceInfo, method: str) -> Any:
    """pyLoad's own answer, fetched without Tilewire."""
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        response = await http.get(f"{svc.url}/api/{method}", headers={"X-API-Key": API_KEY})
    response.raise_for_status()
    return response.json()


@pytest.mark.parametrize("credentials", ["apiKey", "usernamePassword"])
async def test_through_graphql(api: Api, svc: ServiceInfo, credentials: str) -> None:
    assert svc.password is not None
    if credentials == "apiKey":
        config, wrong = key_config(svc), key_config(svc, WRONG_KEY)
        secrets: tuple[str, ...] = (API_KEY, WRONG_KEY)
    else:
        config, wrong = password_config(svc), password_config(svc, "wrong-password")
        secrets = (svc.password, "wrong-password")
    payloads = await check_through_graphql(
        api, "pyload", config, version=svc.version, wrong_credentials=wrong, secrets=secrets
    )
    assert payloads["status"]["errored"] >= 1
    assert COLLECTOR in [item["category"] for item in payloads["queue"]["items"]]


async def test_connection_reports_service_version(svc: ServiceInfo, connect: Any) -> None:
    for config in (key_config(svc), password_config(svc)):
        info = await integration.test_connection(connect(config))
        assert info.version == svc.version == await raw(svc, "get_server_version") == "0.5.0"


@pytest.mark.parametrize("key", [WRONG_KEY, "not-a-pyload-key"])
async def test_wrong_key_is_unauthorized(svc: ServiceInfo, connect: Any, key: str) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(connect(key_config(svc, key)))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert key not in str(caught.value) + repr(caught.value)


async def test_wrong_password_is_unauthorized(svc: ServiceInfo, connect: Any) -> None:
    client = connect(password_config(svc, "wrong-password"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 200  # pyLoad shows its login form again, with an error
    assert caught.value.message == "pyLoad rejected the username or password"
    assert "wrong-password" not in str(caught.value) + repr(caught.value)
    assert client.logins == 1


async def test_status_matches_service(svc: ServiceInfo, connect: Any) -> None:
    status = await integration.fetch_data(connect(key_config(svc)), "status")
    server = await raw(svc, "status_server")
    queue = await raw(svc, "get_queue_data")
    free = await raw(svc, "free_space")

    assert isinstance(status, DownloadClientStatus)
    states = [
        link_state(link["status"], downloads_on=server["download"])
        for package in queue
        for link in package["links"]
    ]
    assert status.total == server["total"] == len(states) >= 1
    assert status.downloading == server["active"] == states.count(DownloadState.DOWNLOADING)
    assert status.errored == states.count(DownloadState.ERROR) >= 1, "run.sh queues a dead link"
    assert status.completed == server["total"] - server["queue"]
    assert status.queued == states.count(DownloadState.QUEUED)
    assert status.download_speed == server["speed"]
    assert status.free_space is not None
    assert abs(status.free_space - free) < FREE_SPACE_SLACK


async def test_queue_matches_service(svc: ServiceInfo, connect: Any) -> None:
    queue = await integration.fetch_data(connect(key_config(svc)), "queue")
    queued = {str(p["pid"]): p for p in await raw(svc, "get_queue_data")}
    collected = {str(p["pid"]): p for p in await raw(svc, "get_collector")}

    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(queued) + len(collected)
    for item in queue.items:
        package = queued.get(item.id) or collected[item.id]
        assert item.name == package["name"]
        assert item.size == (package["sizetotal"] or 0)
        assert item.category == (COLLECTOR if item.id in collected else None)
    states = {item.name: item.state for item in queue.items}
    assert states["tilewire-failed"] is DownloadState.ERROR
    assert states["tilewire-collector"] is DownloadState.PAUSED


async def test_session_reused_survives_restart_and_is_renewed_once(
    svc: ServiceInfo, connect: Any
) -> None:
    client = connect(password_config(svc))
    await integration.test_connection(client)
    await integration.fetch_data(client, "status")
    await integration.fetch_data(client, "queue")
    assert client.logins == 1

    # pyLoad keeps sessions on disk: a restart does not end them.
    restart_service("pyload")
    await integration.fetch_data(client, "status")
    assert client.logins == 1

    # Logged out elsewhere (same cookie): pyLoad now answers 401 "Invalid API credentials".
    cookies = {name: value for name, value in client.http.cookies.items()}
    async with httpx.AsyncClient(trust_env=False, timeout=10, cookies=cookies) as http:
        assert (await http.get(f"{svc.url}/logout")).status_code == 200
        gone = await http.get(f"{svc.url}/api/status_server")
    assert (gone.status_code, gone.json()) == (401, {"error": "Invalid API credentials"})

    status = await integration.fetch_data(client, "status")
    assert status.total >= 1
    assert client.logins == 2
    await integration.fetch_data(client, "queue")
    assert client.logins == 2
