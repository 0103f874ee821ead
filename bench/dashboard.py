"""Benchmark: a 50-widget dashboard query through Tilewire vs the same JSON from a plain route.

Prints, for one uvicorn worker on this machine:
- cold dashboard latency against the slowest upstream (all 30 keys fetched concurrently),
- warm-cache requests/s and p50/p99 latency through uvicorn (wrk), and the same for a plain
  Starlette route serving the identical response bytes: the ratio is what we track,
- the same dashboard loaded through the stored widgets (`widgets { data { ... } }`), cold and
  warm, beside the aliased `integrationData` form (the target: within 10% of it),
- the server's resident memory idle and after the run.

Usage: .venv/bin/python bench/dashboard.py [--seconds 10] [--connections 16]
Needs wrk (Debian package `wrk`). Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
APPS = 20
WIDGETS = 50
LATENCY, SLOWEST = 0.2, 0.3
COLD_RUNS = 7
WARM_ROUNDS = 3

PAYLOAD = """stale fetchedAt error { code message }
  payload { __typename
    ... on MetricQueryResult { query resultType samples { labels { name value } value valueText timestamp } }
    ... on ScrapeTargets { up down unknown targets { job instance health lastError } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not ready")


@contextmanager
def process(args: list[str], env: dict[str, str], ready_url: str, log: Path) -> Iterator[int]:
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    try:
        wait_ready(ready_url)
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def uvicorn(app: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def wrk(url: str, body: str, seconds: int, connections: int, workdir: Path) -> dict[str, float]:
    script = workdir / "post.lua"
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(body)}\n"
    )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout

    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", out, re.M)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median requests/s."""
    return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]


async def direct_fetch(upstream: str) -> float:
    """The dashboard's 30 upstream calls made directly and concurrently by a warm client: the
    slowest upstream as it really answers on this machine under that load."""
    paths = [f"/p{n % APPS}/api/v1/query?query=up" for n in range(30)]
    paths = paths[:20] + [f"/p{n}/api/v1/targets" for n in range(10)]
    async with httpx.AsyncClient(base_url=upstream) as client:
        await asyncio.gather(*(client.get(p) for p in paths))  # connections warm
        started = time.perf_counter()
        await asyncio.gather(*(client.get(p) for p in paths))
        return time.perf_counter() - started


def cold_again(
    http: httpx.Client, upstream: str, app_ids: list[str], request: dict[str, str]
) -> tuple[float, float, float]:
    """The dashboard once more with every value gone: (seconds, and when the first and the
    last upstream call arrived at the fake upstream, in seconds after the request left)."""
    resave_apps(http, upstream, app_ids)
    httpx.get(f"{upstream}/arrivals")
    time.sleep(0.2)  # the replaced clients finish closing
    sent = time.time()
    started = time.perf_counter()
    assert "errors" not in http.post("/graphql", json=request).json()
    took = time.perf_counter() - started
    arrivals = sorted(at - sent for at, _ in httpx.get(f"{upstream}/arrivals").json())
    return took, arrivals[0], arrivals[-1]


def widget_target(app_ids: list[str], n: int) -> tuple[str, str]:
    """The App and endpoint widget ``n`` shows: 30 distinct keys over 50 widgets."""
    endpoint = "query" if n < 30 else "targets"
    return (app_ids[n % APPS] if endpoint == "query" else app_ids[n % 10]), endpoint


def dashboard_query(app_ids: list[str]) -> str:
    """The dashboard as one integrationData alias per widget."""
    parts = []
    for n in range(WIDGETS):
        app_id, endpoint = widget_target(app_ids, n)
        parts.append(
            f'w{n}: integrationData(appId: "{app_id}", endpointId: "{endpoint}") {{ {PAYLOAD} }}'
        )
    return "query Dashboard {\n" + "\n".join(parts) + "\n}"


WIDGETS_QUERY = f"query Dashboard {{\n  widgets {{ id data {{ {PAYLOAD} }} }}\n}}"
"""The same dashboard through the stored widgets: one document whatever the widgets are."""

CREATE_WIDGET = (
    "mutation($i: CreateWidgetInput!) { createWidget(input: $i) { __typename "
    "... on ValidationErrors { errors { field message } } } }"
)


def create_widgets(http: httpx.Client, app_ids: list[str]) -> None:
    for n in range(WIDGETS):
        app_id, endpoint = widget_target(app_ids, n)
        config = {"integration": {"appId": app_id, "endpointId": endpoint}}
        body = http.post(
            "/graphql", json={"query": CREATE_WIDGET, "variables": {"i": {"config": config}}}
        ).json()
        assert body["data"]["createWidget"]["__typename"] == "Widget", body


CREATE = (
    "mutation($i: CreateAppInput!) { createApp(input: $i) { ... on App { id } "
    "... on ValidationErrors { errors { field message } } } }"
)
UPDATE = "mutation($id: ID!, $i: UpdateAppInput!) { updateApp(id: $id, input: $i) { __typename } }"


