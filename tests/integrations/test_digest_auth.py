"""``ServiceClient.digest_auth``: the shared client answers HTTP digest challenges (RFC 7616)
with ``login_pair``, keeps the challenge for the next request, maps a refusal and a challenge it
cannot answer to the taxonomy, and never sends or reports the password."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import httpx
import pytest

from integrations.base import ServiceClient
from integrations.config import ApiKey, ServiceConfig, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import no_secret_in

USER = "tilewire"
PASSWORD = "digest-test-password-5f2a"
REALM = "Digest Test Realm"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def fields(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    assert scheme == "Digest"
    parsed: dict[str, str] = {}
    for part in rest.split(", "):
        key, _, value = part.partition("=")
        parsed[key] = value.strip('"')
    return parsed


class DigestServer:
    """A service behind digest auth (MD5, qop=auth) that checks every answer as RFC 7616 says,
    issues a new nonce on ``rotate()``, and counts the requests it sees."""

    def __init__(self, password: str = PASSWORD, challenge: str | None = None) -> None:
        self.password = password
        self.challenge = challenge
        self.nonce = secrets.token_hex(8)
        self.requests: list[dict[str, str]] = []
        """The headers of each request as it arrived (httpx re-sends the same Request object
        with the answer added, so the objects themselves would all show the last headers)."""

    def rotate(self) -> None:
        self.nonce = secrets.token_hex(8)

    def refusal(self) -> httpx.Response:
        challenge = self.challenge or (
            f'Digest realm="{REALM}", nonce="{self.nonce}", algorithm=MD5, qop="auth"'
        )
        return httpx.Response(401, headers={"WWW-Authenticate": challenge}, text="Unauthorized")

    def valid(self, header: str | None, method: str, uri: str) -> bool:
        if header is None:
            return False
        given = fields(header)
        if given.get("nonce") != self.nonce or given.get("username") != USER:
            return False
        ha1 = md5(f"{USER}:{REALM}:{self.password}")
        ha2 = md5(f"{method}:{uri}")
        expected = md5(f"{ha1}:{self.nonce}:{given['nc']}:{given['cnonce']}:auth:{ha2}")
        return given.get("response") == expected and given.get("uri") == uri

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(dict(request.headers))
        assert PASSWORD.encode() not in request.content
        uri = request.url.raw_path.decode()
        if not self.valid(request.headers.get("authorization"), request.method, uri):
            return self.refusal()
        return httpx.Response(200, json={"ok": True, "body": request.content.decode()})


class DigestClient(ServiceClient):
    digest_auth = True


class OwnCredentialsClient(DigestClient):
    """A client whose service's credentials are no ``UsernamePassword``: it says the pair."""

    def login_pair(self) -> tuple[str, str] | None:
        creds = self.credentials_as(ApiKey)
        return None if creds is None else (USER, creds.api_key.get_secret_value())


def client_for(
    server: DigestServer,
    password: str = PASSWORD,
    client_class: type[ServiceClient] = DigestClient,
    credentials: Any = None,
) -> ServiceClient:
    config = ServiceConfig.model_validate({"url": "http://digest.test"}).model_copy(
        update={
            "credentials": credentials or UsernamePassword(username=USER, password=password)  # type: ignore[arg-type]
        }
    )
    return client_class(config, transport=httpx.MockTransport(server))


async def test_a_challenge_is_answered_and_the_password_never_sent() -> None:
    server = DigestServer()
    client = client_for(server)
    try:
        response = await client.request("POST", "upnp/control/x", content=b"<soap/>")
    finally:
        await client.aclose()
    assert response.json() == {"ok": True, "body": "<soap/>"}
    assert len(server.requests) == 2  # the challenge, then the answer
    assert "authorization" not in server.requests[0]
    assert fields(server.requests[1]["authorization"])["username"] == USER
    for headers in server.requests:
        assert PASSWORD not in str(headers)


async def test_the_challenge_is_kept_and_answered_up_front_next_time() -> None:
    server = DigestServer()
    client = client_for(server)
    try:
        await client.request("GET", "one")
        await client.request("GET", "two")
        await client.request("GET", "three")
    finally:
        await client.aclose()
    assert len(server.requests) == 4  # one challenge for the client, then one request each
    counts = [fields(r["authorization"])["nc"] for r in server.requests[1:]]
    assert counts == ["00000001", "00000002", "00000003"]


async def test_a_new_nonce_is_answered_once_more() -> None:
    server = DigestServer()
    client = client_for(server)
    try:
        await client.request("GET", "one")
        server.rotate()
        response = await client.request("GET", "two")
    finally:
        await client.aclose()
    assert response.status_code == 200
    assert len(server.requests) == 4  # challenge, answer; stale answer, new challenge answered


async def test_a_wrong_password_is_unauthorized_without_the_password() -> None:
    server = DigestServer()
    client = client_for(server, password="not-the-password-9c1e")
    try:
        with pytest.raises(IntegrationError) as caught:
            await client.request("GET", "status")
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED and caught.value.status == 401
    assert len(server.requests) == 2  # answered once, never retried in a loop
    no_secret_in(caught.value, "not-the-password-9c1e", PASSWORD)


async def test_a_client_with_credentials_of_its_own_kind_says_the_pair() -> None:
    server = DigestServer()
    client = client_for(
        server,
        client_class=OwnCredentialsClient,
        credentials=ApiKey(api_key=PASSWORD),  # type: ignore[arg-type]
    )
    try:
        response = await client.request("GET", "status")
    finally:
        await client.aclose()
    assert response.status_code == 200


async def test_without_a_pair_nothing_is_answered() -> None:
    server = DigestServer()
    client = client_for(server, credentials=ApiKey(api_key="key"))  # type: ignore[arg-type]
    try:
        with pytest.raises(IntegrationError) as caught:
            await client.request("GET", "status")
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "challenge",
    [
        'Digest realm="x"',  # no nonce
        'Digest realm="x", nonce="n", algorithm=ROT13',  # an algorithm nobody knows
        'Digest realm="x", nonce="n", qop="auth-int"',  # a qop httpx does not answer
        'Digest realm="x", nonce="n", stray',  # a parameter without a value
    ],
)
async def test_a_challenge_that_cannot_be_answered_is_invalid_response(challenge: str) -> None:
    server = DigestServer(challenge=challenge)
    client = client_for(server)
    try:
        with pytest.raises(IntegrationError) as caught:
            await client.request("GET", "status")
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.INVALID_RESPONSE, caught.value
    assert "digest" in caught.value.message
    no_secret_in(caught.value, PASSWORD)


async def test_basic_auth_still_sends_the_pair() -> None:
    class BasicClient(ServiceClient):
        basic_auth = True

    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={})

    config = ServiceConfig.model_validate({"url": "http://basic.test"}).model_copy(
        update={"credentials": UsernamePassword(username=USER, password=PASSWORD)}  # type: ignore[arg-type]
    )
    client = BasicClient(config, transport=httpx.MockTransport(handler))
    try:
        await client.request("GET", "status")
    finally:
        await client.aclose()
    assert seen == [httpx.BasicAuth(USER, PASSWORD)._auth_header]
