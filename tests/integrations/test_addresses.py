"""The address policy: which addresses and names are refused, in every form, at validation and
at connect time (whatever a name resolves to), over real loopback sockets where it connects."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence
from ipaddress import ip_address, ip_network
from pathlib import Path
from typing import Any

import httpcore
import pytest
from pydantic import ValidationError

from integrations.addresses import (
    AddressNotAllowed,
    AddressPolicy,
    AddressPolicyBackend,
    parse_networks,
    validation_context,
)
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from tests.support.certs import make_cert
from tests.support.demo import demo
from tests.support.fake_service import API_KEY, FakeService, running_fake_service
from tests.support.server import free_port

REFUSED_BY_DEFAULT = [
    "169.254.169.254",
    "169.254.0.1",
    "100.100.100.200",
    "fd00:ec2::254",
    "fe80::1",
    "fe80::1%eth0",
    "febf:ffff::1",
    "::ffff:169.254.169.254",  # IPv4-mapped
    "::169.254.169.254",  # IPv4-compatible
    "64:ff9b::a9fe:a9fe",  # NAT64, well-known prefix
    "64:ff9b:1::a9fe:a9fe",  # NAT64, local-use prefix
    "2002:a9fe:a9fe::1",  # 6to4
    "2001::5601:5601",  # Teredo, client 169.254.169.254 (stored inverted)
    "::ffff:100.100.100.200",
]
METADATA_NAMES = [
    "metadata",
    "metadata.google.internal",
    "METADATA.Google.Internal.",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
]
ALLOWED = [
    "127.0.0.1",
    "127.45.6.7",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.20",
    "fd12:3456::1",
    "fc00::1",
    "::ffff:192.168.1.20",
    "100.64.0.1",
    "169.253.255.255",
    "169.255.0.0",
    "203.0.113.5",
    "2001:db8::1",
]


def resolving(*addresses: str) -> Any:
    """A resolver that answers every name with ``addresses`` and records what it was asked."""
    asked: list[tuple[str, int]] = []

    async def resolve(host: str, port: int) -> Sequence[str]:
        asked.append((host, port))
        return addresses

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


def config(url: str, **fields: Any) -> ServiceConfig:
    """A demo config for ``url``, not checked at validation (the connection must refuse it)."""
    data = {"url": url, "credentials": {"apiKey": API_KEY}, "timeout": 5, **fields}
    return demo.config_model.model_validate(data, context=validation_context(None))


async def connect_test(config: ServiceConfig, policy: AddressPolicy) -> IntegrationError | str:
    """The connection test's error, or the version it found."""
    client = demo.create_client(config, addresses=policy)
    try:
        return (await demo.test_connection(client)).version or ""
    except IntegrationError as err:
        return err
    finally:
        await client.aclose()


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


# --- the policy ----------------------------------------------------------------------------


@pytest.mark.parametrize("address", REFUSED_BY_DEFAULT)
def test_link_local_and_metadata_addresses_are_refused_in_every_form(address: str) -> None:
    refused = AddressPolicy().refusal(address)
    assert refused is not None
    assert "refused unless allow_link_local=True or allow includes it" in refused.message()
    assert AddressPolicy(allow_link_local=True).refusal(address) is None


@pytest.mark.parametrize("name", METADATA_NAMES)
def test_metadata_names_are_refused(name: str) -> None:
    refused = AddressPolicy().refusal(name)
    assert refused is not None
    assert refused.message() == (
        f"{name.rstrip('.').lower()} is a cloud metadata host name, "
        "refused unless allow_link_local=True"
    )
    assert AddressPolicy(allow_link_local=True).refusal(name) is None


@pytest.mark.parametrize("address", [*ALLOWED, "nas.lan", "metadata.example.com", "localhost"])
def test_loopback_private_and_other_addresses_are_allowed(address: str) -> None:
    assert AddressPolicy().refusal(address) is None


def test_the_message_names_the_address_and_what_it_carries() -> None:
    policy = AddressPolicy()
    refused = policy.refusal("[::ffff:169.254.169.254]")
    assert refused is not None
    assert refused.message().startswith(
        f"{ip_address('::ffff:169.254.169.254')} (169.254.169.254) is a cloud metadata address"
    )
    link_local = policy.refusal("169.254.3.4")
    assert link_local is not None
    assert link_local.message().startswith("169.254.3.4 is a link-local address, refused unless")
    assert link_local.message(resolved_from="nas.lan").startswith(
        "nas.lan resolves to 169.254.3.4, a link-local address"
    )


