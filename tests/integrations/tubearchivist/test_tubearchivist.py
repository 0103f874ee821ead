"""Tube Archivist integration against answers built from Tube Archivist 0.5.10's OpenAPI
schema and sources."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.tubearchivist import integration
from integrations.tubearchivist.client import TubeArchivistClient
from integrations.tubearchivist.definition import TubeArchivistStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "tubearchivist"
TOKEN = "3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"
BASE = "http://tubearchivist.test:8000"
PING = ("GET", "/api/ping/")
VIDEO = ("GET", "/api/stats/video/")
CHANNEL = ("GET", "/api/stats/channel/")
PLAYLIST = ("GET", "/api/stats/playlist/")
DOWNLOAD = ("GET", "/api/stats/download/")

MakeClient = Callable[..., TubeArchivistClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", TOKEN)
assert_no_secret = secret_check(TOKEN)


def fake(**answers: Any) -> FakeUpstream:
    """Tube Archivist's rule: ``Authorization: Token <token>`` on every API route."""
    routes = {PING: "ping", VIDEO: "video", CHANNEL: "channel", PLAYLIST: "playlist"}
    routes[DOWNLOAD] = "download"
    for route, answer in answers.items():
        routes[("GET", f"/api/stats/{route}/")] = answer
    return FakeUpstream(
        ID, routes, refuse=needs_header(ID, "authorization", f"Token {TOKEN}", "unauthorized")
    )


async def stats(client: TubeArchivistClient) -> TubeArchivistStats:
    payload = await integration.fetch_data(client, "stats")
    assert isinstance(payload, TubeArchivistStats)
    return payload


async def test_statistics(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await stats(make_client(upstream))
    assert payload == TubeArchivistStats(
        videos=1530,
        regular_videos=1402,
        shorts=120,
        streams=8,
        size_bytes=912680550400,
        duration_seconds=1893600,
        channels=42,
        subscribed_channels=17,
        playlists=6,
        subscribed_playlists=6,
        pending_downloads=23,
        ignored_downloads=4,
    )
    assert all(upstream.calls[route] == 1 for route in (VIDEO, CHANNEL, PLAYLIST, DOWNLOAD))


async def test_an_empty_archive_counts_zero(make_client: MakeClient) -> None:
    """With nothing archived yet Tube Archivist has no buckets: counts are null or missing."""
    empty_video = {"doc_count": None, "media_size": None, "duration": None, "duration_str": ""}
    empty = {"doc_count": None}
    upstream = fake(video=empty_video, channel=empty, playlist=empty, download={})
    payload = await stats(make_client(upstream))
    assert payload.videos == payload.shorts == payload.size_bytes == payload.channels == 0
    assert payload.pending_downloads == 0


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "v0.5.10" and info.details == {"user": "1"}


async def test_a_wrong_token_is_unauthorized_without_it(make_client: MakeClient) -> None:
    """Tube Archivist refuses a token with 403 and "Invalid token.": still UNAUTHORIZED."""
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "not-the-token"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 403
    assert "API token" in caught.value.message
    assert_no_secret(caught.value, "not-the-token", TOKEN)


async def test_another_403_is_forbidden(make_client: MakeClient) -> None:
    refused = httpx.Response(403, json={"detail": "You do not have permission to do this."})
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake(download=refused)))
    assert caught.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(200, text="<!doctype html><title>TubeArchivist</title>"), {"response": "no"}],
    ids=["web-page", "not-pong"],
)
async def test_an_answer_that_is_not_tube_archivists_is_invalid(
    make_client: MakeClient, answer: Any
) -> None:
    upstream = FakeUpstream(
        ID,
        {PING: answer},
        refuse=needs_header(ID, "authorization", f"Token {TOKEN}", "unauthorized"),
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_negative_counts_are_invalid(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake(channel={"doc_count": -1})))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


def test_an_empty_token_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(""))
    assert caught.value.errors()[0]["loc"] == ("credentials", "apiKey", "apiKey")
