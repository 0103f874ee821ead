"""TLS per App (system trust, an extra CA bundle, verification off, or one pinned certificate),
and the transport every App's client connects through, under the address policy."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import ssl
import tempfile
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from cryptography import x509

from integrations.addresses import (
    DEFAULT_POLICY,
    PEER_ADDRESS,
    AddressNotAllowed,
    AddressPolicy,
    AddressPolicyBackend,
)
from integrations.config import ClientCertificate, ServiceConfig
from integrations.errors import CertificateInfo, ErrorCode, IntegrationError
from integrations.streams import StreamWrapper

# OpenSSL X509_V_ERR_* codes that have a code of their own in the taxonomy.
_EXPIRED = {10}  # CERT_HAS_EXPIRED
_HOSTNAME = {62, 64}  # HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH


class PinMismatch(httpcore.ConnectError):
    """The peer's certificate is not the pinned one (raised during the handshake)."""

    def __init__(self, der: bytes) -> None:
        super().__init__("certificate does not match the pinned SHA-256 fingerprint")
        self.der = der


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def certificate_info(der: bytes) -> CertificateInfo:
    cert = x509.load_der_x509_certificate(der)
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256=fingerprint(der),
    )


@functools.lru_cache(maxsize=64)
def ssl_context(verify: bool, ca_bundle: str | None, pinned: str | None) -> ssl.SSLContext:
    """The client context for a set of TLS settings, shared by every client that has them:
    building one costs about 25 ms of CPU (loading the system CA store)."""
    ctx = ssl.create_default_context()
    if pinned is not None or not verify:
        # With a pin, trust comes from the fingerprint check in PinningBackend instead.
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif ca_bundle:
        ctx.load_verify_locations(cadata=ca_bundle)
    return ctx


def client_context(
    verify: bool, ca_bundle: str | None, pinned: str | None, client: ClientCertificate
) -> ssl.SSLContext:
    """A context that also presents ``client``'s certificate: one per client (it holds the
    key), never shared through ``ssl_context``'s cache."""
    ctx = ssl.create_default_context()
    if pinned is not None or not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif ca_bundle:
        ctx.load_verify_locations(cadata=ca_bundle)
    # The ssl module loads a certificate chain from files only: a file of Tilewire's alone
    # (a directory only it may enter, the file created for writing by it alone), removed at once.
    with tempfile.TemporaryDirectory(prefix="tilewire-tls-") as directory:
        path = os.path.join(directory, "client.pem")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as pem:
            pem.write(client.certificate.strip() + "\n")
            pem.write(client.private_key.get_secret_value().strip() + "\n")
        try:
            ctx.load_cert_chain(path)
        except ssl.SSLError:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "the client certificate and private key cannot be used together for TLS",
            ) from None
    return ctx


class _PinnedStream(StreamWrapper):
    def __init__(self, inner: httpcore.AsyncNetworkStream, pin: str) -> None:
        super().__init__(inner)
        self._pin = pin

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        ssl_object = stream.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der or fingerprint(der) != self._pin:
            await stream.aclose()
            raise PinMismatch(der or b"")
        return _PinnedStream(stream, self._pin)


class PinningBackend(httpcore.AsyncNetworkBackend):
    """Checks the pinned fingerprint during the handshake, before any request byte is sent."""

    def __init__(self, pin: str) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._pin = pin

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _PinnedStream(stream, self._pin)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Transport(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except AddressNotAllowed as err:
            raise IntegrationError(
                ErrorCode.ADDRESS_NOT_ALLOWED, err.message, url=request.url
            ) from None


def transport(
    verify: bool,
    ca_bundle: str | None,
    pinned: str | None,
    limits: httpx.Limits,
    addresses: AddressPolicy = DEFAULT_POLICY,
    *,
    uds: str | None = None,
    client: ClientCertificate | None = None,
) -> httpx.AsyncHTTPTransport:
    """An App's transport: its TLS settings, and every connection (redirects included) made
    only where ``addresses`` allows; a refused one raises IntegrationError ADDRESS_NOT_ALLOWED.
    With ``uds``, every connection goes to that unix socket instead (a file on this machine,
    no network address for the policy to judge); with ``client``, TLS presents that client
    certificate."""
    if client is not None:
        ctx = client_context(verify, ca_bundle, pinned, client)
    else:
        ctx = ssl_context(verify, ca_bundle, pinned)
    result = _Transport(verify=ctx, limits=limits, uds=uds)
    backend = PinningBackend(pinned) if pinned is not None else httpcore.AnyIOBackend()
    # httpx has no public hook for the network backend; this pool mirrors its own.
    result._pool = httpcore.AsyncConnectionPool(
        ssl_context=ctx,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        uds=uds,
        network_backend=AddressPolicyBackend(addresses, backend),
    )
    return result


def transport_for(
    config: ServiceConfig, limits: httpx.Limits, addresses: AddressPolicy = DEFAULT_POLICY
) -> httpx.AsyncHTTPTransport:
    """The transport ``transport`` makes for a config: its TLS options, its socket (a
    ``unix://`` URL) and its client certificate (``ClientCertificate`` credentials)."""
    creds = config.credentials
    return transport(
        config.verify_tls,
        config.ca_bundle,
        config.pinned_sha256,
        limits,
        addresses,
        uds=config.socket_path,
        client=creds if isinstance(creds, ClientCertificate) else None,
    )


async def peer_certificate(
    host: str, port: int, timeout: float = 5.0, server_hostname: str | None = None
) -> bytes | None:
    """The DER certificate a server presents, fetched without verifying it."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        async with asyncio.timeout(timeout):
            _reader, writer = await asyncio.open_connection(
                host, port, ssl=ctx, server_hostname=server_hostname or host
            )
    except (OSError, TimeoutError):
        return None
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der: bytes | None = ssl_object.getpeercert(binary_form=True) if ssl_object else None
        return der
    finally:
        writer.close()


async def tls_error(cause: ssl.SSLError | PinMismatch, url: httpx.URL) -> IntegrationError:
    """The taxonomy entry for a failed handshake, with the peer certificate where there is one."""
    der: bytes | None
    if isinstance(cause, PinMismatch):
        der = cause.der or None
        code, text = ErrorCode.TLS_UNTRUSTED, "the certificate is not the pinned one"
    else:
        # The address the handshake failed at, already checked against the address policy:
        # resolving the name again could lead somewhere else.
        address = getattr(cause, PEER_ADDRESS, None) or url.host
        der = await peer_certificate(address, url.port or 443, server_hostname=url.host)
        verify_code = getattr(cause, "verify_code", None)
        if verify_code in _EXPIRED:
            code, text = ErrorCode.TLS_EXPIRED, "the certificate has expired"
        elif verify_code in _HOSTNAME:
            code, text = ErrorCode.TLS_HOSTNAME_MISMATCH, "the certificate is for another host"
        else:
            reason = getattr(cause, "verify_message", None) or "not trusted"
            code, text = ErrorCode.TLS_UNTRUSTED, f"the certificate is not trusted ({reason})"
    info = certificate_info(der) if der else None
    if info is not None:
        text += f"; SHA-256 {info.sha256}: supply its CA, pin it, or turn verification off"
    return IntegrationError(code, text, url=url, certificate=info)