def test_allow_re_permits_a_range_refused_by_default_and_deny_wins() -> None:
    policy = AddressPolicy(
        allow=(ip_network("169.254.10.0/24"), ip_network("192.168.5.0/24")),
        deny=(ip_network("192.168.0.0/16"),),
    )
    assert policy.refusal("169.254.10.5") is None
    assert policy.refusal("::ffff:169.254.10.5") is None
    assert policy.refusal("169.254.169.254") is not None
    assert policy.refusal("10.0.0.1") is None
    denied = policy.refusal("192.168.5.9")  # in allow too: deny wins
    assert denied is not None
    assert denied.message() == "192.168.5.9 is in 192.168.0.0/16, which deny refuses"
    mapped = policy.refusal("::ffff:192.168.1.1")
    assert mapped is not None
    assert "(192.168.1.1) is in 192.168.0.0/16" in mapped.message()
    # Deny wins over allowing link-local addresses too.
    everything = AddressPolicy(allow_link_local=True, deny=(ip_network("169.254.0.0/16"),))
    assert everything.refusal("169.254.169.254") is not None


def test_networks_parse_from_comma_separated_text() -> None:
    assert parse_networks(" 10.0.0.0/8, fd00::/8 ,,192.168.1.7") == (
        ip_network("10.0.0.0/8"),
        ip_network("fd00::/8"),
        ip_network("192.168.1.7/32"),
    )
    assert parse_networks("") == ()
    with pytest.raises(ValueError, match=r"^'10\.0\.0\.0/33' is not an IP network \(e\.g\."):
        parse_networks("10.0.0.0/8,10.0.0.0/33")


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254",
        "http://[fd00:ec2::254]",
        "http://[::ffff:169.254.169.254]",
        "http://metadata.google.internal",
        "http://100.100.100.200:8080/api",
        "http://2852039166",  # 169.254.169.254 as one number
        "http://0xA9FEA9FE",
        "http://0251.0376.0251.0376",
        "https://[fe80::1]:8443",
        "http://instance-data.",
    ],
)
def test_a_config_whose_url_is_refused_is_invalid(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        demo.config_model.model_validate({"url": url, "credentials": {"apiKey": "k"}})
    [error] = caught.value.errors()
    assert (error["loc"], error["type"]) == (("url",), "address_not_allowed")
    assert "allow_link_local=True" in error["msg"]
    allowing = validation_context(AddressPolicy(allow_link_local=True))
    demo.config_model.model_validate({"url": url, "credentials": {"apiKey": "k"}}, context=allowing)


# --- connect time --------------------------------------------------------------------------


async def test_a_name_resolving_to_a_metadata_address_is_refused_before_connecting() -> None:
    resolve = resolving("169.254.169.254")
    error = await connect_test(config("http://rebind.test:8080"), AddressPolicy(resolve=resolve))
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED
    assert error.message == (
        "rebind.test resolves to 169.254.169.254, a cloud metadata address, refused unless "
        "allow_link_local=True or allow includes it"
    )
    assert error.url == "http://rebind.test:8080/version"
    assert resolve.asked == [("rebind.test", 8080)]


async def test_every_resolved_address_is_checked(fake: FakeService) -> None:
    port = int(fake.url.rsplit(":", 1)[1])
    resolve = resolving("127.0.0.1", "fe80::1")
    error = await connect_test(
        config(f"http://rebind.test:{port}/svc/a"), AddressPolicy(resolve=resolve)
    )
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED
    assert "rebind.test resolves to fe80::1, a link-local address" in error.message
    assert fake.versions["a"] == 0  # not even the allowed address was contacted


async def test_a_name_connects_to_the_address_it_was_checked_at(fake: FakeService) -> None:
    port = int(fake.url.rsplit(":", 1)[1])
    resolve = resolving("127.0.0.1")
    found = await connect_test(
        config(f"http://rebind.test:{port}/svc/a"), AddressPolicy(resolve=resolve)
    )
    assert found == "1.2.3"
    assert fake.versions["a"] == 1
    assert resolve.asked == [("rebind.test", port)]


async def test_loopback_literal_connects(fake: FakeService) -> None:
    assert await connect_test(config(fake.base("a")), AddressPolicy()) == "1.2.3"
    assert fake.versions["a"] == 1


async def test_the_next_address_is_tried_when_one_refuses(fake: FakeService) -> None:
    port = int(fake.url.rsplit(":", 1)[1])
    closed = "127.0.0.2"  # loopback, but nothing listens there on this port
    resolve = resolving(closed, "127.0.0.1")
    found = await connect_test(
        config(f"http://rebind.test:{port}/svc/a"), AddressPolicy(resolve=resolve)
    )
    assert found == "1.2.3"


async def test_a_redirect_to_a_metadata_address_is_refused(fake: FakeService) -> None:
    """Refused before any connection: it leads out of the App's origin (which no redirect may,
    whatever the address; the policy still checks every connection a redirect does make)."""
    fake.redirects["a"] = "http://169.254.169.254/latest/meta-data/"
    error = await connect_test(config(fake.base("a")), AddressPolicy())
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.REDIRECT_REFUSED
    assert "redirected to http://169.254.169.254:80/latest/meta-data/," in error.message
    assert error.url == f"{fake.base('a')}/version"
    assert fake.versions["a"] == 1


async def test_a_pinned_certificate_does_not_bypass_the_policy() -> None:
    pinned = config("https://rebind.test", pinnedSha256="AB" * 32, verifyTls=False)
    error = await connect_test(pinned, AddressPolicy(resolve=resolving("169.254.169.254")))
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED


async def test_the_default_client_transport_has_the_default_policy() -> None:
    client = demo.create_client(config("http://169.254.169.254"))
    try:
        with pytest.raises(IntegrationError) as caught:
            await demo.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.ADDRESS_NOT_ALLOWED


async def test_a_resolver_that_hangs_is_a_timeout() -> None:
    async def hang(host: str, port: int) -> Sequence[str]:
        await asyncio.sleep(3600)
        return []

    slow = config("http://rebind.test", connectTimeout=0.05)
    error = await connect_test(slow, AddressPolicy(resolve=hang))
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.TIMEOUT


async def test_a_name_without_addresses_is_a_dns_failure() -> None:
    error = await connect_test(config("http://rebind.test"), AddressPolicy(resolve=resolving()))
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.DNS_FAILURE


async def test_the_certificate_of_a_failed_handshake_comes_from_the_checked_address(
    tmp_path: Path,
) -> None:
    """A name is not resolved again to fetch the peer certificate: it could rebind."""
    cert = make_cert(tmp_path, "self-signed", hosts=("rebind.test",))
    async with running_fake_service(cert.certfile, cert.keyfile) as tls:
        port = int(tls.url.rsplit(":", 1)[1])
        resolve = resolving("127.0.0.1")
        error = await connect_test(
            config(f"https://rebind.test:{port}/svc/a"), AddressPolicy(resolve=resolve)
        )
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.TLS_UNTRUSTED
    assert error.certificate is not None
    assert error.certificate.sha256 == cert.sha256
    assert resolve.asked == [("rebind.test", port)]


class Recording(httpcore.AsyncNetworkBackend):
    """Records where it is asked to connect, and refuses (nothing leaves the machine)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.asked.append(host)
        raise httpcore.ConnectError("recorded")


@pytest.mark.parametrize("address", ["10.1.2.3", "172.16.0.1", "192.168.1.20", "fd12::1"])
async def test_private_literals_are_handed_to_the_socket_unchanged(address: str) -> None:
    inner = Recording()
    backend = AddressPolicyBackend(AddressPolicy(), inner)
    with pytest.raises(httpcore.ConnectError, match="recorded"):
        await backend.connect_tcp(address, 80)
    assert inner.asked == [address]


async def test_a_refused_literal_never_reaches_the_socket() -> None:
    inner = Recording()
    backend = AddressPolicyBackend(AddressPolicy(), inner)
    for address in REFUSED_BY_DEFAULT:
        with pytest.raises(AddressNotAllowed):
            await backend.connect_tcp(address, 80)
    with pytest.raises(AddressNotAllowed):
        await backend.connect_tcp("metadata.google.internal", 80)
    assert inner.asked == []


async def test_real_names_resolve_through_the_system(fake: FakeService) -> None:
    port = int(fake.url.rsplit(":", 1)[1])
    deny_loopback = AddressPolicy(deny=(ip_network("127.0.0.0/8"), ip_network("::1/128")))
    error = await connect_test(config(f"http://localhost:{port}/svc/a"), deny_loopback)
    assert isinstance(error, IntegrationError)
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED
    assert error.message.startswith("localhost resolves to ")
    assert fake.versions["a"] == 0
    closed = await connect_test(config(f"http://localhost:{free_port()}"), AddressPolicy())
    assert isinstance(closed, IntegrationError)
    assert closed.code is ErrorCode.CONNECTION_REFUSED
