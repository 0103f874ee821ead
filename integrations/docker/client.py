"""The Docker Engine API over a unix socket (``unix:///var/run/docker.sock``) or TCP (2375, or
2376 with TLS client certificates), and Podman's Docker-compatible API on the same paths.

The paths are unversioned: the engine answers in its own API version (Docker 29 refuses API
versions below 1.44, so pinning an old one would shut it out); what Tilewire reads is the same
from v1.41 on. The socket and plain TCP need no credentials (whoever reaches them controls the
engine); TLS on 2376 authenticates the client by its certificate (``ClientCertificate``).
Errors are ``{"message": "..."}``.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx

from integrations.base import ServiceClient
from integrations.config import ServiceConfig
from integrations.docker.models import (
    ContainerInspect,
    ContainerSummary,
    CpuStats,
    ErrorBody,
    Info,
    Stats,
    Version,
)
from integrations.errors import IntegrationError

GONE = (404, 409)
"""A container removed (404), or one the engine cannot report on now (409), since it was
listed: left without details rather than failing the whole list."""
CONCURRENCY = 8
"""Requests about single containers in flight at once."""
SAMPLE_MAX_AGE_S = 120.0
"""A CPU sample kept from the previous fetch is used for this long."""


@dataclass(frozen=True, slots=True)
class CpuSample:
    """One container's CPU counters and when they were read (``time.monotonic``)."""

    stats: CpuStats
    taken: float


class DockerClient(ServiceClient):
    """A Docker Engine API client. It keeps each running container's last CPU sample between
    fetches, so that the next one measures CPU use since then without waiting for a second
    sample (Podman's one-shot stats carry no previous sample of their own)."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.cpu_samples: dict[str, CpuSample] = {}
        self.limit = asyncio.Semaphore(CONCURRENCY)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "the engine (or a proxy in front of it) refused the request: the Docker Engine API "
            "takes no password; use its socket, or TLS with a client certificate"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        said = self.try_parse(response, ErrorBody)
        words = self.detail(said.message if said is not None else None)
        return "the engine refused the request" + (f": {words}" if words else "")

    async def failure(self, response: httpx.Response) -> IntegrationError:
        error = await super().failure(response)
        said = self.try_parse(response, ErrorBody)
        words = self.detail(said.message if said is not None else None)
        if words and words not in error.message:
            return IntegrationError(
                error.code, f"{error.message}: {words}", status=error.status, url=error.url
            )
        return error

    # --- reading ----------------------------------------------------------------------------

    async def ping(self) -> None:
        await self.request("GET", "_ping", headers={"Accept": "text/plain"})

    async def version(self) -> Version:
        return await self.get_json("version", Version)

    async def info(self) -> Info:
        return await self.get_json("info", Info)

    async def containers(self, *, all: bool, labels: list[str]) -> list[ContainerSummary]:
        params: dict[str, str] = {"all": "1" if all else "0"}
        if labels:
            params["filters"] = json.dumps({"label": labels})
        return await self.get_json("containers/json", list[ContainerSummary], params=params)

    async def inspect(self, container_id: str) -> ContainerInspect | None:
        """The container's details; None when it is gone since it was listed."""
        async with self.limit:
            response = await self.request(
                "GET", f"containers/{container_id}/json", expect=(200, *GONE)
            )
        return None if response.status_code in GONE else self.parse(response, ContainerInspect)

    async def stats(self, container_id: str) -> Stats | None:
        """One sample of a running container's CPU and memory counters (``one-shot``: Docker
        answers at once instead of sampling twice over a second); None when the container
        is gone or stopped since it was listed (Podman answers a stopped one with an empty
        body)."""
        async with self.limit:
            response = await self.request(
                "GET",
                f"containers/{container_id}/stats",
                params={"stream": "false", "one-shot": "true"},
                expect=(200, *GONE),
            )
        if response.status_code in GONE or not response.content.strip():
            return None
        return self.parse(response, Stats)

    def kept_sample(self, container_id: str) -> CpuStats | None:
        kept = self.cpu_samples.get(container_id)
        if kept is None or time.monotonic() - kept.taken > SAMPLE_MAX_AGE_S:
            return None
        return kept.stats

    def keep_samples(self, samples: dict[str, CpuStats]) -> None:
        """The samples of this fetch replace the kept ones (so these stay bounded by what a
        fetch reads)."""
        now = time.monotonic()
        self.cpu_samples = {cid: CpuSample(stats, now) for cid, stats in samples.items()}
