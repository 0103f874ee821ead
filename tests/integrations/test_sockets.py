"""Unix socket URLs (only for an integration that declares ``unix_socket``) and TLS client
certificates (the ``ClientCertificate`` credential set), against real sockets and a real TLS
server on loopback that requires a client certificate."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from integrations.addresses import AddressPolicy, parse_networks
from integrations.config import SOCKET_PATH_MAX_BYTES, masked, problems
from integrations.config_schema import SOCKET_URL_SCHEMES, URL_SCHEMES
from integrations.docker import integration as docker
from integrations.errors import ErrorCode, IntegrationError
from integrations.registry import registry
from integrations.types import Integration
from tests.integrations.upstream import fixture_body
from tests.support.certs import Cert, make_cert

SOCKET_URL = "unix:///var/run/docker.sock"
VERSION = fixture_body("docker", "version")
OTHERS = [i for i in registry.all() if not i.unix_socket]


async def answer_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A tiny engine: /_ping and /version as Docker answers them, 404 otherwise."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        path = head.split(b" ", 2)[1].decode()
        if path == "/_ping":
            status, body, kind = "200 OK", b"OK", "text/plain"
        elif path == "/version":
            status, body, kind = "200 OK", json.dumps(VERSION).encode(), "application/json"
        else:
            status, body, kind = (
                "404 Not Found",
                b'{"message":"page not found"}',
                "application/json",
            )
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
            f"Api-Version: 1.41\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
    except (asyncio.IncompleteReadError, TimeoutError, ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


@pytest.fixture
async def engine_socket(tmp_path: Path) -> AsyncIterator[Path]:
    path = tmp_path / "engine.sock"
    server = await asyncio.start_unix_server(answer_http, path=str(path))
    async with server:
        yield path


def refused(integration: Integration[Any], url: str) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate({"url": url})
    return [(p.field, p.message) for p in problems(caught.value)]


# --- which integrations take a socket ------------------------------------------------------


@pytest.mark.parametrize("integration", OTHERS, ids=lambda i: i.id)
def test_only_a_declaring_integration_takes_a_socket(integration: Integration[Any]) -> None:
    found = refused(integration, SOCKET_URL)
    assert found[0][0] == "url"
    assert "only by integrations that connect to a local socket" in found[0][1]
    [url] = [f for f in integration.form() if f.name == "url"]
    assert url.url_schemes == URL_SCHEMES
    assert "nix" not in integration.json_schema()["properties"]["url"]["pattern"]


def test_docker_takes_a_socket() -> None:
    assert [i.id for i in registry.all() if i.unix_socket] == ["docker"]
    config = docker.config_model.model_validate({"url": SOCKET_URL})
    assert config.socket_path == "/var/run/docker.sock"
    assert config.base_url == "http://localhost"
    tcp = docker.config_model.model_validate({"url": "https://nas.lan:2376"})
    assert (tcp.socket_path, tcp.base_url) == (None, "https://nas.lan:2376")
    [url] = [f for f in docker.form() if f.name == "url"]
    assert url.url_schemes == SOCKET_URL_SCHEMES == ("http", "https", "unix")
    assert "unix:///var/run/docker.sock" in url.help


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("unix://docker/var/run/docker.sock", "has no host"),
        ("unix:///", "absolute path of a socket"),
        ("unix:///var/run/", "absolute path of a socket"),
        ("unix:///var/run/docker.sock#x", "without query string or fragment"),
        ("unix:///" + "a" * SOCKET_PATH_MAX_BYTES, f"at most {SOCKET_PATH_MAX_BYTES}"),
        ("unix:///run/%41.sock", "no spaces or escaped characters"),
    ],
)
def test_a_bad_socket_url_names_the_field(url: str, words: str) -> None:
    ((field, message),) = refused(docker, url)
    assert field == "url" and words in message


# --- connecting through a socket ----------------------------------------------------------


async def test_requests_go_through_the_socket(engine_socket: Path) -> None:
    config = docker.config_model.model_validate({"url": f"unix://{engine_socket}"})
    # the address policy judges network addresses; a socket is a file on this machine
    policy = AddressPolicy(deny=parse_networks("0.0.0.0/0, ::/0"))
    client = docker.create_client(config, addresses=policy)
    try:
        info = await docker.test_connection(client)
    finally:
        await client.aclose()
    assert (info.version, info.details["engine"]) == ("20.10.24", "Docker")


async def test_a_missing_socket_says_so(tmp_path: Path) -> None:
    path = tmp_path / "nothing.sock"
    client = docker.create_client(docker.config_model.model_validate({"url": f"unix://{path}"}))
    try:
        with pytest.raises(IntegrationError) as caught:
            await docker.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.CONNECTION_REFUSED
    assert caught.value.message == (
        f"there is no socket at {path}: is the service running, and is the path right?"
    )


async def test_a_socket_nobody_listens_on_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "stale.sock"
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))  # bound, never listening: what a crashed engine leaves
    try:
        client = docker.create_client(docker.config_model.model_validate({"url": f"unix://{path}"}))
        try:
            with pytest.raises(IntegrationError) as caught:
                await docker.test_connection(client)
        finally:
            await client.aclose()
    finally:
        stale.close()
    assert caught.value.code is ErrorCode.CONNECTION_REFUSED
    assert "nothing accepts connections on the socket" in caught.value.message


# --- TLS client certificates --------------------------------------------------------------


def key_pem(cert: Cert) -> str:
    return Path(cert.keyfile).read_text()


def tls_config(server: Cert, client: Cert | None, port: int, **creds: str) -> dict[str, Any]:
    config: dict[str, Any] = {"url": f"https://127.0.0.1:{port}", "caBundle": server.pem}
    if client is not None:
        config["credentials"] = {
            "type": "clientCertificate",
            "certificate": client.pem,
            "privateKey": key_pem(client),
            **creds,
        }
    return config


@pytest.fixture
async def mtls(tmp_path: Path) -> AsyncIterator[tuple[Cert, Cert, int]]:
    """An engine on 127.0.0.1 that takes only clients with the client certificate."""
    server, client = make_cert(tmp_path, "engine"), make_cert(tmp_path, "client")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(server.certfile, server.keyfile)
    context.load_verify_locations(cafile=client.certfile)
    context.verify_mode = ssl.CERT_REQUIRED
    listener = await asyncio.start_server(answer_http, "127.0.0.1", 0, ssl=context)
    port = listener.sockets[0].getsockname()[1]
    async with listener:
        yield server, client, port


async def run_test(config: dict[str, Any]) -> Any:
    client = docker.create_client(docker.config_model.model_validate(config))
    try:
        return await docker.test_connection(client)
    finally:
        await client.aclose()


async def test_a_client_certificate_is_presented(mtls: tuple[Cert, Cert, int]) -> None:
    server, client, port = mtls
    info = await run_test(tls_config(server, client, port))
    assert info.version == "20.10.24"


async def test_without_the_client_certificate_the_engine_refuses(
    mtls: tuple[Cert, Cert, int], tmp_path: Path
) -> None:
    server, _client, port = mtls
    stranger = make_cert(tmp_path, "stranger")
    for config in (tls_config(server, None, port), tls_config(server, stranger, port)):
        with pytest.raises(IntegrationError) as caught:
            await run_test(config)
        assert caught.value.code is ErrorCode.CONNECTION_REFUSED
        assert "client certificate" in caught.value.message
        assert key_pem(stranger) not in str(caught.value)


def test_the_key_must_be_the_certificates(tmp_path: Path) -> None:
    server, client, other = (make_cert(tmp_path, n) for n in ("engine", "client", "other"))
    config = tls_config(server, client, 2376, privateKey=key_pem(other))
    with pytest.raises(ValidationError) as caught:
        docker.config_model.model_validate(config)
    found = problems(caught.value)
    assert [(p.field, p.message) for p in found] == [
        ("credentials.privateKey", "Value error, is not the key of the client certificate")
    ]
    assert key_pem(other) not in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda c, k: {"certificate": "hello"}, "credentials.certificate", "not a PEM cert"),
        (lambda c, k: {"certificate": c + k}, "credentials.certificate", "private key"),
        (
            lambda c, k: {
                "privateKey": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"
            },
            "credentials.privateKey",
            "not a PEM private key",
        ),
        (lambda c, k: {"privateKey": encrypted(k)}, "credentials.privateKey", "encrypted"),
    ],
)
def test_bad_pem_names_the_field(
    tmp_path: Path, change: Callable[[str, str], dict[str, str]], field: str, words: str
) -> None:
    server, client = make_cert(tmp_path, "engine"), make_cert(tmp_path, "client")
    config = tls_config(server, client, 2376, **change(client.pem, key_pem(client)))
    with pytest.raises(ValidationError) as caught:
        docker.config_model.model_validate(config)
    found = problems(caught.value)
    assert [p.field for p in found] == [field]
    assert words in found[0].message
    assert "PRIVATE KEY-----\n" not in str(caught.value)


def encrypted(key: str) -> str:
    loaded = serialization.load_pem_private_key(key.encode(), None)
    return loaded.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    ).decode()


def test_the_key_is_a_secret(tmp_path: Path) -> None:
    server, client = make_cert(tmp_path, "engine"), make_cert(tmp_path, "client")
    config = docker.config_model.model_validate(tls_config(server, client, 2376))
    shown, states = masked(config)
    assert key_pem(client).strip() not in json.dumps(shown)
    assert ("credentials.privateKey", True) in [(s.name, s.is_set) for s in states]
    assert "privateKey" not in shown["credentials"]
    assert shown["credentials"]["certificate"] == client.pem.strip()


def test_a_socket_is_its_own_origin_for_stored_secrets() -> None:
    from integrations.config import Origin, origin_of

    assert origin_of(SOCKET_URL) == Origin("unix", "/var/run/docker.sock", 0)
    assert origin_of("unix://host/x") is None
    assert origin_of("https://nas.lan:2376") == Origin("https", "nas.lan", 2376)
