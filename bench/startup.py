"""Benchmark: start-up time and idle memory with every integration registered.

Prints, for each tree given (this checkout by default; pass an older checkout with `--tree` to
print before and after side by side):
- the integrations registered,
- start-up time: from spawning `tilewire serve` (production mode, SQLite in a new directory,
  one worker) to the first 200 from /readyz, the median of `--runs` starts,
- idle RSS of the serving process a second after it is ready (VmRSS from /proc), the median,
- what the integrations' definitions cost: the RSS of a fresh interpreter after importing the
  registry, before and after it imports every definition, and that difference per
  integration.

The target (issue "the next 50 integrations"): idle RSS with every integration registered under
80 MiB; it is printed under the figures.

Usage: .venv/bin/python bench/startup.py [--runs 3] [--tree /path/to/older/checkout ...]
Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.adversarial import SECRET, free_port, generate_key  # noqa: E402

IDLE_RSS_TARGET_MIB = 80.0
SETTLE_SECONDS = 1.0

DEFINITIONS_PROBE = """
import sys

def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from integrations.registry import registry
before = rss()
count = len(registry.all())
after = rss()
print(count, before, after)
"""


@dataclass(frozen=True)
class Figures:
    tree: Path
    integrations: int
    startup_s: float
    idle_rss_mib: float
    registry_mib: float
    definitions_mib: float

    @property
    def per_integration_kib(self) -> float:
        return self.definitions_mib * 1024 / self.integrations if self.integrations else 0.0


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def env_for(tree: Path, work: Path, port: int) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "PYTHONPATH": str(tree),
        "TILEWIRE_ENV": "production",
        "TILEWIRE_PORT": str(port),
        "TILEWIRE_DATA_DIR": str(work),
        "TILEWIRE_LOG_LEVEL": "WARNING",
        "JWT_SECRET": SECRET,
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
    }


def one_start(tree: Path) -> tuple[float, float]:
    """Seconds from spawn to ready, and the RSS (MiB) once idle."""
    work = Path(tempfile.mkdtemp(prefix="tilewire-startup-"))
    port = free_port()
    log = work / "tilewire.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            env=env_for(tree, work, port),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tree,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"tilewire did not start:\n{log.read_text()}")
            time.sleep(0.02)
        ready = time.perf_counter() - started
        time.sleep(SETTLE_SECONDS)
        return ready, rss_mib(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def measure(tree: Path, runs: int) -> Figures:
    probe = subprocess.run(
        [sys.executable, "-c", DEFINITIONS_PROBE],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    count, before, after = probe.stdout.split()
    starts = [one_start(tree) for _ in range(runs)]
    return Figures(
        tree=tree,
        integrations=int(count),
        startup_s=statistics.median(s for s, _ in starts),
        idle_rss_mib=statistics.median(r for _, r in starts),
        registry_mib=float(before),
        definitions_mib=float(after) - float(before),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="starts per tree (median)")
    parser.add_argument(
        "--tree", type=Path, action="append", help="another checkout to measure first"
    )
    args = parser.parse_args()
    trees = [*(args.tree or []), ROOT]
    print(
        f"{'tree':<28} {'integrations':>12} {'start-up s':>10} {'idle RSS MiB':>12} "
        f"{'definitions MiB':>15} {'per integration KiB':>19}"
    )
    for tree in trees:
        f = measure(tree.resolve(), max(1, args.runs))
        print(
            f"{str(f.tree)[-28:]:<28} {f.integrations:>12} {f.startup_s:>10.2f} "
            f"{f.idle_rss_mib:>12.1f} {f.definitions_mib:>15.1f} {f.per_integration_kib:>19.0f}"
        )
        verdict = "within" if f.idle_rss_mib < IDLE_RSS_TARGET_MIB else "OVER"
        print(f"{'':<28} idle RSS {verdict} the target of {IDLE_RSS_TARGET_MIB:.0f} MiB")


if __name__ == "__main__":
    main()
