"""Where a new widget goes when no position is given (last), under concurrent creates in two
Tilewire processes on one database, SQLite and PostgreSQL; and that an update without a
position leaves it where it is."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.app.test_cluster import cluster
from tests.schema.test_widgets import CREATE_WIDGET, UPDATE_WIDGET, create_widget
from tests.support.api import Api


def note(text: str) -> dict[str, Any]:
    return {"note": {"text": text}}


async def positions(api: Api) -> list[tuple[str, int]]:
    listed = await api.query("{ widgets { title position } }")
    return [(w["title"], w["position"]) for w in listed["widgets"]]


async def test_a_widget_without_a_position_goes_last(api: Api) -> None:
    first = await create_widget(api, title="first", config=note("a"))
    assert first["position"] == 0  # the first of all
    await create_widget(api, title="placed", position=7, config=note("b"))
    await create_widget(api, title="omitted", config=note("c"))
    await create_widget(api, title="null", position=None, config=note("d"))
    await create_widget(api, title="front", position=-3, config=note("e"))
    await create_widget(api, title="after", config=note("f"))
    assert await positions(api) == [
        ("front", -3),
        ("first", 0),
        ("placed", 7),
        ("omitted", 8),
        ("null", 9),
        ("after", 10),
    ]


async def test_an_update_without_a_position_keeps_it(api: Api) -> None:
    widget = await create_widget(api, title="w", position=4, config=note("a"))
    for fields in ({"title": "renamed"}, {"title": "again", "position": None}):
        updated = (await api.query(UPDATE_WIDGET, {"id": widget["id"], "input": fields}))[
            "updateWidget"
        ]
        assert (updated["title"], updated["position"]) == (fields["title"], 4)
    moved = (await api.query(UPDATE_WIDGET, {"id": widget["id"], "input": {"position": 2}}))[
        "updateWidget"
    ]
    assert moved["position"] == 2
    refused = (
        await api.query(UPDATE_WIDGET, {"id": widget["id"], "input": {"position": 1_000_001}})
    )["updateWidget"]
    assert refused["errors"][0]["field"] == "position"
    assert refused["errors"][0]["code"] == "OUT_OF_RANGE"
    assert await positions(api) == [("again", 2)]


@pytest.mark.cluster
async def test_concurrent_creates_in_two_processes_get_distinct_contiguous_positions(
    database_url: str, tmp_path: Path
) -> None:
    """20 createWidget requests at once, alternately to two processes on one database: each
    widget gets a position of its own, one after another, after the widget already there."""
    with cluster(2, database_url, None, tmp_path) as servers:
        async with httpx.AsyncClient(timeout=60) as http:

            async def create(n: int, position: int | None = None) -> dict[str, Any]:
                fields: dict[str, Any] = {"title": f"w{n}", "config": note(str(n))}
                if position is not None:
                    fields["position"] = position
                response = await http.post(
                    f"{servers[n % 2].url}/graphql",
                    json={"query": CREATE_WIDGET, "variables": {"input": fields}},
                )
                body: dict[str, Any] = response.json()
                assert not body.get("errors"), body
                result: dict[str, Any] = body["data"]["createWidget"]
                assert result["__typename"] == "Widget", result
                return result

            await create(-1, position=100)
            created = await asyncio.gather(*(create(n) for n in range(20)))
            listed = (
                await http.post(
                    f"{servers[0].url}/graphql", json={"query": "{ widgets { position } }"}
                )
            ).json()["data"]["widgets"]
    assert sorted(w["position"] for w in created) == list(range(101, 121))
    assert [w["position"] for w in listed] == list(range(100, 121))
