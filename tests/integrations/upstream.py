"""Fake upstreams for integration tests: recorded fixtures served by httpx.MockTransport.

A fixture file (``tests/integrations/<id>/fixtures/<name>.json``) is one recorded exchange:
``{"source": ..., "request": {"method", "path", ...}, "response": {"status", "headers", "body"}}``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.base import ServiceClient
from integrations.errors import IntegrationError
from integrations.registry import registry

ROOT = Path(__file__).parent

Handler = Callable[[httpx.Request], httpx.Response]


def fixture(integration_id: str, name: str) -> dict[str, Any]:
    path = ROOT / integration_id / "fixtures" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text())
    assert data.get("source"), f"{path} must name its source and version"
    return data


def fixture_body(integration_id: str, name: str) -> Any:
    """The recorded response body of a fixture (parsed JSON, or the text)."""
    return fixture(integration_id, name)["response"]["body"]


def no_secret_in(err: Exception, *secrets: str) -> None:
    """None of ``secrets`` appears in anything an error shows: text, message, repr or URL."""
    texts = (str(err), getattr(err, "message", ""), repr(err), str(getattr(err, "url", "")))
    for secret in secrets:
        for text in texts:
            assert secret not in text, f"a secret appears in {text!r}"


def secret_check(*defaults: str, always: Collection[str] = ()) -> Callable[..., None]:
    """A test module's ``assert_no_secret(err, *secrets)``: ``no_secret_in`` for the secrets
    named, else ``defaults``, and ``always`` in any case (e.g. the session tokens a fake hands
    out)."""

    def assert_no_secret(err: Exception, *secrets: str) -> None:
        no_secret_in(err, *always, *(secrets or defaults))

    return assert_no_secret


def one_secret_config(
    base: str, kind: str, field: str, default: str
) -> Callable[..., dict[str, Any]]:
    """A test module's ``config(secret=default, url=base)``: an App's config whose credential
    set ``kind`` is one secret, ``field``."""

    def config(secret: str = default, url: str = base) -> dict[str, Any]:
        return {"url": url, "credentials": {"type": kind, field: secret}}

    return config


RECORDED_EXPIRES = re.compile(r";\s*expires=[^;]*", re.IGNORECASE)
SESSION_LIFETIME = 3600
"""Seconds a recorded cookie lives in a test (the lifetime the recorded services give theirs)."""


def date_proof(set_cookie: str) -> str:
    """A recorded ``Set-Cookie`` with its absolute ``Expires`` replaced by a lifetime counted
    from now: a recording keeps the date it was made on, which would decide a test's outcome
    once that date has passed (the cookie jar drops an expired cookie). A cookie that deletes
    itself (``Max-Age=0`` or an Expires before the recording) keeps doing so."""
    if not RECORDED_EXPIRES.search(set_cookie):
        return set_cookie
    deleting = re.search(r"expires=[^;]*\b(19[0-9]{2})\b", set_cookie, re.IGNORECASE)
    rest = RECORDED_EXPIRES.sub("", set_cookie)
    if re.search(r";\s*max-age=", rest, re.IGNORECASE):
        return rest
    return f"{rest}; Max-Age={0 if deleting else SESSION_LIFETIME}"


def response_of(data: Mapping[str, Any]) -> httpx.Response:
    """The recorded response as an httpx.Response (cookies made date-proof, see ``date_proof``)."""
    resp = data["response"]
    headers = {
        name: date_proof(value) if name.lower() == "set-cookie" else value
        for name, value in resp.get("headers", {}).items()
    }
    body = resp.get("body")
    if isinstance(body, str):
        content = body.encode()
    else:
        content = json.dumps(body).encode()
        headers.setdefault("content-type", "application/json")
    return httpx.Response(resp["status"], headers=headers, content=content)


class FakeUpstream:
    """Routes ``(METHOD, path)`` to fixtures or handlers, and counts the calls it serves.

    A route value is a fixture name, an httpx.Response, a function of the request, or a
    dict or list answered as a JSON body.
    Unrouted requests get 404, like a real server would answer. ``refuse`` is the service's
    auth rule: given a routed request, the refusal to answer with, or None to serve it
    (routes in ``open_routes``, e.g. the login, are served to anyone).
    """

    def __init__(
        self,
        integration_id: str,
        routes: Mapping[tuple[str, str], Any],
        *,
        refuse: Callable[[httpx.Request], httpx.Response | None] | None = None,
        open_routes: Collection[tuple[str, str]] = (),
    ) -> None:
        self.integration_id = integration_id
        self.routes = dict(routes)
        self.refuse = refuse
        self.open_routes = frozenset(open_routes)
        self.calls: Counter[tuple[str, str]] = Counter()
        self.requests: list[httpx.Request] = []

    def route(self, method: str, path: str, value: Any) -> None:
        self.routes[(method, path)] = value

    def handle(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        self.calls[key] += 1
        self.requests.append(request)
        value = self.routes.get(key)
        if value is None:
            return httpx.Response(404, text="404 page not found")
        if self.refuse is not None and key not in self.open_routes:
            refusal = self.refuse(request)
            if refusal is not None:
                return refusal
        if callable(value):
            result: httpx.Response = value(request)
            return result
        if isinstance(value, httpx.Response):
            return value
        if isinstance(value, dict | list):
            return httpx.Response(200, json=value)
        return response_of(fixture(self.integration_id, value))

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


def client_for(
    integration_id: str, config: Mapping[str, Any], upstream: FakeUpstream | httpx.MockTransport
) -> ServiceClient:
    """A ServiceClient of ``integration_id`` for ``config``, talking to the fake upstream."""
    integration = registry.get(integration_id)
    transport = upstream.transport if isinstance(upstream, FakeUpstream) else upstream
    return integration.create_client(
        integration.config_model.model_validate(dict(config)), transport=transport
    )


class MemorySessions:
    """A SessionStore in memory: what Redis is to several Tilewire processes."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.locks: set[str] = set()

    async def get(self, name: str) -> bytes | None:
        return self.data.get(name)

    async def set(self, name: str, data: bytes, ttl: float) -> None:
        self.data[name] = data

    async def acquire(self, name: str, lease: float) -> str | None:
        if name in self.locks:
            return None
        self.locks.add(name)
        return "token"

    async def release(self, name: str, token: str) -> None:
        self.locks.discard(name)


