"""The server as a real uvicorn process: it answers, and a secret never leaks anywhere."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from app.crypto import generate_key
from tests.integrations.upstream import fixture_body
from tests.support.fake_service import running_fake_service
from tests.support.server import serve

CANARY = "canary-Zq7xVb93kLm2Pt"
CREATE = """mutation($input: CreateAppInput!) { createApp(input: $input) {
  __typename ... on App { id integration { config secrets { name isSet } } }
  ... on ValidationErrors { errors { field message } } } }"""


def test_uvicorn_process_serves_graphql_and_never_leaks_a_secret(tmp_path: Path) -> None:
    env = {
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "TILEWIRE_LOG_LEVEL": "DEBUG",
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_ENV": "development",
    }
    bodies: list[str] = []
    with (
        serve(env, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        assert http.get("/healthz").json() == {"status": "ok"}
        assert http.get("/readyz").json()["database"] == "ok"
        config = {
            "url": "http://127.0.0.1:9",
            "credentials": {"username": "admin", "password": CANARY},
        }
        created = http.post(
            "/graphql",
            json={
                "query": CREATE,
                "variables": {
                    "input": {
                        "name": "qB",
                        "integrationType": "qbittorrent",
                        "integrationConfig": config,
                    }
                },
            },
        )
        bodies.append(created.text)
        app = created.json()["data"]["createApp"]
        assert app["__typename"] == "App", created.text
        assert {"name": "credentials.password", "isSet": True} in app["integration"]["secrets"]
        # a validation error echoing the config must not echo the secret either
        bad = {**config, "url": "nope"}
        invalid = http.post(
            "/graphql",
            json={
                "query": CREATE,
                "variables": {
                    "input": {
                        "name": "x",
                        "integrationType": "qbittorrent",
                        "integrationConfig": bad,
                    }
                },
            },
        )
        bodies.append(invalid.text)
        assert invalid.json()["data"]["createApp"]["__typename"] == "ValidationErrors"
        listed = http.post(
            "/graphql", json={"query": "{ apps { id name integration { type config } } }"}
        )
        bodies.append(listed.text)
        assert listed.json()["data"]["apps"][0]["name"] == "qB"
        page = http.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
    log = server.log()
    assert "Uvicorn running" in log and "applied migration" in log
    for body in bodies:
        assert CANARY not in body
    assert CANARY not in log
    for path in tmp_path.iterdir():
        if path.name.startswith("tilewire.sqlite3"):
            assert CANARY.encode() not in path.read_bytes(), path


TEST = """mutation($input: TestIntegrationInput!) { testIntegration(input: $input) {
  __typename ... on TestConnectionSuccess { version } } }"""


async def test_a_key_sent_in_a_query_string_never_reaches_the_log(tmp_path: Path) -> None:
    """SABnzbd takes its API key in the query string, and httpx logs every request URL at
    INFO: the server keeps the HTTP client's loggers to warnings, even at DEBUG."""
    env = {
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "TILEWIRE_LOG_LEVEL": "DEBUG",
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_ENV": "development",
    }
    async with running_fake_service() as sabnzbd:
        sabnzbd.canned["sab/api"] = fixture_body("sabnzbd", "queue_limit_1")
        config = {"url": sabnzbd.base("sab"), "credentials": {"apiKey": CANARY}}
        variables = {"input": {"integrationType": "sabnzbd", "config": config}}
        with serve(env, tmp_path / "server.log") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
                answer = await http.post("/graphql", json={"query": TEST, "variables": variables})
        log = server.log()
    assert answer.json()["data"]["testIntegration"]["__typename"] == "TestConnectionSuccess"
    assert any(f"apikey={CANARY}".encode() in request for request in sabnzbd.received)
    assert " DEBUG " in log
    assert CANARY not in answer.text and CANARY not in log


async def test_served_app_freezes_what_start_up_left_alive(tmp_path: Path) -> None:
    """``tilewire serve`` moves the start-up heap out of the collector's reach: a full
    collection would otherwise walk about a million objects in the middle of a request."""
    import gc

    from app.main import create_app
    from tests.support.api import make_settings

    app = create_app(make_settings(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path))
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() == 0  # not by default (the tests build many apps)
    app = create_app(
        make_settings(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path), freeze_heap=True
    )
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()


def test_serving_returns_large_freed_blocks_to_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mmap threshold is fixed at 256 KiB (see ``return_large_blocks``); without glibc the
    server starts all the same."""
    import ctypes

    from app import main

    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, parameter: int, value: int) -> int:
            calls.append((parameter, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    main.return_large_blocks()
    assert calls == [(-3, 256 * 1024)]

    def missing(name: str) -> None:
        raise OSError(name)

    monkeypatch.setattr(ctypes, "CDLL", missing)
    main.return_large_blocks()  # no glibc: nothing to do, nothing raised
