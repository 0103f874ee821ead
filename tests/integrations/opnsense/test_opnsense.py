"""OPNsense integration against the answers of OPNsense 26.7.2's SystemController."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.opnsense import integration
from integrations.opnsense.client import OPNsenseClient
from integrations.opnsense.definition import OPNsenseSystem, uptime_seconds
from integrations.opnsense.models import human_bytes
from tests.integrations.upstream import FakeUpstream, needs_header, secret_check

ID = "opnsense"
KEY, SECRET = "fixture-opnsense-key", "fixture-opnsense-secret"
BASE = "https://fw.test"
BASIC = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()

MakeClient = Callable[..., OPNsenseClient]
assert_no_secret = secret_check(KEY, SECRET)


def config(secret: str = SECRET, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "apiKeySecret", "key": KEY, "secret": secret}}


def fake(**changes: Any) -> FakeUpstream:
    routes: dict[tuple[str, str], Any] = {
        ("GET", f"/api/diagnostics/system/{name}"): name
        for name in ("system_information", "system_time", "system_resources", "system_disk")
    }
    for name, value in changes.items():
        routes[("GET", f"/api/diagnostics/system/{name}")] = value
    return FakeUpstream(ID, routes, refuse=needs_header(ID, "authorization", BASIC, "unauthorized"))


async def test_system(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "system")
    assert isinstance(payload, OPNsenseSystem)
    assert (payload.hostname, payload.version) == ("fw.home.arpa", "OPNsense 26.7.2-amd64")
    assert payload.uptime_seconds == ((12 * 24 + 3) * 60 + 4) * 60 + 5
    assert (payload.load1, payload.load5, payload.load15) == (0.52, 0.61, 0.58)
    assert (payload.memory_used, payload.memory_total, payload.memory_percent) == (
        2**31,
        2**33,
        25.0,
    )
    root, efi = payload.disks
    assert (root.mount, root.used, root.total, root.percent) == ("/", 25 * 2**30, 100 * 2**30, 25.0)
    assert efi.mount == "/boot/efi"


async def test_unknown_values_are_empty(make_client: MakeClient) -> None:
    upstream = fake(
        system_time={"uptime": "00:05:00", "loadavg": "N/A"},
        system_resources={"memory": {"used": "N/A"}},
        system_disk={"devices": []},
    )
    payload = await integration.fetch_data(make_client(upstream), "system")
    assert isinstance(payload, OPNsenseSystem)
    assert payload.uptime_seconds == 300 and payload.load1 is None
    assert payload.memory_percent is None and payload.disks == []


@pytest.mark.parametrize(
    ("text", "seconds"), [("1 day, 00:00:01", 86401), ("3 Tage, 01:00:00", 262800), ("bogus", None)]
)
def test_uptime_in_any_language(text: str, seconds: int | None) -> None:
    assert uptime_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "size"),
    [("25G", 25 * 2**30), ("1.5M", int(1.5 * 2**20)), ("512B", 512), ("7", 7), ("?", None)],
)
def test_df_sizes(text: str, size: int | None) -> None:
    assert human_bytes(text) == size


async def test_a_wrong_secret_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "API keys" in caught.value.message
    assert_no_secret(caught.value, "wrong")


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "OPNsense 26.7.2-amd64" and info.details == {"host": "fw.home.arpa"}


async def test_not_opnsense_is_invalid(make_client: MakeClient) -> None:
    upstream = fake(system_information=httpx.Response(200, json=["not", "opnsense"]))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
