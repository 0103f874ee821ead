"""The npm ``graphql-ws`` client, as a dashboard page on another origin runs it, against a real
uvicorn Tilewire: it must get text frames it can read, subscribe, and query over the socket."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.auth import Role, mint_token
from tests.browser.dashboard import (
    APP,
    SECRET,
    changing_after_the_first_poll,
    polling_stops,
    tilewire,
)
from tests.browser.node_clients import run_client
from tests.schema.test_subscriptions import SUBSCRIBE

pytestmark = pytest.mark.usefixtures("node_clients")

DASHBOARD = "https://dash.example.com"


async def test_graphql_ws_client_subscribes_and_queries(tmp_path: Path) -> None:
    async with tilewire(tmp_path, cors_origins=DASHBOARD) as (url, fake, app_id):
        async with changing_after_the_first_poll(fake, 43):
            run = await run_client(
                {
                    "client": "ws",
                    "url": f"{url}/graphql",
                    "origin": DASHBOARD,
                    "token": mint_token(SECRET, Role.VIEWER),
                    "query": "{ apps { id name } }",
                    "subscription": SUBSCRIBE,
                    "variables": {"app": app_id, "endpoint": "fast"},
                    "next": 2,
                }
            )
        assert run.returncode == 0, (run.events, run.stderr)
        assert not run.of("binaryFrame"), "graphql-transport-ws messages must be text frames"
        [query] = run.of("query")
        assert query["result"] == {"data": {"apps": [{"id": app_id, "name": APP}]}}
        nexts = run.of("next")
        assert [n["payload"]["data"]["integrationData"]["json"] for n in nexts] == [
            {"value": 42},
            {"value": 43},
        ]
        assert run.of("done")
        await polling_stops(fake)
