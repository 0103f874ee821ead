"""The npm ``graphql-ws`` client, as a dashboard page runs it, against a real uvicorn Tilewire:
it must get text frames it can read, subscribe, and query over the socket."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.auth import Role, mint_token
from tests.browser.node_clients import run_client
from tests.schema.test_subscriptions import SUBSCRIBE, create_demo
from tests.support.api import served
from tests.support.fake_service import running_fake_service

pytestmark = pytest.mark.usefixtures("node_clients")

SECRET = "b" * 40


async def test_graphql_ws_client_subscribes_and_queries(tmp_path: Path) -> None:
    async with (
        running_fake_service() as fake,
        served(
            f"sqlite://{tmp_path / 'db.sqlite3'}",
            tmp_path,
            jwt_secret=SECRET,
        ) as url,
    ):
        app_id = await create_demo(url, fake, "ws", token=mint_token(SECRET, Role.ADMIN))
        run = await run_client(
            {
                "client": "ws",
                "url": f"{url}/graphql",
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
    assert query["result"] == {"data": {"apps": [{"id": app_id, "name": "ws"}]}}
    nexts = run.of("next")
    assert len(nexts) == 2
    for update in nexts:
        assert update["payload"]["data"]["integrationData"]["json"] == {"value": 42}
    assert run.of("done")
