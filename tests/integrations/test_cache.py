"""The in-process cache backend and the hub's bookkeeping, without any network."""

from __future__ import annotations

import logging

import httpx
import pytest

from integrations.base import ServiceClient
from integrations.cache import CacheEntry, CacheKey, MemoryBackend
from integrations.config import ServiceConfig
from integrations.errors import IntegrationError


def entry(n: int) -> CacheEntry:
    return CacheEntry(None, float(n), float(n) + 10)


async def test_memory_backend_is_capped_least_recently_used_first() -> None:
    backend = MemoryBackend(max_entries=3)
    keys = [CacheKey("app", f"e{n}", "fp") for n in range(4)]
    for n, key in enumerate(keys[:3]):
        await backend.set(key, entry(n))
    assert await backend.get(keys[0]) is not None  # now the most recently used
    await backend.set(keys[3], entry(3))
    assert len(backend) == 3
    assert await backend.get(keys[1]) is None  # evicted
    assert await backend.get(keys[0]) is not None


async def test_invalidate_app_drops_every_key_of_that_app_only() -> None:
    backend = MemoryBackend()
    await backend.set(CacheKey("a", "x", "1"), entry(1))
    await backend.set(CacheKey("a", "y", "2"), entry(2))
    await backend.set(CacheKey("b", "x", "1"), entry(3))
    await backend.invalidate_app("a")
    assert len(backend) == 1 and await backend.get(CacheKey("b", "x", "1")) is not None


async def test_secret_in_query_string_is_not_logged_or_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "query-secret-0b7f"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="down")

    config = ServiceConfig.model_validate({"url": "http://service.test"})
    client = ServiceClient(config, transport=httpx.MockTransport(handler))
    with (
        caplog.at_level(logging.DEBUG, logger="integrations"),
        pytest.raises(IntegrationError) as caught,
    ):
        await client.request("GET", "api", params={"apikey": secret})
    assert secret not in str(caught.value) and secret not in repr(caught.value)
    assert caught.value.url == "http://service.test/api"
    assert secret not in caplog.text


@pytest.mark.parametrize("integration_id", ["qbittorrent", "deluge", "nodered"])
def test_session_clients_export_what_they_import(integration_id: str) -> None:
    """A session another process stored is the one this client then sends."""
    from integrations.registry import registry

    integration = registry.get(integration_id)
    config = integration.config_model.model_validate(
        {"url": "http://service.test", "credentials": {"username": "u", "password": "p"}}
        if integration_id != "deluge"
        else {"url": "http://service.test", "credentials": {"password": "p"}}
    )
    one, two = integration.create_client(config), integration.create_client(config)
    assert one.uses_session
    if integration_id == "qbittorrent":
        one.http.cookies.set("SID", "shared-session", domain="service.test", path="/")
    elif integration_id == "deluge":
        one.session_id = "shared-session"  # type: ignore[attr-defined]
    else:
        one.token = "shared-session"  # type: ignore[attr-defined]
    two.import_session(one.export_session())
    request = two.http.build_request("GET", "api", headers=two.default_headers())
    sent = str(dict(request.headers)) + str(two.http.cookies.get("SID"))
    assert "shared-session" in sent


def test_entries_survive_the_shared_encoding_with_errors_and_certificates() -> None:
    from datetime import UTC, datetime

    from integrations.cache import decode_entry, encode_entry
    from integrations.capabilities import DownloadClientStatus
    from integrations.errors import CertificateInfo, ErrorCode

    payload = DownloadClientStatus.from_states([], download_speed=5_000_000_000, upload_speed=1)
    cert = CertificateInfo(
        "CN=a", "CN=b", datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC), "AB:CD"
    )
    error = IntegrationError(
        ErrorCode.TLS_UNTRUSTED, "not trusted", status=None, url="https://h/x", certificate=cert
    )
    entry = CacheEntry(payload, 1.0, 2.0, error, 3.0)
    decoded = decode_entry(encode_entry(entry), lambda name: DownloadClientStatus)
    assert decoded.payload == payload
    assert (decoded.fetched_at, decoded.expires_at, decoded.good_until) == (1.0, 2.0, 3.0)
    assert decoded.error is not None and decoded.error.code is ErrorCode.TLS_UNTRUSTED
    assert decoded.error.certificate == cert and decoded.error.url == "https://h/x"


async def test_request_urls_are_resolved_once_per_client_and_exactly_as_httpx_does() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    config = ServiceConfig.model_validate({"url": "http://service.test/sub/"})
    client = ServiceClient(config, transport=httpx.MockTransport(handler))
    for _ in range(2):
        await client.request("GET", "/api/v1/query", params={"query": "up{job='a b'}"})
    await client.request("GET", "api/v1/query", params={"query": "other"})
    await client.request("GET", "api/list", params={"id": [1, 2]})  # a list: not cached
    await client.request("GET", "api/list", params={"id": [3]})
    assert seen == [
        "http://service.test/sub/api/v1/query?query=up%7Bjob%3D%27a+b%27%7D",
        "http://service.test/sub/api/v1/query?query=up%7Bjob%3D%27a+b%27%7D",
        "http://service.test/sub/api/v1/query?query=other",
        "http://service.test/sub/api/list?id=1&id=2",
        "http://service.test/sub/api/list?id=3",
    ]
    assert len(client._urls) == 2
