"""Benchmark: an action's round trip through Tilewire beside the same upstream calls made directly.

Runs the counting fake service (tests/support/fake_service.py) and `tilewire serve` with the
demo integration (tests/support/demo.py) on loopback, then, for each run, times:
- direct: the action's upstream call alone (`POST /set`), from a kept-alive client,
- direct + refetch: that call, then the two affected endpoints' reads concurrently: what
  `runAction` does upstream,
- runAction: the GraphQL mutation end to end (checks, the record in SQLite before and after,
  the action, the two refetches, the response),
- runAction replayed: the same clientKey again (answered from the record, nothing sent).

Prints median and p90 of each, and Tilewire's overhead over "direct + refetch", with the
upstream answering in 0 ms and in 20 ms.

Usage: .venv/bin/python bench/actions.py [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import free_port, process  # noqa: E402

FAKE = """
import asyncio, sys
import uvicorn
from tests.support.fake_service import FakeService
service = FakeService()
service.action_latency["slow"] = service.latency["slow"] = float(sys.argv[2])
uvicorn.run(service.app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""
RUN = """mutation($app: ID!, $v: Int!, $key: String) {
  runAction(appId: $app, actionId: "setValue", input: {value: $v}, clientKey: $key) {
    __typename ... on ActionSuccess { message data { endpointId json } } } }"""
CREATE = """mutation($input: CreateAppInput!) { createApp(input: $input) { ... on App { id } } }"""
API_KEY = "fake-service-key-5e2f"


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.9) - 1]


async def measure(tilewire: str, upstream: str, name: str, runs: int) -> dict[str, list[float]]:
    headers = {"X-Api-Key": API_KEY}
    times: dict[str, list[float]] = {k: [] for k in ("direct", "refetch", "action", "replay")}
    async with httpx.AsyncClient(timeout=30) as http:
        created = await http.post(
            f"{tilewire}/graphql",
            json={
                "query": CREATE,
                "variables": {
                    "input": {
                        "name": name,
                        "integrationType": "demo",
                        "integrationConfig": {
                            "url": f"{upstream}/svc/{name}",
                            "credentials": {"apiKey": API_KEY},
                        },
                    }
                },
            },
        )
        app_id = created.json()["data"]["createApp"]["id"]
        base = f"{upstream}/svc/{name}"
        for index in range(runs + 10):  # the first ten warm connections and caches up
            started = time.perf_counter()
            await http.post(f"{base}/set", json={"value": index}, headers=headers)
            direct = time.perf_counter() - started
            await asyncio.gather(
                http.get(f"{base}/reading", headers=headers),
                http.get(f"{base}/reading", headers=headers),
            )
            refetch = time.perf_counter() - started
            started = time.perf_counter()
            variables = {"app": app_id, "v": index, "key": f"{name}-{index}"}
            answer = await http.post(
                f"{tilewire}/graphql", json={"query": RUN, "variables": variables}
            )
            action = time.perf_counter() - started
            assert answer.json()["data"]["runAction"]["__typename"] == "ActionSuccess", answer.text
            started = time.perf_counter()
            await http.post(f"{tilewire}/graphql", json={"query": RUN, "variables": variables})
            replay = time.perf_counter() - started
            if index >= 10:
                for key, value in zip(times, (direct, refetch, action, replay), strict=True):
                    times[key].append(value * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    runs = max(10, min(args.runs, 5000))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        upstream_port, tilewire_port = free_port(), free_port()
        upstream = f"http://127.0.0.1:{upstream_port}"
        tilewire = f"http://127.0.0.1:{tilewire_port}"
        env = {
            "TILEWIRE_DATA_DIR": str(work),
            "TILEWIRE_PORT": str(tilewire_port),
            "TILEWIRE_PLUGINS": "tests.support.demo",
            "TILEWIRE_ACTION_RATE_LIMIT": "10000",
            "TILEWIRE_LOG_LEVEL": "WARNING",
        }
        fake = [sys.executable, "-c", FAKE, str(upstream_port), "0.02"]
        serve = [sys.executable, "-m", "app.cli", "serve"]
        with (
            process(fake, {}, f"{upstream}/svc/x/version", work / "fake.log"),
            process(serve, env, f"{tilewire}/healthz", work / "tilewire.log"),
        ):
            print(f"{runs} runs each; medians and p90 in ms (2-core machine, one worker)")
            print(f"{'upstream':>9} {'':<28} {'median':>8} {'p90':>8}")
            for name, label in (("fast", "0 ms"), ("slow", "20 ms")):
                times = asyncio.run(measure(tilewire, upstream, name, runs))
                rows = [
                    ("direct: POST /set", times["direct"]),
                    ("direct + 2 refetches", times["refetch"]),
                    ("runAction", times["action"]),
                    ("runAction replayed", times["replay"]),
                ]
                for title, samples in rows:
                    median, p90 = summary(samples)
                    print(f"{label:>9} {title:<28} {median:8.2f} {p90:8.2f}")
                overhead = summary(times["action"])[0] - summary(times["refetch"])[0]
                print(f"{label:>9} {'Tilewire overhead (median)':<28} {overhead:8.2f}")


if __name__ == "__main__":
    main()
