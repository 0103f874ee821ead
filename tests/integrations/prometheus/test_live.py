"""The Prometheus integration against the real Prometheus 2.42 on 127.0.0.1:18140.

Each payload is compared with what a plain httpx GET of the same API returns, so the test
checks the mapping, not only that something came back. A second, short-lived Prometheus with
basic auth enabled (``--web.config.file``) checks the credentials really reach the server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.capabilities import MetricQueryResult, ScrapeTargets
from integrations.errors import ErrorCode, IntegrationError
from integrations.prometheus import integration
from integrations.prometheus.client import PrometheusClient
from tests.live.services import PASSWORD, USERNAME, ServiceInfo
from tests.support.availability import unavailable

pytestmark = pytest.mark.live

# bcrypt of tests.live.services.PASSWORD ("adminpass123"), for Prometheus's basic_auth_users.
PASSWORD_BCRYPT = "$2b$10$cTJvDGadYiUNGLB/XgC0/Oep0aS//P3GLjVcB1lXDW71GbE2hFBmW"

Connect = Callable[..., PrometheusClient]


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    made: list[PrometheusClient] = []

    def make(url: str, **config: Any) -> PrometheusClient:
        client = integration.create_client(
            integration.config_model.model_validate({"url": url, **config})
        )
        assert isinstance(client, PrometheusClient)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def raw(svc: ServiceInfo, path: str, **params: str) -> Any:
    with httpx.Client(timeout=5.0, trust_env=False) as http:
        return http.get(f"{svc.url}{path}", params=params).raise_for_status().json()["data"]


async def test_connection_reports_the_running_version(svc: ServiceInfo, connect: Connect) -> None:
    info = await integration.test_connection(connect(svc.url))
    assert info.version == svc.version
    assert info.details["revision"]
    assert info.details["goVersion"].startswith("go")


async def test_query_up_matches_the_raw_api(svc: ServiceInfo, connect: Connect) -> None:
    result = await integration.fetch_data(connect(svc.url, extra={"query": "up"}), "query")
    rows = raw(svc, "/api/v1/query", query="up")["result"]
    assert isinstance(result, MetricQueryResult)
    assert result.result_type == "vector"
    own = [
        s
        for s in result.samples
        if {"name": "job", "value": "prometheus"} in s.model_dump()["labels"]
    ]
    [expected] = [r for r in rows if r["metric"].get("job") == "prometheus"]
    [sample] = own
    assert sample.value == float(expected["value"][1]) == 1.0
    assert {label.name: label.value for label in sample.labels} == expected["metric"]
    assert [label.name for label in sample.labels] == sorted(expected["metric"])


async def test_targets_counts_match_the_raw_api(svc: ServiceInfo, connect: Connect) -> None:
    result = await integration.fetch_data(connect(svc.url), "targets")
    active = raw(svc, "/api/v1/targets")["activeTargets"]
    assert isinstance(result, ScrapeTargets)
    health = Counter(t["health"] for t in active)
    assert (result.up, result.down, result.unknown) == (
        health["up"],
        health["down"],
        health["unknown"],
    )
    assert sorted((t.job, t.instance) for t in result.targets) == sorted(
        (t["labels"]["job"], t["labels"]["instance"]) for t in active
    )


@pytest.mark.parametrize(("query", "value"), [("1 + 1", 2.0), ("scalar(count(up))", None)])
async def test_scalar_queries(svc: ServiceInfo, connect: Connect, query: str, value: Any) -> None:
    result = await integration.fetch_data(connect(svc.url, extra={"query": query}), "query")
    assert isinstance(result, MetricQueryResult)
    assert result.result_type == "scalar"
    [sample] = result.samples
    assert sample.labels == []
    if value is None:
        value = float(len(raw(svc, "/api/v1/query", query="up")["result"]))
    assert sample.value == value


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("up{", "parse error"),
        ("up[1m]", "use an instant query"),
        ('up * on() group_left() {__name__=~"go_gc_duration_seconds"}', "duplicate series"),
    ],
)
async def test_query_problems_are_invalid_config(
    svc: ServiceInfo, connect: Connect, query: str, text: str
) -> None:
    client = connect(svc.url, extra={"query": query})
    with pytest.raises(IntegrationError) as info:
        await integration.fetch_data(client, "query")
    assert info.value.code is ErrorCode.INVALID_CONFIG
    assert text in info.value.message


async def test_wrong_base_path_is_not_found(svc: ServiceInfo, connect: Connect) -> None:
    with pytest.raises(IntegrationError) as info:
        await integration.test_connection(connect(f"{svc.url}/nope"))
    assert (info.value.code, info.value.status) == (ErrorCode.NOT_FOUND, 404)


# --- basic auth against a real Prometheus that enforces it -------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Prometheus requiring basic auth (USERNAME / PASSWORD); yields its URL."""
    binary = shutil.which("prometheus")
    if binary is None:
        unavailable("prometheus not installed; run tests/live/services/install.sh prometheus")
    root: Path = tmp_path_factory.mktemp("prometheus-auth")
    (root / "prometheus.yml").write_text("global: {scrape_interval: 1h}\nscrape_configs: []\n")
    (root / "web.yml").write_text(f'basic_auth_users:\n  {USERNAME}: "{PASSWORD_BCRYPT}"\n')
    url = f"http://127.0.0.1:{_free_port()}"
    with (root / "log").open("w") as log:
        proc = subprocess.Popen(
            [
                binary,
                f"--config.file={root / 'prometheus.yml'}",
                f"--storage.tsdb.path={root / 'tsdb'}",
                f"--web.listen-address={url.removeprefix('http://')}",
                f"--web.config.file={root / 'web.yml'}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(timeout=2.0, trust_env=False, auth=(USERNAME, PASSWORD)) as http:
            while True:
                try:
                    if http.get(f"{url}/-/ready").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    unavailable(
                        f"Prometheus with basic auth did not start:\n{(root / 'log').read_text()}"
                    )
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def test_basic_auth_reaches_a_guarded_prometheus(guarded: str, connect: Connect) -> None:
    creds = {"username": USERNAME, "password": PASSWORD}
    info = await integration.test_connection(connect(guarded, credentials=creds))
    assert info.version


@pytest.mark.parametrize(
    "credentials",
    [None, {"username": USERNAME, "password": "wrong-" + PASSWORD}],
    ids=["none", "wrong-password"],
)
async def test_guarded_prometheus_refuses(
    guarded: str, connect: Connect, credentials: dict[str, str] | None
) -> None:
    config = {} if credentials is None else {"credentials": credentials}
    with pytest.raises(IntegrationError) as info:
        await integration.test_connection(connect(guarded, **config))
    err = info.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert PASSWORD not in f"{err} {err!r} {err.message}"
