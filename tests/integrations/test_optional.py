"""Optional parts of an endpoint: a call the service does not implement is None, every other
failure is raised as it was (through a real ServiceClient over a fake upstream)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.optional import Unsupported, optional
from tests.integrations.upstream import client_for
from tests.support.demo import Reading

URL = "http://service.test:8080"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
async def client_of() -> AsyncIterator[Callable[[Handler], ServiceClient]]:
    made: list[ServiceClient] = []

    def client(handler: Handler) -> ServiceClient:
        config = {"url": URL, "credentials": {"apiKey": "k"}}
        made.append(client_for("demo", config, httpx.MockTransport(handler)))
        return made[-1]

    yield client
    for each in made:
        await each.aclose()


def answer(response: httpx.Response) -> Handler:
    return lambda _request: response


async def test_an_answer_is_returned(client_of: Callable[..., ServiceClient]) -> None:
    client = client_of(answer(httpx.Response(200, json={"value": 7})))
    assert await optional(client.get_json("reading", Reading)) == Reading(value=7)


@pytest.mark.parametrize("status", [404, 405, 410, 501])
async def test_a_status_saying_not_implemented_is_none(
    client_of: Callable[..., ServiceClient], status: int
) -> None:
    client = client_of(answer(httpx.Response(status, text="no such call")))
    assert await optional(client.get_json("reading", Reading)) is None


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(401, text="Unauthorized"), ErrorCode.UNAUTHORIZED),
        (httpx.Response(403, text="Forbidden"), ErrorCode.FORBIDDEN),
        (httpx.Response(429, text="Slow down"), ErrorCode.RATE_LIMITED),
        (httpx.Response(400, text="Bad Request"), ErrorCode.UNEXPECTED_STATUS),
        (httpx.Response(500, text="Internal Server Error"), ErrorCode.UPSTREAM_ERROR),
        (httpx.Response(503, text="Service Unavailable"), ErrorCode.UPSTREAM_ERROR),
        (httpx.Response(200, text="<html>a login page</html>"), ErrorCode.INVALID_RESPONSE),
        (httpx.Response(200, json={"other": "shape"}), ErrorCode.INVALID_RESPONSE),
    ],
    ids=["401", "403", "429", "400", "500", "503", "html", "other-json"],
)
async def test_any_other_failure_is_raised(
    client_of: Callable[..., ServiceClient], response: httpx.Response, expected: ErrorCode
) -> None:
    client = client_of(answer(response))
    with pytest.raises(IntegrationError) as caught:
        await optional(client.get_json("reading", Reading))
    assert caught.value.code is expected


async def test_a_timeout_is_raised(client_of: Callable[..., ServiceClient]) -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(IntegrationError) as caught:
        await optional(client_of(hang).get_json("reading", Reading))
    assert caught.value.code is ErrorCode.TIMEOUT


async def test_unsupported_raised_by_a_client_is_none() -> None:
    """How a client says "not implemented" where its API answers 200 (an error envelope)."""

    async def envelope() -> Reading:
        raise Unsupported(ErrorCode.UPSTREAM_ERROR, "unknown method", status=200, url=URL)

    assert await optional(envelope()) is None
