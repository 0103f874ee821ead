"""Tilewire against hostile upstreams: what each one costs the server while a viewer asks for it.

Starts the hostile upstream (``tests/support/hostile_upstream.py``, a process of its own) and
Tilewire (``tilewire serve``, one worker, the default response cap), makes one Prometheus App
per scenario pointing at it, then for each scenario asks ``integrationData`` (as a viewer's
dashboard would) and forces a refetch again and again for ``--seconds``, and prints:
- the server's peak resident memory growth (VmHWM after ``clear_refs`` reset it, and VmRSS
  sampled every few ms) and what it kept after the answer,
- the slowest ``/healthz`` answer meanwhile (polled every 10 ms from another thread),
- the server's CPU time (user + system), the wall time, and the error code returned (for the
  valid answer, how many samples the value kept of how many),
against the targets, printed under the figures and checked in each line's verdict: peak growth
under 50 MB, ``/healthz`` under 100 ms; a last line sums up. The CPU time includes answering
the ``/healthz`` polls (a fraction of a millisecond each).

Usage: .venv/bin/python bench/adversarial_upstream.py [--only NAME ...]
Talks only to 127.0.0.1. ``run``, ``probe`` and ``Figures`` are meant for other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is not a package on the path
    sys.path.insert(0, str(ROOT))

from bench.dashboard import CREATE, free_port, process  # noqa: E402

RSS_TARGET_MB = 50.0
HEALTHZ_TARGET_MS = 100.0
APP_TIMEOUT = 5.0
"""The Apps' total timeout: how long the slow drip may last."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    """The hostile upstream's scenario (the first segment of the App's URL path)."""
    expected: str | None
    """The error code the viewer should get (None: a value)."""


SCENARIOS = [
    Scenario("500 MB body, Content-Length", "big-length", "RESPONSE_TOO_LARGE"),
    Scenario("500 MB body, chunked", "big-chunked", "RESPONSE_TOO_LARGE"),
    Scenario("1 MB gzip bomb (1 GiB inflated)", "gzip-bomb", "RESPONSE_TOO_LARGE"),
    Scenario("2 MB of response headers", "huge-headers", "RESPONSE_TOO_LARGE"),
    Scenario(f"slow drip (1 byte / 0.5 s, {APP_TIMEOUT:g} s timeout)", "slow-drip", "TIMEOUT"),
    Scenario("redirect loop", "loop", "TOO_MANY_REDIRECTS"),
    Scenario("cross-origin 307 redirect", "away-307", "REDIRECT_REFUSED"),
    Scenario("valid answer just under the cap (140k samples)", "dense-vector", None),
]
"""The last one is no attack on the HTTP layer: a valid answer of the cap's size, which the
integration must read without building all of it (Prometheus keeps its first samples and
counts the rest)."""

DATA = """query($app: ID!) { integrationData(appId: $app, endpointId: "query") {
  error { code message } payload { __typename ... on MetricQueryResult { total samples { valueText } } } } }"""
REFRESH = """mutation($app: ID!) { refreshIntegrationData(appId: $app, endpointId: "query") {
  error { code } } }"""


@dataclass(frozen=True)
class Figures:
    """What one request cost the server."""

    peak_growth_mb: float
    kept_mb: float
    healthz_max_ms: float
    healthz_failures: int
    healthz_samples: int
    cpu_ms: float
    seconds: float

    def misses(self) -> list[str]:
        """Each target missed, with the figure against it."""
        missed = []
        if self.peak_growth_mb >= RSS_TARGET_MB:
            missed.append(f"peak +{self.peak_growth_mb:.0f} MB >= {RSS_TARGET_MB:g} MB")
        if self.healthz_max_ms >= HEALTHZ_TARGET_MS:
            missed.append(f"/healthz {self.healthz_max_ms:.0f} ms >= {HEALTHZ_TARGET_MS:g} ms")
        if self.healthz_failures:
            missed.append(f"{self.healthz_failures} /healthz failures")
        return missed

    def meets_targets(self) -> bool:
        return not self.misses()


def _status_kb(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def _cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / CLOCK_TICKS  # utime + stime


def _reset_peak(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def probe(pid: int, healthz: str, action: Callable[[], Any]) -> tuple[Any, Figures]:
    """Run ``action`` while watching process ``pid``: its memory, CPU, and how fast it
    answers ``healthz`` meanwhile."""
    time.sleep(0.3)  # let the previous request's leftovers settle
    before = _status_kb(pid)["VmRSS"]
    peak_reset = _reset_peak(pid)
    cpu_before = _cpu_ms(pid)
    done = threading.Event()
    slowest = [0.0]
    failures = [0]
    sampled_peak = [before]

    samples = [0]

    def watch() -> None:
        # At least one /healthz during the action (or just after it, for a very short one).
        with httpx.Client(timeout=5) as client:
            while not done.is_set() or not samples[0]:
                samples[0] += 1
                started = time.perf_counter()
                try:
                    client.get(healthz).raise_for_status()
                except httpx.HTTPError:
                    failures[0] += 1
                slowest[0] = max(slowest[0], time.perf_counter() - started)
                sampled_peak[0] = max(sampled_peak[0], _status_kb(pid)["VmRSS"])
                time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    try:
        result = action()
    finally:
        seconds = time.perf_counter() - started
        done.set()
        watcher.join(10)
    after = _status_kb(pid)
    peak = max(sampled_peak[0], after["VmHWM"] if peak_reset else 0)
    return result, Figures(
        peak_growth_mb=(peak - before) / 1024,
        kept_mb=(after["VmRSS"] - before) / 1024,
        healthz_max_ms=slowest[0] * 1000,
        healthz_failures=failures[0],
        healthz_samples=samples[0],
        cpu_ms=_cpu_ms(pid) - cpu_before,
        seconds=seconds,
    )


@contextmanager
def tilewire_against_hostile_upstream(work: Path) -> Iterator[tuple[str, str, int]]:
    """The hostile upstream and Tilewire, running: yields (upstream URL, Tilewire URL, pid)."""
    upstream_port, away_port, tilewire_port = free_port(), free_port(), free_port()
    upstream = f"http://127.0.0.1:{upstream_port}"
    tilewire = f"http://127.0.0.1:{tilewire_port}"
    env = {
        "TILEWIRE_DATA_DIR": str(work),
        "TILEWIRE_PORT": str(tilewire_port),
        "TILEWIRE_LOG_LEVEL": "WARNING",
    }
    for name in ("DATABASE_URL", "JWT_SECRET", "INTEGRATION_ENCRYPTION_KEY", "REDIS_URL"):
        os.environ.pop(name, None)
    hostile = [sys.executable, "-m", "tests.support.hostile_upstream"]
    with (
        process(
            [*hostile, str(upstream_port), str(away_port)],
            {},
            f"{upstream}/ok",
            work / "upstream.log",
        ),
        process(
            [sys.executable, "-m", "app.cli", "serve"],
            env,
            f"{tilewire}/healthz",
            work / "tilewire.log",
        ) as pid,
    ):
        yield upstream, tilewire, pid


def run(
    scenarios: list[Scenario], seconds: float = 2.0
) -> list[tuple[Scenario, str | None, str, int, Figures]]:
    """Each scenario against a fresh App, fetched again and again for ``seconds``:
    (scenario, code returned, message or what the value holds, fetches, figures)."""
    work = Path(tempfile.mkdtemp(prefix="tilewire-adversarial-"))
    results = []
    try:
        with (
            tilewire_against_hostile_upstream(work) as (upstream, tilewire, pid),
            httpx.Client(base_url=tilewire, timeout=60) as http,
        ):
            # Not measured: the first fetch imports the integration's client, the first query
            # builds the GraphQL machinery; neither is the hostile upstream's doing.
            for scenario in [Scenario("warm-up", "ok", "INVALID_RESPONSE"), *scenarios]:
                config = {
                    "url": f"{upstream}/{scenario.path}",
                    "timeout": APP_TIMEOUT,
                    "extra": {"query": "up"},
                }
                variables = {
                    "i": {
                        "name": scenario.path,
                        "integrationType": "prometheus",
                        "integrationConfig": config,
                    }
                }
                created = http.post("/graphql", json={"query": CREATE, "variables": variables})
                app_id = created.json()["data"]["createApp"]["id"]

                def ask(app_id: str = app_id) -> tuple[dict[str, Any], int]:
                    """A viewer's query, then forced refetches until ``seconds`` are up."""
                    variables = {"app": app_id}
                    answer = http.post("/graphql", json={"query": DATA, "variables": variables})
                    fetches, until = 1, time.monotonic() + seconds
                    while time.monotonic() < until:
                        http.post("/graphql", json={"query": REFRESH, "variables": variables})
                        fetches += 1
                    return answer.json(), fetches

                (answer, fetches), figures = probe(pid, f"{tilewire}/healthz", ask)
                if scenario.path == "ok":
                    continue
                data = answer["data"]["integrationData"]
                error = data["error"] or {}
                message = error.get("message", "")
                payload = data.get("payload") or {}
                if "total" in payload:
                    message = (
                        f"the value holds {len(payload['samples'])} of {payload['total']} samples"
                    )
                results.append((scenario, error.get("code"), message, fetches, figures))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="scenario paths, e.g. gzip-bomb loop")
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="how long each upstream is fetched again"
    )
    args = parser.parse_args()
    chosen = [s for s in SCENARIOS if not args.only or s.path in args.only]
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; targets per "
        f"hostile upstream: peak RSS growth < {RSS_TARGET_MB:g} MB, /healthz < "
        f"{HEALTHZ_TARGET_MS:g} ms meanwhile (one at a time, default response cap)"
    )
    header = (
        f"{'scenario':48} {'code':20} {'fetches':>7} {'peak MB':>8} {'kept MB':>8} "
        f"{'healthz ms':>10} {'polls':>5} {'CPU ms':>7}  verdict"
    )
    targets = (
        f"{'':48} {'target':20} {'':>7} {f'< {RSS_TARGET_MB:g}':>8} {'':>8} "
        f"{f'< {HEALTHZ_TARGET_MS:g}':>10}"
    )
    print(header)
    print(targets)
    print("-" * len(header))
    missed = []
    results = run(chosen, args.seconds)
    for scenario, code, message, fetches, figures in results:
        problems = figures.misses()
        if code != scenario.expected:
            problems.append(
                f"answered {code or 'a value'}, expected {scenario.expected or 'a value'}"
            )
        verdict = "ok" if not problems else "MISSED: " + "; ".join(problems)
        if problems:
            missed.append(scenario.name)
        print(
            f"{scenario.name:48} {code or '(value)':20} {fetches:7} {figures.peak_growth_mb:8.1f} "
            f"{figures.kept_mb:8.1f} {figures.healthz_max_ms:10.1f} {figures.healthz_samples:5} "
            f"{figures.cpu_ms:7.0f}  {verdict}"
        )
        if message:
            print(f"{'':48} {message[:110]}")
    print(
        f"{len(results) - len(missed)} of {len(results)} hostile upstreams within the targets"
        + (f"; missed: {', '.join(missed)}" if missed else "")
        + f" (load average {os.getloadavg()[0]:.1f} at the end)"
    )


if __name__ == "__main__":
    main()
