"""Which upstream addresses Tilewire may connect to, and the network backend that enforces it.

Homelab services live on loopback and private ranges, so those are allowed. Link-local
addresses and the cloud metadata services (which hand credentials to whoever asks from the
machine) are refused by default, in every form an address can take (IPv4-mapped, IPv4-compatible,
NAT64, 6to4, Teredo), both when a URL is validated (literal addresses, known names) and when a
connection is made (whatever a host name resolves to at that moment: the backend resolves the
name itself, checks every address, and connects to a checked one, so a name cannot rebind to a
refused address between the check and the connection).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_address,
    ip_network,
)
from typing import Any

import httpcore

from integrations.streams import StreamWrapper

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

LINK_LOCAL: tuple[IPNetwork, ...] = (ip_network("169.254.0.0/16"), ip_network("fe80::/10"))
METADATA: tuple[IPNetwork, ...] = (
    ip_network("169.254.169.254/32"),  # AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack
    ip_network("fd00:ec2::254/128"),  # AWS over IPv6
    ip_network("100.100.100.200/32"),  # Alibaba Cloud
)
METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
"""Host names of metadata services (they resolve to a METADATA address inside those clouds)."""

_NAT64 = (ip_network("64:ff9b::/96"), ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ip_network("::/96")

Resolve = Callable[[str, int], Awaitable[Sequence[str]]]
"""Host name and port to the addresses to try, in order (``getaddrinfo`` by default)."""

PEER_ADDRESS = "tilewire_peer_address"
"""Attribute set on a failed handshake's ``ssl.SSLError``: the checked address it failed at,
where the peer certificate is then fetched from (not from a new resolution of the name)."""

CONTEXT_KEY = "tilewire_address_policy"


async def system_resolve(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host``, in its order, without repeats."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """Comma-separated CIDRs (a bare address is a single-address network); raises ValueError
    naming the entry that is not one."""
    networks: list[IPNetwork] = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"{entry!r} is not an IP network (e.g. 10.0.0.0/8 or fd00::/8)"
            ) from None
    return tuple(networks)


def _address(host: str) -> IPAddress | None:
    try:
        return ip_address(host.strip("[]"))
    except ValueError:
        return None


def embedded_ipv4(address: IPAddress) -> list[IPv4Address]:
    """The IPv4 addresses an IPv6 address carries and may reach: IPv4-mapped and -compatible,
    NAT64 (RFC 6052, the address in the last 32 bits), 6to4, and a Teredo client."""
    if isinstance(address, IPv4Address):
        return []
    found: list[IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        found.append(IPv4Address(int(address) & 0xFFFFFFFF))
    if any(address in prefix for prefix in _NAT64):
        found.append(IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.append(address.teredo[1])
    return found


@dataclass(frozen=True, slots=True)
class SettingNames:
    """How a person changes each rule, as refusals tell them (an application names its
    settings here; the defaults name the AddressPolicy fields)."""

    allow_link_local: str = "allow_link_local=True"
    allow: str = "allow"
    deny: str = "deny"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an address or name may not be connected to."""

    subject: str
    """The address or name as given, with the IPv4 address it carries if that is the reason."""
    reason: str

    def message(self, resolved_from: str | None = None) -> str:
        if resolved_from is not None:
            return f"{resolved_from} resolves to {self.subject}, {self.reason}"
        return f"{self.subject} is {self.reason}"


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """What Tilewire may connect to. Everything is allowed except, by default, link-local and
    cloud metadata addresses and names; ``deny`` refuses more (and wins over ``allow``);
    ``allow`` re-permits addresses refused by default."""

    allow_link_local: bool = False
    """Allow link-local and metadata addresses and names (a service really living there)."""
    allow: tuple[IPNetwork, ...] = ()
    deny: tuple[IPNetwork, ...] = ()
    settings: SettingNames = SettingNames()
    resolve: Resolve | None = field(default=None, compare=False)
    """The resolver used at connect time (``system_resolve`` when None): tests inject one."""

    def refusal(self, host: str) -> Refusal | None:
        """Why ``host`` (an IP address, bracketed or not, or a host name) may not be connected
        to; None when it may (a name is checked again, by address, when connecting)."""
        address = _address(host)
        if address is not None:
            return self.address_refusal(address)
        name = host.rstrip(".").lower()
        if name in METADATA_NAMES and not self.allow_link_local:
            return Refusal(
                name,
                f"a cloud metadata host name, refused unless {self.settings.allow_link_local}",
            )
        return None

    def address_refusal(self, address: IPAddress) -> Refusal | None:
        """Why ``address`` may not be connected to, or None."""
        forms: list[IPAddress] = [address, *embedded_ipv4(address)]
        for form in forms:
            denied = next((net for net in self.deny if form in net), None)
            if denied is not None:
                return Refusal(
                    self._shown(address, form), f"in {denied}, which {self.settings.deny} refuses"
                )
        if self.allow_link_local or any(form in net for form in forms for net in self.allow):
            return None
        for form in forms:
            if any(form in net for net in METADATA):
                kind = "a cloud metadata address"
            elif any(form in net for net in LINK_LOCAL):
                kind = "a link-local address"
            else:
                continue
            return Refusal(
                self._shown(address, form),
                f"{kind}, refused unless {self.settings.allow_link_local} "
                f"or {self.settings.allow} includes it",
            )
        return None

    @staticmethod
    def _shown(address: IPAddress, form: IPAddress) -> str:
        return str(address) if form == address else f"{address} ({form})"