def create_apps(http: httpx.Client, upstream: str) -> list[str]:
    app_ids = []
    for i in range(APPS):
        config = {"url": f"{upstream}/p{i}", "extra": {"query": "up"}}
        variables = {
            "i": {"name": f"prom{i}", "integrationType": "prometheus", "integrationConfig": config}
        }
        body = http.post("/graphql", json={"query": CREATE, "variables": variables}).json()
        app_ids.append(body["data"]["createApp"]["id"])
    return app_ids


def resave_apps(http: httpx.Client, upstream: str, app_ids: list[str]) -> None:
    """New ciphertext, new config fingerprint: every cached value of these Apps is gone."""
    for i, app_id in enumerate(app_ids):
        config = {"url": f"{upstream}/p{i}", "extra": {"query": "up"}}
        http.post(
            "/graphql",
            json={"query": UPDATE, "variables": {"id": app_id, "i": {"integrationConfig": config}}},
        )


@contextmanager
def private_redis(work: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(work),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True
        ).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def private_postgres_database() -> Iterator[str]:
    import asyncpg

    name = f"tilewire_bench_{os.getpid()}"

    async def run(sql: str) -> None:
        conn = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def warm_scenario(
    label: str,
    env: dict[str, str],
    workers: int,
    upstream: str,
    args: argparse.Namespace,
    work: Path,
) -> dict[str, float]:
    port = free_port()
    run_env = {**env, "TILEWIRE_PORT": str(port), "TILEWIRE_DATA_DIR": str(work / label)}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "app.cli", "serve", "--workers", str(workers)]
    with (
        process(command, run_env, f"{url}/healthz", work / f"{label}.log"),
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        body_text = json.dumps({"query": dashboard_query(create_apps(http, upstream))})
        for _ in range(workers * 4):  # every worker has the document and the values
            http.post("/graphql", content=body_text, headers={"content-type": "application/json"})
        return wrk(f"{url}/graphql", body_text, args.seconds, args.connections, work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-scale", action="store_true", help="skip the Redis / workers runs")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="tilewire-bench-"))
    upstream_port, tilewire_port, plain_port = free_port(), free_port(), free_port()
    upstream = f"http://127.0.0.1:{upstream_port}"
    tilewire = f"http://127.0.0.1:{tilewire_port}"
    env = {
        "TILEWIRE_DATA_DIR": str(work),
        "TILEWIRE_PORT": str(tilewire_port),
        "TILEWIRE_LOG_LEVEL": "WARNING",
        "BENCH_LATENCY": str(LATENCY),
        "BENCH_SLOWEST_LATENCY": str(SLOWEST),
    }
    for name in ("DATABASE_URL", "JWT_SECRET", "INTEGRATION_ENCRYPTION_KEY", "REDIS_URL"):
        os.environ.pop(name, None)
    with process(
        [sys.executable, "-m", "bench.fake_upstream", str(upstream_port)],
        env,
        f"{upstream}/calls",
        work / "upstream.log",
    ):
        with (
            process(
                [sys.executable, "-m", "app.cli", "serve"],
                env,
                f"{tilewire}/healthz",
                work / "tilewire.log",
            ) as pid,
            httpx.Client(base_url=tilewire, timeout=30) as http,
        ):
            idle = rss_mb(pid)
            app_ids = create_apps(http, upstream)
            request = {"query": dashboard_query(app_ids)}
            started = time.perf_counter()
            result = http.post("/graphql", json=request).json()
            cold_s = time.perf_counter() - started
            assert "errors" not in result, result.get("errors")
            assert all(v["error"] is None for v in result["data"].values()), result
            calls = httpx.get(f"{upstream}/calls").json()
            cold_runs = [cold_again(http, upstream, app_ids, request) for _ in range(COLD_RUNS)]
            cold_data_s = statistics.median(run[0] for run in cold_runs)
            create_widgets(http, app_ids)
            widgets_request = {"query": WIDGETS_QUERY}
            widgets_result = http.post("/graphql", json=widgets_request).json()
            assert "errors" not in widgets_result, widgets_result.get("errors")
            assert [w["data"]["error"] for w in widgets_result["data"]["widgets"]] == [
                None
            ] * WIDGETS
            widgets_cold_runs = [
                cold_again(http, upstream, app_ids, widgets_request) for _ in range(COLD_RUNS)
            ]
            widgets_cold_s = statistics.median(run[0] for run in widgets_cold_runs)
            direct_s = asyncio.run(direct_fetch(upstream))
            body_text = json.dumps(request)
            warm_body = http.post(
                "/graphql", content=body_text, headers={"content-type": "application/json"}
            ).content
            (work / "body.json").write_bytes(warm_body)
            widgets_text = json.dumps(widgets_request)
            widgets_body = http.post(
                "/graphql", content=widgets_text, headers={"content-type": "application/json"}
            ).content
            # The two forms alternate, WARM_ROUNDS runs each, and each form's median run is
            # kept: on a shared machine a neighbour's burst then skews both alike. Each run
            # starts on values just fetched, so that no run has them expire (and re-execute)
            # while another does not: the query endpoint's TTL is 15 s, longer than a run.
            runs: dict[str, list[dict[str, float]]] = {"aliased": [], "widgets": []}
            for _ in range(WARM_ROUNDS):
                for form, form_request, text in (
                    ("aliased", request, body_text),
                    ("widgets", widgets_request, widgets_text),
                ):
                    cold_again(http, upstream, app_ids, form_request)
                    runs[form].append(
                        wrk(f"{tilewire}/graphql", text, args.seconds, args.connections, work)
                    )
            warm, warm_widgets = (median_run(runs[form]) for form in ("aliased", "widgets"))
            after = rss_mb(pid)
        env["BENCH_PLAIN_BODY"] = str(work / "body.json")
        with process(
            uvicorn("bench.plain_server:app", plain_port),
            env,
            f"http://127.0.0.1:{plain_port}/graphql",
            work / "plain.log",
        ):
            plain = wrk(
                f"http://127.0.0.1:{plain_port}/graphql",
                body_text,
                args.seconds,
                args.connections,
                work,
            )
        scale: dict[str, dict[str, float]] = {}
        if not args.no_scale and shutil.which("redis-server"):
            with private_redis(work) as redis_url, private_postgres_database() as database_url:
                scale["SQLite, in-process cache, 1 worker"] = warm
                scale["SQLite, Redis cache, 1 worker"] = warm_scenario(
                    "redis-1", {**env, "REDIS_URL": redis_url}, 1, upstream, args, work
                )
                scale["PostgreSQL, Redis cache, 1 worker"] = warm_scenario(
                    "pg-redis-1",
                    {**env, "REDIS_URL": redis_url, "DATABASE_URL": database_url},
                    1,
                    upstream,
                    args,
                    work,
                )
                scale["PostgreSQL, Redis cache, 2 workers"] = warm_scenario(
                    "pg-redis-2",
                    {**env, "REDIS_URL": redis_url, "DATABASE_URL": database_url},
                    2,
                    upstream,
                    args,
                    work,
                )
    print(
        f"dashboard: {WIDGETS} widgets over {APPS} apps, {len(warm_body)} bytes of JSON per response"
    )
    print(
        f"cold dashboard, first request ever: {cold_s * 1000:.0f} ms vs slowest upstream "
        f"{SLOWEST * 1000:.0f} ms -> {cold_s / SLOWEST:.2f}x; upstream calls {sum(calls.values())} for 30 distinct keys"
    )
    print(
        f"cold dashboard, document seen before (median of {COLD_RUNS}): {cold_data_s * 1000:.0f} ms "
        f"-> {cold_data_s / SLOWEST:.2f}x the nominal slowest upstream "
        f"(runs {', '.join(f'{run[0] * 1000:.0f}' for run in cold_runs)} ms); "
        f"{cold_data_s / direct_s:.2f}x the same 30 calls made directly ({direct_s * 1000:.0f} ms)"
    )
    print(
        "  upstream calls arrived (first-last, ms after the request left): "
        + ", ".join(f"{run[1] * 1000:.0f}-{run[2] * 1000:.0f}" for run in cold_runs)
    )
    print(
        f"cold dashboard as widgets {{ data }}, document seen before (median of {COLD_RUNS}): "
        f"{widgets_cold_s * 1000:.0f} ms -> {widgets_cold_s / cold_data_s:.2f}x the aliased form "
        f"(runs {', '.join(f'{run[0] * 1000:.0f}' for run in widgets_cold_runs)} ms)"
    )
    print(
        f"warm Tilewire: {warm['rps']:.0f} req/s, p50 {warm['p50_ms']:.1f} ms, p99 {warm['p99_ms']:.1f} ms"
        f" (non-2xx: {warm['non_2xx']:.0f})"
    )
    print(
        f"warm Tilewire, widgets {{ data }}: {warm_widgets['rps']:.0f} req/s, "
        f"p50 {warm_widgets['p50_ms']:.1f} ms, p99 {warm_widgets['p99_ms']:.1f} ms "
        f"(non-2xx: {warm_widgets['non_2xx']:.0f}; {len(widgets_body)} bytes) -> "
        f"{warm_widgets['rps'] / warm['rps']:.2f}x the aliased form's requests/s"
    )
    print(
        f"  warm runs, req/s (median of {WARM_ROUNDS} kept, alternating): aliased "
        + ", ".join(f"{run['rps']:.0f}" for run in runs["aliased"])
        + "; widgets "
        + ", ".join(f"{run['rps']:.0f}" for run in runs["widgets"])
    )
    print(
        f"plain route:   {plain['rps']:.0f} req/s, p50 {plain['p50_ms']:.1f} ms, p99 {plain['p99_ms']:.1f} ms"
    )
    print(f"warm ratio:    {warm['rps'] / plain['rps']:.2f}x the plain route's requests/s")
    print(f"memory (RSS):  idle {idle:.1f} MiB, after the run {after:.1f} MiB")
    for label, figures in scale.items():
        print(
            f"warm, {label}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
            f"p99 {figures['p99_ms']:.1f} ms (non-2xx: {figures['non_2xx']:.0f})"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
