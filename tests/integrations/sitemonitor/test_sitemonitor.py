"""Site monitor against answers recorded from a local test server (fixtures), and against real
servers on 127.0.0.1 started here, with certificates made here (valid, expiring, expired, for
another host)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from integrations.addresses import DEFAULT_POLICY, AddressPolicy
from integrations.errors import ErrorCode, IntegrationError
from integrations.hub import DataHub, Target
from integrations.registry import registry
from integrations.shared import RedisBackend
from integrations.sitemonitor import integration
from integrations.sitemonitor.client import EXPIRY_WARNING_DAYS, HISTORY, SiteMonitorClient
from integrations.sitemonitor.definition import SiteMonitorSettings, SiteMonitorStatus
from tests.integrations.upstream import FakeUpstream, fixture_body
from tests.live.graphql import check_through_graphql
from tests.support.api import Api
from tests.support.certs import Cert, make_cert
from tests.support.redis_server import redis_server
from tests.support.server import free_port

ID = "sitemonitor"
BASE = "http://site.test"
PAGE = ("GET", "/")

MakeClient = Callable[..., SiteMonitorClient]
body = partial(fixture_body, ID)


def config(url: str = BASE, **extra: Any) -> dict[str, Any]:
    return {"url": url, "timeout": 5, "credentials": {"type": "none"}, "extra": extra}


def fake(answer: str = "status") -> FakeUpstream:
    return FakeUpstream(ID, {PAGE: answer})


async def status(client: SiteMonitorClient) -> SiteMonitorStatus:
    payload = await integration.fetch_data(client, "status")
    assert isinstance(payload, SiteMonitorStatus)
    return payload


# --- fixtures: answers recorded from the local test server --------------------------------


async def test_status_of_a_page_that_answers(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await status(make_client(upstream))
    assert payload.up and payload.check == "http"
    assert payload.status_code == 200
    assert payload.reason is None and payload.reason_code is None
    assert payload.latency_ms >= 0
    assert (payload.uptime_percent, payload.checks) == (100.0, 1)
    assert payload.certificate_days_left is None  # plain HTTP: no certificate
    assert upstream.calls[PAGE] == 1


async def test_connection_reports_the_status(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version is None
    assert dict(info.details)["status"] == "200"


async def test_a_server_error_is_down_with_its_reason(make_client: MakeClient) -> None:
    client = make_client(fake("unavailable"))
    payload = await status(client)
    assert not payload.up
    assert payload.status_code == 503
    assert payload.reason_code == ErrorCode.UPSTREAM_ERROR
    assert payload.reason
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR and caught.value.status == 503


async def test_expected_statuses_decide(make_client: MakeClient) -> None:
    assert (await status(make_client(fake("unavailable"), expectedStatuses="200, 500-503"))).up
    wrong = await status(make_client(fake(), expectedStatuses="204"))
    assert not wrong.up and wrong.status_code == 200
    assert wrong.reason_code == ErrorCode.INVALID_RESPONSE
    assert wrong.reason is not None and "not one of 204" in wrong.reason


async def test_body_text_and_regex(make_client: MakeClient) -> None:
    assert "Welcome home" in body("status")
    assert (await status(make_client(fake(), bodyMatch="Welcome home"))).up
    assert (await status(make_client(fake(), bodyMatch=r"build \d+\.\d+", bodyIsRegex=True))).up
    missing = await status(make_client(fake(), bodyMatch="Goodbye"))
    assert not missing.up and missing.reason_code == ErrorCode.INVALID_RESPONSE
    assert missing.reason is not None and "does not contain" in missing.reason
    mismatch = await status(make_client(fake(), bodyMatch=r"build \d+-rc", bodyIsRegex=True))
    assert not mismatch.up
    assert mismatch.reason is not None and "does not match" in mismatch.reason


async def test_uptime_counts_the_last_checks_only(make_client: MakeClient) -> None:
    client = make_client(fake())
    for _ in range(HISTORY + 5):
        payload = await status(client)
    assert (payload.uptime_percent, payload.checks) == (100.0, HISTORY)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"expectedStatuses": "200-"}, "expectedStatuses"),
        ({"expectedStatuses": "299-200"}, "expectedStatuses"),
        ({"expectedStatuses": "700"}, "expectedStatuses"),
        ({"bodyMatch": "([unclosed", "bodyIsRegex": True}, "bodyMatch"),
        ({"bodyMatch": "x" * 501}, "bodyMatch"),
        ({"check": "icmp"}, "check"),
        ({"method": "POST"}, "method"),
        ({"tcpPort": 70000}, "tcpPort"),
    ],
)
def test_settings_are_validated_field_by_field(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(**extra))
    assert [e["loc"][:2] for e in caught.value.errors()] == [("extra", field)]


async def test_a_bad_regex_is_fine_as_plain_text(make_client: MakeClient) -> None:
    checked = integration.config_model.model_validate(config(bodyMatch="([unclosed"))
    assert checked.extra == SiteMonitorSettings(body_match="([unclosed")
    payload = await status(make_client(fake(), bodyMatch="([unclosed"))
    assert not payload.up and payload.reason is not None and "([unclosed" in payload.reason


# --- real servers on 127.0.0.1 -----------------------------------------------------------


@dataclass
class Site:
    """What the local server answers."""

    status: int = 200
    page: bytes = b"<html><body>all good</body></html>"
    requests: int = 0


@contextlib.asynccontextmanager
async def serving(site: Site, cert: Cert | None = None) -> AsyncIterator[int]:
    """A minimal HTTP/1.1 server on 127.0.0.1 (TLS with ``cert``); yields its port."""
    context: ssl.SSLContext | None = None
    if cert is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert.certfile, cert.keyfile)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(5):
                head = await reader.readuntil(b"\r\n\r\n")
            site.requests += 1
            content = b"" if head.startswith(b"HEAD") else site.page
            writer.write(
                b"HTTP/1.1 %d Status\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n%s" % (site.status, len(site.page), content)
            )
            await writer.drain()
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def real() -> AsyncIterator[Callable[..., SiteMonitorClient]]:
    """Clients connecting for real, through the transport and policy a server gives them."""
    made: list[SiteMonitorClient] = []

    def make(data: dict[str, Any], policy: AddressPolicy = DEFAULT_POLICY) -> SiteMonitorClient:
        client = integration.create_client(
            integration.config_model.model_validate(data), addresses=policy
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


async def test_a_valid_certificate_with_timings(real: MakeClient, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "valid", valid_days=90)
    async with serving(Site(), cert) as port:
        payload = await status(real({**config(f"https://localhost:{port}/"), "caBundle": cert.pem}))
    assert payload.up and payload.status_code == 200, payload.reason
    assert payload.dns_ms is not None  # a name: resolved, timed
    for step in (payload.connect_ms, payload.tls_ms, payload.first_byte_ms):
        assert step is not None and 0 <= step <= payload.latency_ms
    assert payload.certificate_subject == "CN=tilewire-test-valid"
    assert payload.certificate_issuer == "CN=tilewire-test-valid"
    assert payload.certificate_days_left is not None and payload.certificate_days_left >= 89
    assert payload.warning is None


async def test_each_check_makes_a_new_connection(real: MakeClient, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "again")
    async with serving(Site(), cert) as port:
        client = real({**config(f"https://127.0.0.1:{port}"), "caBundle": cert.pem})
        await status(client)
        again = await status(client)
    assert again.tls_ms is not None and again.certificate_subject == "CN=tilewire-test-again"
    assert again.dns_ms is None  # an address: nothing to resolve


async def test_an_expiring_certificate_is_a_warning(real: MakeClient, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "expiring", valid_days=5)
    async with serving(Site(), cert) as port:
        payload = await status(real({**config(f"https://127.0.0.1:{port}"), "caBundle": cert.pem}))
    assert payload.up
    assert payload.certificate_days_left in (4, 5)
    assert payload.certificate_days_left < EXPIRY_WARNING_DAYS
    assert payload.warning is not None and "expires in" in payload.warning


async def test_an_expired_certificate_is_down(real: MakeClient, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "expired", expired=True)
    site = Site()
    async with serving(site, cert) as port:
        client = real({**config(f"https://127.0.0.1:{port}"), "caBundle": cert.pem})
        payload = await status(client)
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        unverified = await status(real({**config(f"https://127.0.0.1:{port}"), "verifyTls": False}))
    assert not payload.up and payload.reason_code == ErrorCode.TLS_EXPIRED
    assert payload.certificate_subject == "CN=tilewire-test-expired"
    assert payload.certificate_days_left is not None and payload.certificate_days_left < 0
    assert caught.value.code is ErrorCode.TLS_EXPIRED
    # verification off (the user's choice): up, and the expiry said as a warning
    assert unverified.up and unverified.warning is not None and "expired" in unverified.warning
    assert site.requests == 1  # nothing sent over the connections that failed verification


async def test_a_certificate_for_another_host_is_down(real: MakeClient, tmp_path: Path) -> None:
    cert = make_cert(tmp_path, "other", hosts=("other.example",))
    async with serving(Site(), cert) as port:
        payload = await status(real({**config(f"https://127.0.0.1:{port}"), "caBundle": cert.pem}))
    assert not payload.up and payload.reason_code == ErrorCode.TLS_HOSTNAME_MISMATCH


async def test_a_closed_port_is_down(real: MakeClient) -> None:
    client = real(config(f"http://127.0.0.1:{free_port()}"))
    payload = await status(client)
    assert not payload.up and payload.reason_code == ErrorCode.CONNECTION_REFUSED
    assert payload.status_code is None
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.CONNECTION_REFUSED


async def test_an_unexpected_status_and_body_are_down(real: MakeClient) -> None:
    site = Site(status=404)
    async with serving(site) as port:
        url = f"http://127.0.0.1:{port}"
        missing = await status(real(config(url)))
        site.status = 200
        mismatch = await status(real(config(url, bodyMatch=r"^all\s+bad", bodyIsRegex=True)))
        head = await status(real(config(url, method="HEAD", bodyMatch="never there")))
    assert not missing.up and missing.status_code == 404
    assert missing.reason_code == ErrorCode.NOT_FOUND
    assert not mismatch.up and mismatch.reason_code == ErrorCode.INVALID_RESPONSE
    assert head.up  # HEAD has no body to check


async def test_uptime_after_ups_and_downs(real: MakeClient) -> None:
    site = Site()
    async with serving(site) as port:
        client = real(config(f"http://127.0.0.1:{port}"))
        for answer in (200, 200, 500, 200):
            site.status = answer
            payload = await status(client)
    assert (payload.uptime_percent, payload.checks) == (75.0, 4)


async def test_processes_sharing_redis_count_each_others_checks(tmp_path: Path) -> None:
    """Two hubs on one Redis stand for two processes: the uptime counts every check made by
    either, and a process whose Redis is gone counts its own."""
    site = Site()
    with redis_server(tmp_path) as redis:
        backends = [RedisBackend(redis.url, registry.payload_model, prefix="t") for _ in "ab"]
        hubs = [DataHub(backend, cluster=backend) for backend in backends]
        async with serving(site) as port:
            app = Target(
                "app-1",
                integration,
                integration.config_model.model_validate(config(f"http://127.0.0.1:{port}")),
                "fp1",
            )
            seen = []
            for answer, hub in zip((200, 500, 200, 200), hubs * 2, strict=True):
                site.status = answer
                data = await hub.get(app, "status", force=True)
                assert isinstance(data.payload, SiteMonitorStatus)
                seen.append((data.payload.uptime_percent, data.payload.checks))
            assert seen == [(100.0, 1), (50.0, 2), (66.67, 3), (75.0, 4)]
            redis.stop()
            alone = await hubs[0].get(app, "status", force=True)
        for hub in hubs:
            await hub.aclose()
    assert isinstance(alone.payload, SiteMonitorStatus)
    assert (alone.payload.uptime_percent, alone.payload.checks) == (100.0, 3)  # its own three


async def test_tcp_check(real: MakeClient) -> None:
    async with serving(Site()) as port:
        up = await status(real(config(f"http://127.0.0.1:{port}", check="tcp")))
        by_setting = await status(real(config("http://127.0.0.1", check="tcp", tcpPort=port)))
    closed = real(config("http://127.0.0.1", check="tcp", tcpPort=free_port()))
    down = await status(closed)
    assert up.up and up.check == "tcp" and up.connect_ms is not None
    assert up.status_code is None and up.tls_ms is None
    assert by_setting.up
    assert not down.up and down.reason_code == ErrorCode.CONNECTION_REFUSED
    assert down.reason is not None and "127.0.0.1:" in down.reason
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(closed)
    assert caught.value.code is ErrorCode.CONNECTION_REFUSED


async def test_tcp_check_keeps_to_the_address_policy(real: MakeClient) -> None:
    async def rebind(host: str, port: int) -> list[str]:
        return ["169.254.169.254"]

    policy = AddressPolicy(resolve=rebind)
    payload = await status(real(config("http://rebind.test", check="tcp", tcpPort=22), policy))
    assert not payload.up and payload.reason_code == ErrorCode.ADDRESS_NOT_ALLOWED
    assert payload.reason is not None and "resolves to 169.254.169.254" in payload.reason


async def test_through_graphql(api: Api) -> None:
    async with serving(Site()) as port:
        payloads = await check_through_graphql(
            api, ID, config(f"http://127.0.0.1:{port}", bodyMatch="all good"), version=None
        )
    assert payloads["status"]["up"] is True
    assert payloads["status"]["statusCode"] == 200
    assert payloads["status"]["uptimePercent"] == 100.0
