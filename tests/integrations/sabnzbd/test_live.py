"""SABnzbd integration against the real SABnzbd 3.7.1 started on loopback (sabnzbd/run.sh:
one paused job in the queue, one failed job in the history, a dead news server)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.sabnzbd import integration
from integrations.sabnzbd.client import SabnzbdClient
from integrations.sabnzbd.definition import state_of
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.live.specs.sabnzbd import API_KEY
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG_KEY = "wrong-api-key-0123456789abcdef"
FREE_SPACE_SLACK = 256 * 1024 * 1024  # other processes write to the same disk meanwhile
GIB = 1024**3


def config(svc: ServiceInfo, api_key: str = API_KEY) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": api_key}}


def client_of(svc: ServiceInfo, api_key: str = API_KEY) -> SabnzbdClient:
    client = integration.create_client(
        integration.config_model.model_validate(config(svc, api_key))
    )
    assert isinstance(client, SabnzbdClient)
    return client


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[SabnzbdClient]:
    client = client_of(svc)
    yield client
    await client.aclose()


async def raw(svc: ServiceInfo, mode: str, **params: str) -> Any:
    """SABnzbd's own answer, fetched without Tilewire."""
    query = {"mode": mode, "output": "json", "apikey": API_KEY, **params}
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        response = await http.get(f"{svc.url}/api", params=query)
    response.raise_for_status()
    return response.json()


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    payloads = await check_through_graphql(
        api,
        "sabnzbd",
        config(svc),
        version=svc.version,
        wrong_credentials=config(svc, WRONG_KEY),
        secrets=(API_KEY, WRONG_KEY),
    )
    assert payloads["status"]["paused"] == payloads["queue"]["total"] >= 1
    assert payloads["status"]["errored"] >= 1


async def test_connection_reports_service_version(svc: ServiceInfo, client: SabnzbdClient) -> None:
    info = await integration.test_connection(client)
    assert info.version == svc.version == (await raw(svc, "version"))["version"] == "3.7.1"


async def test_wrong_key_is_unauthorized_and_never_shown_or_logged(
    svc: ServiceInfo, caplog: pytest.LogCaptureFixture
) -> None:
    # What the integration logs; httpx logs whole request URLs at INFO, which the server
    # keeps out of its log (tests/app/test_server.py).
    caplog.set_level(logging.DEBUG, logger="integrations")
    client = client_of(svc, WRONG_KEY)
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        with pytest.raises(IntegrationError) as fetched:
            await integration.fetch_data(client, "status")
    finally:
        await client.aclose()
    for err in (caught.value, fetched.value):
        assert err.code is ErrorCode.UNAUTHORIZED
        assert err.status == 403  # SABnzbd 3.7: HTTP 403, text "API Key Incorrect"
        assert err.url == f"{svc.url}/api"
        for text in (str(err), repr(err), err.message):
            assert WRONG_KEY not in text
            assert API_KEY not in text
    assert WRONG_KEY not in caplog.text
    assert API_KEY not in caplog.text


async def test_status_matches_service(svc: ServiceInfo, client: SabnzbdClient) -> None:
    status = await integration.fetch_data(client, "status")
    queue = (await raw(svc, "queue"))["queue"]
    history = (await raw(svc, "history"))["history"]

    assert isinstance(status, DownloadClientStatus)
    states = [state_of(slot["status"]) for slot in queue["slots"]]
    finished = [slot["status"] for slot in history["slots"]]
    assert "Paused" in [slot["status"] for slot in queue["slots"]], "run.sh queues a paused job"
    assert "Failed" in finished, "run.sh lets a job fail"
    assert status.paused == states.count(DownloadState.PAUSED)
    assert status.downloading == states.count(DownloadState.DOWNLOADING)
    assert status.queued == states.count(DownloadState.QUEUED)
    assert status.errored == finished.count("Failed")
    assert status.completed == finished.count("Completed")
    assert status.total == len(queue["slots"]) + history["noofslots"]
    assert status.download_speed == round(float(queue["kbpersec"]) * 1024)
    assert status.download_limit == (int(queue["speedlimit_abs"]) or None)
    assert status.free_space is not None
    assert abs(status.free_space - float(queue["diskspace1"]) * GIB) < FREE_SPACE_SLACK
    assert status.version == queue["version"]


async def test_queue_matches_service(svc: ServiceInfo, client: SabnzbdClient) -> None:
    queue = await integration.fetch_data(client, "queue")
    slots = {slot["nzo_id"]: slot for slot in (await raw(svc, "queue"))["queue"]["slots"]}

    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(slots)
    assert {item.id for item in queue.items} == set(slots)
    for item in queue.items:
        slot = slots[item.id]
        assert item.name == slot["filename"]
        assert item.state is state_of(slot["status"])
        assert item.size == round(float(slot["mb"]) * 1024**2)
    paused = next(item for item in queue.items if item.name == "tilewire-paused")
    assert (paused.state, paused.progress, paused.eta_seconds) == (DownloadState.PAUSED, 0, None)