DEFAULT_POLICY = AddressPolicy()


def validation_context(policy: AddressPolicy | None) -> dict[str, Any]:
    """A pydantic validation context under which a config's URL is checked against ``policy``;
    None checks nothing (a stored config, checked again when connecting)."""
    return {CONTEXT_KEY: policy}


def policy_in(context: object) -> AddressPolicy | None:
    """The policy a validation context asks for: the default one without a context."""
    if isinstance(context, Mapping) and CONTEXT_KEY in context:
        policy = context[CONTEXT_KEY]
        return policy if isinstance(policy, AddressPolicy) else None
    return DEFAULT_POLICY


class AddressNotAllowed(Exception):
    """A connection the policy refuses (raised before any connection is attempted)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _CheckedStream(StreamWrapper):
    """A connection to a checked address; a failed TLS handshake says which address it was
    (the certificate is then fetched from that address, not from a new resolution)."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, address: str) -> None:
        super().__init__(inner)
        self._address = address

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            return await self._inner.start_tls(ssl_context, server_hostname, timeout)
        except httpcore.ConnectError as err:
            if isinstance(err.__cause__, ssl.SSLError):
                setattr(err.__cause__, PEER_ADDRESS, self._address)
            raise


class AddressPolicyBackend(httpcore.AsyncNetworkBackend):
    """Connects only where the policy allows: resolves a host name itself, refuses the
    connection if any address it resolves to is refused, and connects to the checked
    addresses (in the resolver's order, the next one if a connection fails)."""

    def __init__(
        self, policy: AddressPolicy, inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self.policy = policy
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        failure: httpcore.ConnectError | None = None
        for address in await self.addresses(host, port, timeout):
            try:
                stream = await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as err:
                failure = failure or err
                continue
            return _CheckedStream(stream, address)
        assert failure is not None  # addresses() never returns an empty list
        raise failure

    async def addresses(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        """The addresses to connect to for ``host``: all allowed, or AddressNotAllowed."""
        literal = _address(host)
        if literal is not None:
            refused = self.policy.address_refusal(literal)
            if refused is not None:
                raise AddressNotAllowed(refused.message())
            return [host.strip("[]")]
        refused = self.policy.refusal(host)
        if refused is not None:
            raise AddressNotAllowed(refused.message())
        resolve = self.policy.resolve or system_resolve
        try:
            async with asyncio.timeout(timeout):
                found = list(await resolve(host, port))
            if not found:
                raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as err:  # socket.gaierror: DNS_FAILURE
            raise httpcore.ConnectError(str(err)) from err
        checked: list[str] = []
        for text in found:
            address = _address(text)
            if address is None:
                raise httpcore.ConnectError(f"{host} resolved to {text!r}, not an address")
            refused = self.policy.address_refusal(address)
            if refused is not None:
                raise AddressNotAllowed(refused.message(resolved_from=host))
            checked.append(text)
        return checked

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
