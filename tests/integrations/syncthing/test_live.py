"""Syncthing integration against the real Syncthing started on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.syncthing import integration
from integrations.syncthing.client import SyncthingClient
from integrations.syncthing.definition import SyncthingStatus
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG_KEY = "wrong-api-key"


def settings(svc: ServiceInfo, api_key: str | None = None) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": api_key or svc.password}}


def client_of(svc: ServiceInfo, api_key: str | None = None) -> SyncthingClient:
    client = integration.create_client(
        integration.config_model.model_validate(settings(svc, api_key))
    )
    assert isinstance(client, SyncthingClient)
    return client


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[SyncthingClient]:
    client = client_of(svc)
    yield client
    await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """Syncthing's own answers, fetched without Tilewire."""
    assert svc.password
    async with httpx.AsyncClient(
        base_url=svc.url, headers={"X-API-Key": svc.password}, trust_env=False, timeout=10
    ) as http:
        yield http


async def raw_json(raw: httpx.AsyncClient, path: str, **params: str) -> Any:
    response = await raw.get(path, params=params)
    response.raise_for_status()
    return response.json()


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "syncthing",
        settings(svc),
        version=svc.version,
        wrong_credentials=settings(svc, WRONG_KEY),
        secrets=(svc.password, WRONG_KEY),
    )
    status = payloads["status"]
    assert status["version"] == svc.version
    assert "folder1" in [f["id"] for f in status["folders"]]


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: SyncthingClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    version = await raw_json(raw, "/rest/system/version")
    assert info.version == svc.version == version["version"] == "v1.19.2-ds1"
    assert info.details["longVersion"] == version["longVersion"]


async def test_wrong_api_key_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(svc, WRONG_KEY)
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 403  # Syncthing's "CSRF Error"
    assert WRONG_KEY not in str(caught.value) + repr(caught.value)


async def test_status_matches_service(
    svc: ServiceInfo, client: SyncthingClient, raw: httpx.AsyncClient
) -> None:
    before = await raw_json(raw, "/rest/system/status")
    status = await integration.fetch_data(client, "status")
    after = await raw_json(raw, "/rest/system/status")
    connections = (await raw_json(raw, "/rest/system/connections"))["connections"]
    folders = await raw_json(raw, "/rest/config/folders")

    assert isinstance(status, SyncthingStatus)
    assert status.version == svc.version
    assert before["uptime"] <= status.uptime_seconds <= after["uptime"]
    assert status.device_id == before["myID"][:7]
    remote = {device: c for device, c in connections.items() if device != before["myID"]}
    assert status.devices_total == len(remote) >= 1  # run.sh adds a peer that never connects
    assert status.devices_connected == sum(c["connected"] for c in remote.values()) == 0
    assert status.devices_paused == sum(c["paused"] for c in remote.values())
    assert [f.id for f in status.folders] == [f["id"] for f in folders]
    assert status.folders_total == len(folders)
    for shown, folder in zip(status.folders, folders, strict=True):
        db = await raw_json(raw, "/rest/db/status", folder=folder["id"])
        completion = await raw_json(raw, "/rest/db/completion", folder=folder["id"])
        assert shown.label == (folder["label"] or folder["id"])
        assert shown.state == db["state"]
        assert shown.completion == completion["completion"]
        assert shown.need_bytes == db["needBytes"]
        assert shown.global_bytes == db["globalBytes"]
        assert shown.errors == db["errors"]
    folder1 = next(f for f in status.folders if f.id == "folder1")
    assert (folder1.state, folder1.completion, folder1.global_bytes) == ("idle", 100, 6)
    assert status.folders_in_error == 0
