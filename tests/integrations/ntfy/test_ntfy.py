"""ntfy integration against answers as ntfy 2.13.0 writes them (its documentation's subscribe
API and its sources); message times are set relative to now."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.ntfy import integration
from integrations.ntfy.client import NtfyClient
from integrations.ntfy.definition import NtfyMessages, NtfyStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "ntfy"
TOKEN = "tk_fixture0123456789abcdefghijk"
BASE = "http://ntfy.test"
POLL = ("GET", "/backups/json")

MakeClient = Callable[..., NtfyClient]

body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN)


def config(token: str | None = TOKEN, url: str = BASE, **extra: Any) -> dict[str, Any]:
    credentials = {"type": "token", "token": token} if token else {"type": "none"}
    return {"url": url, "credentials": credentials, "extra": {"topic": "backups", **extra}}


def poll_answer(*ages: int, extra_lines: str = "") -> str:
    """The documented poll answer, its messages ``ages`` seconds old."""
    lines = [json.loads(line) for line in body("poll").splitlines()]
    now = int(time.time())
    for line, age in zip(lines, ages, strict=True):
        line["time"], line["expires"] = now - age, now - age + 43200
    return "".join(json.dumps(line) + "\n" for line in lines) + extra_lines


class FakeNtfy:
    def __init__(self, poll: str | None = None) -> None:
        self.asked: list[httpx.Request] = []
        answer = poll if poll is not None else poll_answer(3600, 60)
        self.upstream = FakeUpstream(
            ID,
            {("GET", "/v1/health"): "health", ("GET", "/v1/stats"): "stats", POLL: self.poll},
        )
        self.answer = answer

    def poll(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(request)
        auth = request.headers.get("authorization")
        if auth is None:
            return response_of(fixture(ID, "forbidden"))
        if auth != f"Bearer {TOKEN}":
            return response_of(fixture(ID, "unauthorized"))
        return httpx.Response(
            200, text=self.answer, headers={"content-type": "application/x-ndjson"}
        )


async def messages(client: NtfyClient) -> NtfyMessages:
    payload = await integration.fetch_data(client, "messages")
    assert isinstance(payload, NtfyMessages)
    return payload


async def test_messages_newest_first(make_client: MakeClient) -> None:
    ntfy = FakeNtfy()
    payload = await messages(make_client(ntfy.upstream))
    newest, older = payload.messages
    assert (newest.title, newest.priority, newest.tags) == (
        "Backup failed",
        5,
        ["warning", "skull"],
    )
    assert newest.click == "https://nas.example.org/logs"
    assert (older.title, older.priority, older.message) == (None, 3, "Backup of /home finished")
    assert (payload.topic, payload.total, payload.high_priority) == ("backups", 2, 1)
    assert dict(ntfy.asked[0].url.params) == {"poll": "1", "since": "24h"}


async def test_window_and_count_settings(make_client: MakeClient) -> None:
    ntfy = FakeNtfy()
    payload = await messages(make_client(ntfy.upstream, hours=2, messages=1))
    assert len(payload.messages) == 1 and payload.total == 2
    assert ntfy.asked[0].url.params["since"] == "2h"


async def test_keepalive_and_open_events_are_not_messages(make_client: MakeClient) -> None:
    now = int(time.time())
    extra = json.dumps({"id": "k1", "time": now, "event": "keepalive", "topic": "backups"}) + "\n"
    payload = await messages(make_client(FakeNtfy(poll_answer(10, 5, extra_lines=extra)).upstream))
    assert payload.total == 2


async def test_stats(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(FakeNtfy().upstream), "stats")
    assert payload == NtfyStats(healthy=True, messages=187230, messages_per_second=0.413)


async def test_connection_reads_the_topic(make_client: MakeClient) -> None:
    ntfy = FakeNtfy()
    info = await integration.test_connection(make_client(ntfy.upstream))
    assert info.details == {"healthy": "yes", "topic": "backups"}
    assert ntfy.asked[0].url.params["since"] == "none"


async def test_refusals_without_the_token(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await messages(make_client(FakeNtfy().upstream, "tk_wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "access token" in caught.value.message
    assert_no_secret(caught.value, "tk_wrong")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeNtfy().upstream, None))
    assert caught.value.code is ErrorCode.FORBIDDEN and "read access" in caught.value.message


async def test_not_ntfy_is_invalid(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await messages(make_client(FakeNtfy("<html>hello</html>\n").upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_messages_without_a_topic_say_so(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await messages(make_client(FakeNtfy().upstream, topic=""))
    assert caught.value.code is ErrorCode.INVALID_CONFIG and "extra.topic" in caught.value.message


def test_a_topic_with_a_slash_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(topic="a/b"))
    assert caught.value.errors()[0]["loc"] == ("extra", "topic")
