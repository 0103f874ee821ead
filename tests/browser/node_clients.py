"""The npm GraphQL clients of a browser dashboard (graphql-ws, graphql-sse), run by Node.

Their packages live in ``tests/browser/node`` (pinned in ``package-lock.json``); ``npm ci``
installs them into its ``node_modules`` when that is missing or older than the lock file.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.node_packages import install_node_packages

NODE_DIR = Path(__file__).with_name("node")


def install_node_clients() -> None:
    """``npm ci`` unless node_modules matches the lock file (see install_node_packages)."""
    install_node_packages(NODE_DIR, "the npm GraphQL clients")


@dataclass
class ClientRun:
    events: list[dict[str, Any]]
    returncode: int
    stderr: str

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]


async def run_client(job: dict[str, Any], timeout: float = 20.0) -> ClientRun:
    """Run one client job (see ``node/clients.mjs``) to its end, at most ``timeout`` s."""
    job = {"timeoutMs": int(timeout * 1000), **job}
    process = await asyncio.create_subprocess_exec(
        "node",
        str(NODE_DIR / "clients.mjs"),
        json.dumps(job),
        cwd=NODE_DIR,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout + 5)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    events = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    assert process.returncode is not None
    return ClientRun(events, process.returncode, err.decode())
