"""Paperless-ngx integration against fixtures transcribed from its API documentation."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.paperless import integration
from integrations.paperless.client import PaperlessClient
from integrations.paperless.definition import TOP_FILE_TYPES, PaperlessStatistics
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "paperless"
TOKEN = "fixture-paperless-token"
USER, PASSWORD = "paperless", "fixture-password"
BASE = "http://paperless.test:8000"
DOCUMENTS = ("GET", "/api/documents/")
STATISTICS = ("GET", "/api/statistics/")


def config(credentials: dict[str, Any] | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or {"type": "apiToken", "token": TOKEN}}


def basic(password: str = PASSWORD) -> dict[str, Any]:
    return {"type": "usernamePassword", "username": USER, "password": password}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN, PASSWORD)


def drf_auth(request: httpx.Request) -> httpx.Response | None:
    """DRF's rules: the token or basic auth, else 401 (with the matching detail)."""
    header = request.headers.get("authorization", "")
    login = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    if header.startswith("Basic ") and header != f"Basic {login}":
        return response_of(fixture(ID, "invalid_password"))
    if header.startswith("Token ") and header != f"Token {TOKEN}":
        return response_of(fixture(ID, "invalid_token"))
    return None


def paperless(statistics: Any = "statistics", documents: Any = "documents_page") -> FakeUpstream:
    return FakeUpstream(ID, {DOCUMENTS: documents, STATISTICS: statistics}, refuse=drf_auth)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert (integration.id, integration.default_port) == ("paperless", 8000)
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    assert integration.endpoints["statistics"].payload is PaperlessStatistics


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_a_token(make_client: Callable[..., PaperlessClient]) -> None:
    upstream = paperless()
    info = await integration.test_connection(make_client(upstream))

    headers = fixture(ID, "documents_page")["response"]["headers"]
    assert info == ServiceInfo(
        version=headers["x-version"],
        details={
            "apiVersion": headers["x-api-version"],
            "documents": str(body("documents_page")["count"]),
        },
    )
    (request,) = upstream.requests
    assert request.headers["authorization"] == f"Token {TOKEN}"
    assert request.url.params["page_size"] == "1"


async def test_connection_with_basic_auth(make_client: Callable[..., PaperlessClient]) -> None:
    upstream = paperless()
    info = await integration.test_connection(make_client(upstream, credentials=basic()))

    assert info.version == "2.13.5"
    assert upstream.requests[0].headers["authorization"].startswith("Basic ")


async def test_version_headers_missing_before_1_3(
    make_client: Callable[..., PaperlessClient],
) -> None:
    old = httpx.Response(200, json=body("documents_page"))  # no X-Version / X-Api-Version
    info = await integration.test_connection(make_client(paperless(documents=old)))
    assert info.version is None
    assert info.details == {"documents": "1337"}


async def test_statistics(make_client: Callable[..., PaperlessClient]) -> None:
    stats = await integration.fetch_data(make_client(paperless()), "statistics")

    answer = body("statistics")
    counts = sorted(answer["document_file_type_counts"], key=lambda c: -c["mime_type_count"])
    assert isinstance(stats, PaperlessStatistics)
    assert stats.documents_total == answer["documents_total"]
    assert stats.documents_inbox == answer["documents_inbox"]
    assert stats.inbox_tags == answer["inbox_tags"]
    assert [(t.mime_type, t.count) for t in stats.file_types] == [
        (c["mime_type"], c["mime_type_count"]) for c in counts[:TOP_FILE_TYPES]
    ]
    assert len(stats.file_types) == TOP_FILE_TYPES < len(counts)
    assert stats.file_types_total == len(counts)
    assert stats.character_count == answer["character_count"]
    assert (stats.tags, stats.correspondents, stats.document_types) == (
        answer["tag_count"],
        answer["correspondent_count"],
        answer["document_type_count"],
    )


async def test_statistics_without_documents_or_inbox_tag(
    make_client: Callable[..., PaperlessClient],
) -> None:
    stats = await integration.fetch_data(
        make_client(paperless(statistics="statistics_empty")), "statistics"
    )
    assert body("statistics_empty")["character_count"] is None
    assert (stats.documents_total, stats.documents_inbox, stats.inbox_tags) == (0, None, [])
    assert (stats.file_types, stats.file_types_total, stats.character_count) == ([], 0, 0)


async def test_statistics_of_an_older_version(
    make_client: Callable[..., PaperlessClient],
) -> None:
    # Before inbox_tags and the object counts, only the first inbox tag was reported.
    answer = copy.deepcopy(body("statistics"))
    for key in ("inbox_tags", "tag_count", "correspondent_count", "document_type_count"):
        del answer[key]
    upstream = paperless(statistics=httpx.Response(200, json=answer))
    stats = await integration.fetch_data(make_client(upstream), "statistics")
    assert stats.inbox_tags == [answer["inbox_tag"]]
    assert (stats.tags, stats.correspondents, stats.document_types) == (None, None, None)


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(make_client: Callable[..., PaperlessClient]) -> None:
    client = make_client(paperless(), credentials={"type": "apiToken", "token": "wrong-token"})
    for call in (integration.test_connection(client), integration.fetch_data(client, "statistics")):
        with pytest.raises(IntegrationError) as caught:
            await call
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "token" in err.message
        assert_no_secret(err, "wrong-token")


async def test_wrong_password_is_unauthorized(
    make_client: Callable[..., PaperlessClient],
) -> None:
    client = make_client(paperless(), credentials=basic("wrong-password"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "username or password" in caught.value.message
    assert_no_secret(caught.value, "wrong-password")


async def test_forbidden_keeps_drf_detail(make_client: Callable[..., PaperlessClient]) -> None:
    denied = httpx.Response(
        403, json={"detail": "You do not have permission to perform this action."}
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(paperless(statistics=denied)), "statistics")
    assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, 403)
    assert "You do not have permission" in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_paperless_is_invalid_response(
    make_client: Callable[..., PaperlessClient], name: str
) -> None:
    client = make_client(FakeUpstream(ID, {DOCUMENTS: name, STATISTICS: name}))
    for call in (integration.test_connection(client), integration.fetch_data(client, "statistics")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)
        assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., PaperlessClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_server_error_is_upstream_error(make_client: Callable[..., PaperlessClient]) -> None:
    upstream = paperless(statistics=httpx.Response(500, text="<h1>Server Error (500)</h1>"))
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "statistics")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert_no_secret(caught.value)
