"""What the shared HTTP layer does with an upstream that misbehaves on purpose, on real loopback
sockets: redirects that would take credentials to another origin, redirect loops, bodies far
over the cap (with a length, chunked, a gzip bomb), oversized headers, a body that drips."""

from __future__ import annotations

import gc
import logging
import time
import tracemalloc
from collections.abc import AsyncIterator
from typing import Any

import pytest

from integrations.base import MAX_REDIRECTS, ServiceClient
from integrations.bodies import DEFAULT_MAX_RESPONSE_BYTES, LIMIT_SETTING
from integrations.config import ApiKey, ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.hub import DataHub, Target
from tests.support.demo import demo
from tests.support.hostile_upstream import HostileUpstream, hostile_pair

API_KEY = "hostile-test-key-4c1a"
PASSWORD = "hostile-test-password-93be"
MiB = 1 << 20


class KeyClient(ServiceClient):
    api_key_header = "X-Api-Key"


@pytest.fixture
async def upstreams() -> AsyncIterator[tuple[HostileUpstream, HostileUpstream]]:
    async with hostile_pair() as pair:
        yield pair


def client_for(
    url: str, client_class: type[ServiceClient] = KeyClient, **kwargs: Any
) -> ServiceClient:
    config = ServiceConfig.model_validate(
        {"url": url, "timeout": kwargs.pop("timeout", 10)}
    ).model_copy(update={"credentials": ApiKey(api_key=API_KEY)})
    return client_class(config, **kwargs)


async def failure(
    client: ServiceClient, method: str = "GET", path: str = "api", **kwargs: Any
) -> IntegrationError:
    try:
        with pytest.raises(IntegrationError) as caught:
            await client.send(method, path, **kwargs)
    finally:
        await client.aclose()
    for text in (str(caught.value), repr(caught.value), caught.value.url or ""):
        assert API_KEY not in text and PASSWORD not in text, text
    return caught.value


# --- redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirect_to_another_origin_is_refused_and_nothing_reaches_it(
    upstreams: tuple[HostileUpstream, HostileUpstream], status: int
) -> None:
    first, away = upstreams
    away_port = away.url.rsplit(":", 1)[1]
    first.away = f"http://someone:userinfo-secret@127.0.0.1:{away_port}"
    client = client_for(f"{first.url}/away-{status}")
    error = await failure(
        client,
        "POST",
        "login",
        data={"username": "admin", "password": PASSWORD},
        params={"sig": "query-secret"},
    )
    assert error.code is ErrorCode.REDIRECT_REFUSED, error
    assert error.status == status
    assert f"redirected to http://127.0.0.1:{away_port}/login," in error.message
    assert "query-secret" not in error.message and "userinfo-secret" not in error.message
    assert f"{first.url}/away-{status}/" in error.message  # the App's own address
    assert len(first.received) == 1 and first.received[0].carries(PASSWORD)
    assert away.received == []  # neither the key nor the password left the App's origin


