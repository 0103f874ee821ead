"""/readyz of a real server says when the encryption keys cannot decrypt the stored Apps
(checked on a sample at start, logged once with the App ids, never a key)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from app import db
from app.apps import AppService
from app.crypto import Keyring, generate_key
from app.models import App
from tests.support.server import Server, serve

SECRET = "canary-readiness-7a0c55"
UPDATE = """mutation($id: ID!, $input: UpdateAppInput!) { updateApp(id: $id, input: $input) {
  __typename ... on ValidationErrors { errors { field code } } } }"""


def seed(url: str, *batches: tuple[str, int]) -> list[str]:
    """Apps with a config, ``count`` of them under each key; returns their ids."""

    async def run() -> list[str]:
        await db.migrate(url)
        ids = []
        for key, count in batches:
            service = AppService(Keyring.parse(key))
            for index in range(count):
                app = await service.create(
                    {
                        "name": f"app {index}",
                        "integrationType": "demo",
                        "integrationConfig": {
                            "url": "http://127.0.0.1:9",
                            "credentials": {"apiKey": SECRET},
                        },
                    }
                )
                ids.append(app.id)
        await db.close()
        return ids

    return asyncio.run(run())


def tamper(url: str, app_id: str, like: str) -> None:
    """Copy another App's encrypted config into this row (authentication fails)."""

    async def run() -> None:
        await db.init(url)
        row = await App.get(id=app_id)
        row.integration_config = (await App.get(id=like)).integration_config
        await row.save()
        await db.close()

    asyncio.run(run())


def environment(tmp_path: Path, url: str, keys: str) -> dict[str, str]:
    return {
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": url,
        "INTEGRATION_ENCRYPTION_KEY": keys,
        "TILEWIRE_PLUGINS": "tests.support.demo",
    }


def readyz(server: Server) -> httpx.Response:
    return httpx.get(f"{server.url}/readyz", timeout=5)


def assert_logged_once(server: Server, line: str, ids: list[str], *keys: str) -> None:
    log = server.log()
    assert log.count(line) == 1, log
    [logged] = [entry for entry in log.splitlines() if line in entry]
    for app_id in ids:
        assert app_id in logged
    assert "Traceback" not in log and SECRET not in log
    for key in keys:
        assert key.split(":")[-1] not in log


def test_a_wrong_key_makes_the_server_not_ready(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'tilewire.sqlite3'}"
    right, wrong = generate_key(), generate_key()
    ids = seed(url, (right, 3))
    env = environment(tmp_path, url, wrong)
    with serve(env, tmp_path / "wrong.log", ready_path="/healthz") as server:
        for _ in range(3):
            response = readyz(server)
            assert response.status_code == 503
            assert response.json() == {
                "status": "not ready",
                "database": "ok",
                "cache": "in-process",
                "keyring": "cannot decrypt 3 of 3 sampled Apps",
            }
        assert_logged_once(server, "cannot decrypt 3 of 3 sampled Apps", ids, right, wrong)
        assert " ERROR " in server.log()
    with serve(environment(tmp_path, url, right), tmp_path / "right.log") as server:
        response = readyz(server)
        assert response.status_code == 200
        assert response.json()["keyring"] == "ok"
        assert "sampled Apps" not in server.log()


def test_a_key_left_out_makes_the_server_not_ready(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'tilewire.sqlite3'}"
    old, new = "old:" + generate_key(), "new:" + generate_key()
    ids = seed(url, (old, 1), (new, 3))
    with serve(environment(tmp_path, url, new), tmp_path / "p.log", ready_path="/healthz") as s:
        response = readyz(s)
        assert response.status_code == 503
        assert response.json()["keyring"] == "cannot decrypt 1 of 4 sampled Apps"
        assert_logged_once(s, "cannot decrypt 1 of 4 sampled Apps", ids[:1], old, new)
        assert "not in INTEGRATION_ENCRYPTION_KEY" in s.log()


def test_one_damaged_row_is_reported_but_the_server_stays_ready(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'tilewire.sqlite3'}"
    key = generate_key()
    ids = seed(url, (key, 3))
    tamper(url, ids[0], like=ids[1])
    with serve(environment(tmp_path, url, key), tmp_path / "p.log") as server:
        response = readyz(server)
        assert response.status_code == 200
        assert response.json()["keyring"] == "cannot decrypt 1 of 3 sampled Apps"
        assert_logged_once(server, "cannot decrypt 1 of 3 sampled Apps", ids[:1], key)
        assert " WARNING " in server.log()


def test_readiness_returns_once_the_config_is_entered_again(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'tilewire.sqlite3'}"
    key, lost = generate_key(), generate_key()
    [app_id] = seed(url, (lost, 1))
    with serve(environment(tmp_path, url, key), tmp_path / "p.log", ready_path="/healthz") as s:
        assert readyz(s).status_code == 503
        config = {"url": "http://127.0.0.1:9", "credentials": {"apiKey": "entered-again"}}
        variables = {"id": app_id, "input": {"integrationConfig": config}}
        updated = httpx.post(
            f"{s.url}/graphql", json={"query": UPDATE, "variables": variables}, timeout=10
        )
        assert updated.json()["data"]["updateApp"]["__typename"] == "App", updated.text
        response = readyz(s)
        assert response.status_code == 200
        assert response.json()["keyring"] == "ok"
        assert "decrypt every sampled App config again" in s.log()