class Clients:
    """The clients of one integration that a test makes: each checked to be that
    integration's client class, all closed after the test (the ``clients`` fixture)."""

    def __init__(self, integration_id: str) -> None:
        self.integration_id = integration_id
        self.made: list[ServiceClient] = []

    def __call__(
        self, config: Mapping[str, Any], upstream: FakeUpstream | httpx.MockTransport
    ) -> Any:
        client = client_for(self.integration_id, config, upstream)
        assert isinstance(client, registry.get(self.integration_id).load())
        self.made.append(client)
        return client

    async def aclose(self) -> None:
        for client in self.made:
            await client.aclose()


def needs_header(
    integration_id: str, header: str, value: str, refusal: str
) -> Callable[[httpx.Request], httpx.Response | None]:
    """A ``refuse`` rule: without ``header: value``, the fixture ``refusal`` answers."""

    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get(header) == value:
            return None
        return response_of(fixture(integration_id, refusal))

    return refuse


def _digest_fields(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "digest":
        return {}
    parsed: dict[str, str] = {}
    for part in re.findall(r'(\w+)=("[^"]*"|[^,\s]*)', rest):
        parsed[part[0]] = part[1].strip('"')
    return parsed


def needs_digest(
    integration_id: str, username: str, password: str, refusal: str
) -> Callable[[httpx.Request], httpx.Response | None]:
    """A ``refuse`` rule for HTTP digest auth (RFC 7616, MD5): a request whose Authorization
    does not answer the challenge of the fixture ``refusal`` (its ``WWW-Authenticate`` names
    the realm and nonce) for ``username`` and ``password`` gets that fixture."""
    recorded = fixture(integration_id, refusal)
    headers = {k.lower(): v for k, v in recorded["response"]["headers"].items()}
    challenge = _digest_fields(headers["www-authenticate"])

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def refuse(request: httpx.Request) -> httpx.Response | None:
        given = _digest_fields(request.headers.get("authorization", ""))
        uri = request.url.raw_path.decode()
        if given and given.get("username") == username and given.get("uri") == uri:
            ha1 = md5(f"{username}:{challenge['realm']}:{password}")
            ha2 = md5(f"{request.method}:{uri}")
            parts = [ha1, challenge["nonce"]]
            if "qop" in given:
                parts += [given.get("nc", ""), given.get("cnonce", ""), given["qop"]]
            if given.get("response") == md5(":".join([*parts, ha2])):
                return None
        return response_of(recorded)

    return refuse


async def refusal(
    integration_id: str, client: ServiceClient, endpoint: str | None = None
) -> IntegrationError:
    """The error of the connection test, or of fetching ``endpoint``: a test module binds
    ``refused = partial(refusal, ID)``."""
    integration = registry.get(integration_id)
    call: Awaitable[object] = (
        integration.test_connection(client)
        if endpoint is None
        else integration.fetch_data(client, endpoint)
    )
    with pytest.raises(IntegrationError) as caught:
        await call
    return caught.value