async def test_a_redirect_to_https_on_the_same_host_is_another_origin(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    first.away = first.url.replace("http://", "https://")
    error = await failure(client_for(f"{first.url}/away-302"))
    assert error.code is ErrorCode.REDIRECT_REFUSED
    assert "change the App's URL" in error.message


@pytest.mark.parametrize(
    ("status", "method"), [(301, "GET"), (302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")]
)
async def test_a_redirect_within_the_origin_is_followed_like_a_browser(
    upstreams: tuple[HostileUpstream, HostileUpstream], status: int, method: str
) -> None:
    first, _ = upstreams
    client = client_for(f"{first.url}/same-{status}")
    try:
        response = await client.send("POST", "form", data={"password": PASSWORD})
    finally:
        await client.aclose()
    echoed = response.json()
    assert response.status_code == 200 and echoed["path"] == "/ok/form"
    assert echoed["method"] == method
    assert echoed["headers"]["x-api-key"] == API_KEY  # same origin: the credentials go along
    assert (PASSWORD in echoed["body"]) == (method == "POST")
    assert [hop.status_code for hop in response.history] == [status]
    assert len(first.received) == 2


async def test_a_redirect_loop_is_too_many_redirects_and_bounded(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    error = await failure(client_for(f"{first.url}/loop"), params={"q": "1"})
    assert error.code is ErrorCode.TOO_MANY_REDIRECTS, error
    assert "redirects in a loop: /loop/api -> /loop/api" in error.message
    assert len(first.received) == MAX_REDIRECTS + 1


async def test_a_long_redirect_chain_is_too_many_redirects(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    error = await failure(client_for(f"{first.url}/chain"))
    assert error.code is ErrorCode.TOO_MANY_REDIRECTS, error
    assert f"more than {MAX_REDIRECTS} times (last to http://127.0.0.1:" in error.message
    assert len(first.received) == MAX_REDIRECTS + 1


# --- bodies ------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["big-length", "big-chunked"])
async def test_a_body_over_the_cap_is_refused(
    upstreams: tuple[HostileUpstream, HostileUpstream], scenario: str
) -> None:
    first, _ = upstreams
    error = await failure(client_for(f"{first.url}/{scenario}"))
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE, error
    assert "at most 4 MiB" in error.message and LIMIT_SETTING in error.message
    if scenario == "big-length":
        assert "this one is 476.8 MiB" in error.message  # refused from Content-Length alone


async def test_a_gzip_bomb_is_refused_without_inflating_it(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    client = client_for(f"{first.url}/gzip-bomb", max_response_bytes=MiB)
    tracemalloc.start()
    try:
        error = await failure(client, params={"size": 256 * MiB})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE, error
    assert "at most 1 MiB" in error.message
    # a 64 KiB read of this bomb inflates to 64 MiB in one go when decoded unbounded
    assert peak < 8 * MiB, f"{peak / MiB:.1f} MiB allocated at the peak"


async def test_a_compressed_body_under_the_cap_is_decoded(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    client = client_for(f"{first.url}/gzip-bomb")
    try:
        response = await client.send("GET", "api", params={"size": 2 * MiB})
    finally:
        await client.aclose()
    assert response.content == bytes(2 * MiB)
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == str(2 * MiB)


@pytest.mark.parametrize("how", ["gzip", "deflate", "rawdeflate", "gzip.gzip"])
async def test_every_encoding_asked_for_is_decoded(
    upstreams: tuple[HostileUpstream, HostileUpstream], how: str
) -> None:
    first, _ = upstreams
    client = client_for(f"{first.url}/encoded-{how}")
    try:
        response = await client.send("GET", "api")
    finally:
        await client.aclose()
    assert response.json() == {"ok": True}
    assert first.received[0].headers["accept-encoding"] == "gzip, deflate"


async def test_a_body_that_is_not_what_its_encoding_says_is_invalid_response(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    error = await failure(client_for(f"{first.url}/encoded-badgzip"))
    assert error.code is ErrorCode.INVALID_RESPONSE, error
    assert "not valid gzip data" in error.message


async def test_an_integration_may_declare_a_larger_cap(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams

    class BigAnswers(KeyClient):
        large_response_bytes = 8 * MiB

    size = 6 * MiB
    client = client_for(f"{first.url}/big-chunked", BigAnswers)
    assert client.response_limit == 8 * MiB
    try:
        response = await client.send("GET", "api", params={"size": size})
    finally:
        await client.aclose()
    assert len(response.content) == size
    # the configured cap applies where it is the larger
    assert client_for(first.url, BigAnswers, max_response_bytes=16 * MiB).response_limit == 16 * MiB
    assert client_for(first.url).response_limit == DEFAULT_MAX_RESPONSE_BYTES


async def test_huge_response_headers_are_response_too_large(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    error = await failure(client_for(f"{first.url}/huge-headers"))
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE, error
    assert "response headers are larger than 100 KiB" in error.message


async def test_a_dripping_body_ends_at_the_total_timeout(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    started = time.monotonic()
    error = await failure(client_for(f"{first.url}/slow-drip", timeout=1.5))
    assert error.code is ErrorCode.TIMEOUT, error
    assert time.monotonic() - started < 3.0


# --- reported once, without a traceback --------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "code"),
    [
        ("loop", ErrorCode.TOO_MANY_REDIRECTS),
        ("away-307", ErrorCode.REDIRECT_REFUSED),
        ("big-chunked", ErrorCode.RESPONSE_TOO_LARGE),
        ("huge-headers", ErrorCode.RESPONSE_TOO_LARGE),
    ],
)
async def test_each_failure_is_logged_once_without_a_traceback(
    upstreams: tuple[HostileUpstream, HostileUpstream],
    caplog: pytest.LogCaptureFixture,
    scenario: str,
    code: ErrorCode,
) -> None:
    first, _ = upstreams
    config = demo.config_model.model_validate(
        {"url": f"{first.url}/{scenario}", "credentials": {"apiKey": API_KEY}}
    )
    hub = DataHub(max_response_bytes=MiB)
    target = Target("app-1", demo, config, "fingerprint")
    try:
        with caplog.at_level(logging.INFO):
            for _ in range(3):
                data = await hub.get(target, "reading", force=True)
                assert data.error is not None and data.error.code is code, data.error
    finally:
        await hub.aclose()
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].levelno == logging.WARNING and records[0].exc_info is None
    assert code in records[0].getMessage() and API_KEY not in caplog.text


def test_the_hub_gives_its_cap_to_every_client() -> None:
    config = demo.config_model.model_validate(
        {"url": "http://127.0.0.1:9", "credentials": {"apiKey": API_KEY}}
    )
    hub = DataHub(max_response_bytes=3 * MiB)
    assert hub.client(Target("a", demo, config, "f")).response_limit == 3 * MiB


async def test_a_credential_that_would_inject_a_header_is_invalid_config(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    first, _ = upstreams
    config = ServiceConfig.model_validate({"url": f"{first.url}/ok"}).model_copy(
        update={"credentials": ApiKey(api_key=f"{API_KEY}\r\nX-Injected: 1")}
    )
    error = await failure(KeyClient(config))
    assert error.code is ErrorCode.INVALID_CONFIG, error
    assert "stray characters" in error.message
    assert first.received == []  # h11 refused to send it


async def test_a_cached_failure_does_not_keep_the_refused_body(
    upstreams: tuple[HostileUpstream, HostileUpstream],
) -> None:
    """A failure is cached for seconds, and was raised from frames that held the body read so
    far; the refused response held its connection and what that had buffered. Collections of
    cycles are rare in a server: twenty refusals must keep next to nothing without one."""
    first, _ = upstreams
    config = demo.config_model.model_validate(
        {"url": f"{first.url}/big-chunked", "credentials": {"apiKey": API_KEY}}
    )
    hub = DataHub(max_response_bytes=MiB)
    target = Target("app-1", demo, config, "fingerprint")
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        for _ in range(20):
            data = await hub.get(target, "reading", force=True)
            assert data.error is not None and data.error.code is ErrorCode.RESPONSE_TOO_LARGE
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
        await hub.aclose()
    assert kept < MiB, f"{kept / MiB:.2f} MiB kept after twenty refused bodies of 1 MiB"
