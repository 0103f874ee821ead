"""HDHomeRun integration against the answers of the HDHomeRun HTTP Development Guide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.hdhomerun import integration
from integrations.hdhomerun.client import HdhomerunClient
from integrations.hdhomerun.definition import HdhomerunStatus
from tests.integrations.upstream import FakeUpstream

ID = "hdhomerun"
BASE = "http://hdhomerun.test"

MakeClient = Callable[..., HdhomerunClient]


def config(url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "none"}}


def fake(**routes: Any) -> FakeUpstream:
    answers = {"discover.json": "discover", "lineup.json": "lineup", "status.json": "tuner_status"}
    answers.update(routes)
    return FakeUpstream(
        ID, {("GET", f"/{path}"): value for path, value in answers.items() if value is not None}
    )


async def status(client: HdhomerunClient) -> HdhomerunStatus:
    payload = await integration.fetch_data(client, "status")
    assert isinstance(payload, HdhomerunStatus)
    return payload


async def test_status(make_client: MakeClient) -> None:
    payload = await status(make_client(fake()))
    assert (payload.name, payload.model, payload.firmware, payload.tuner_count) == (
        "HDHomeRun FLEX 4K",
        "HDFX-4K",
        "20250623",
        4,
    )
    assert (payload.channels, payload.hd_channels, payload.favorite_channels) == (3, 2, 2)
    assert payload.tuners_in_use == 1
    busy, *idle = payload.tuners
    assert (busy.channel, busy.channel_name, busy.signal_strength_percent, busy.client) == (
        "4.1",
        "WCMH-DT",
        92,
        "192.168.1.20",
    )
    assert [t.in_use for t in idle] == [False, False, False]


async def test_without_tuner_status(make_client: MakeClient) -> None:
    payload = await status(make_client(fake(**{"status.json": None})))
    assert payload.tuners_in_use is None and payload.tuners == []
    assert payload.channels == 3


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "20250623"
    assert info.details == {"device": "HDHomeRun FLEX 4K", "model": "HDFX-4K"}


async def test_not_a_tuner_is_invalid(make_client: MakeClient) -> None:
    upstream = fake(**{"lineup.json": httpx.Response(200, json={"channels": []})})
    with pytest.raises(IntegrationError) as caught:
        await status(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
