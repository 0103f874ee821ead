"""End to end through Tilewire's GraphQL API against the real services on loopback: create the
App, test the connection (right and wrong credentials, wrong port), and read every endpoint."""

from __future__ import annotations

import pytest

from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo, ensure_service
from tests.support.api import Api

pytestmark = pytest.mark.live

LIVE_SERVICES = ("qbittorrent", "transmission", "prometheus")
"""The real services this module needs, started in the background at the session's start."""


def with_password(svc: ServiceInfo, password: str | None = None) -> dict[str, object]:
    return {
        "url": svc.url,
        "credentials": {"username": svc.username, "password": password or svc.password},
    }


@pytest.mark.parametrize("integration_type", ["qbittorrent", "transmission"])
async def test_download_clients(api: Api, integration_type: str) -> None:
    svc = ensure_service(integration_type)
    assert svc.password is not None
    payloads = await check_through_graphql(
        api,
        integration_type,
        with_password(svc),
        version=svc.version,
        wrong_credentials=with_password(svc, "wrong-password"),
        secrets=(svc.password, "wrong-password"),
    )
    assert payloads["status"]["total"] == payloads["torrents"]["total"] >= 1


async def test_prometheus(api: Api) -> None:
    svc = ensure_service("prometheus")
    # Prometheus has no authentication of its own: wrong credentials cannot be refused.
    payloads = await check_through_graphql(api, "prometheus", {"url": svc.url}, version=svc.version)
    assert any(
        {"name": "job", "value": "prometheus"} in sample["labels"]
        for sample in payloads["query"]["samples"]
    )
