"""Docker (and Podman's Docker-compatible API): containers with state, health and resource
use, the engine's version and counts, and starting, stopping or restarting a container."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import field_validator

from integrations.actions import ActionResult, ItemInput, action
from integrations.base import task_group, together
from integrations.capabilities import (
    MAX_CONTAINER_LABELS,
    MAX_CONTAINER_PORTS,
    MAX_CONTAINERS,
    ContainerEngine,
    ContainerHealth,
    ContainerLabel,
    ContainerList,
    ContainerPort,
    ContainerSummary,
)
from integrations.config import ClientCertificate, ConfigModel, NoCredentials, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.docker import models
    from integrations.docker.client import DockerClient

T = TypeVar("T")

MAX_LABEL_FILTERS = 10
_LABEL = r"[A-Za-z0-9][A-Za-z0-9._/-]{0,127}(?:=[^\s,]{1,256})?"
LABEL_FILTER_RE = re.compile(rf"^{_LABEL}$")
LABELS_PATTERN = rf"^[,\s]*(?:{_LABEL}(?:[,\s]+{_LABEL}){{0,{MAX_LABEL_FILTERS - 1}}}[,\s]*)?$"
"""The validator's rule for the config schema: label filters (``key`` or ``key=value``)
separated by commas or spaces, at most MAX_LABEL_FILTERS."""
NAME_PATTERN = r"^[A-Za-z0-9_.*?\[\]!-]{0,128}$"
"""A glob of container names: their own characters and ``* ? [ ] !``."""
MAX_STATS = 50
"""Running containers whose CPU and memory are read (the first by name)."""
SAMPLE_GAP_S = 0.5
"""Between the two CPU samples of a container with no earlier one."""
LABEL_VALUE_MAX = 256
DONE = 204
UNCHANGED = 304
"""The engine's answer to starting a running container or stopping a stopped one."""
STOP_GRACE_MAX_S = 10
"""Docker's own default wait before it kills a container that does not stop."""
STOPPED = ("exited", "created", "dead")
_TIME_RE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_HEALTH_SUFFIX = {
    "(healthy)": ContainerHealth.HEALTHY,
    "(unhealthy)": ContainerHealth.UNHEALTHY,
    "(health: starting)": ContainerHealth.STARTING,
}


class DockerSettings(ConfigModel):
    """Which containers the ``containers`` endpoint lists."""

    all: bool = field(
        "Include stopped containers",
        default=True,
        help="List exited and created containers too, not only running ones.",
    )
    labels: str = field(
        "Label filters",
        default="",
        max_length=4096,
        schema_pattern=LABELS_PATTERN,
        help="Only containers with all these labels: key or key=value, separated by commas, "
        f"e.g. com.docker.compose.project=media (at most {MAX_LABEL_FILTERS}).",
    )
    name_pattern: str = field(
        "Name pattern",
        default="",
        max_length=128,
        schema_pattern=NAME_PATTERN,
        help="Only containers whose name matches this glob, e.g. media-* or *sql* "
        "(* any characters, ? one, [abc] one of them). Empty: every name.",
    )

    @field_validator("labels")
    @classmethod
    def _label_filters(cls, value: str) -> str:
        found: list[str] = []
        for part in re.split(r"[,\s]+", value):
            if not part or part in found:
                continue
            if not LABEL_FILTER_RE.match(part):
                raise ValueError(f"{part[:40]!r} is not a label filter (key or key=value)")
            found.append(part)
        if len(found) > MAX_LABEL_FILTERS:
            raise ValueError(f"at most {MAX_LABEL_FILTERS} label filters")
        return ", ".join(found)

    @field_validator("name_pattern")
    @classmethod
    def _glob(cls, value: str) -> str:
        if not re.match(NAME_PATTERN, value):
            raise ValueError(
                "a name glob has letters, digits, _ . - and the wildcards * ? [ ] ! only"
            )
        return value

    @property
    def label_filters(self) -> list[str]:
        return self.labels.split(", ") if self.labels else []


def settings_of(client: DockerClient) -> DockerSettings:
    extra = client.config.extra
    return extra if isinstance(extra, DockerSettings) else DockerSettings()


# --- reading the answers ------------------------------------------------------------------


def parse_time(text: str | None) -> datetime | None:
    """An engine's timestamp (RFC 3339 with nanoseconds); None for its zero time (never)."""
    found = _TIME_RE.match(text or "")
    if found is None or found[1].startswith("0001-"):
        return None
    zone = "+00:00" if found[3] == "Z" else found[3]
    return datetime.fromisoformat(found[1] + (found[2] or "")[:7] + zone)


def name_of(item: models.ContainerSummary) -> str:
    """The container's own name (``/web``), not a link's (``/app/db``)."""
    names = item.names or []
    own = [n for n in names if n.count("/") <= 1]
    return (own or names or [item.id[:12]])[0].lstrip("/")


def health_of(
    item: models.ContainerSummary, inspect: models.ContainerInspect | None
) -> ContainerHealth:
    """From inspect's ``State.Health`` (both engines), else the list's ``Health`` (API 1.51
    and later), else the suffix Docker puts in the status text (Podman puts none); ``none``
    for a container that is not running."""
    if item.state != "running":
        return ContainerHealth.NONE
    said: str | None = None
    if inspect is not None and inspect.state is not None and inspect.state.health is not None:
        said = inspect.state.health.status
    if not said and item.health is not None:
        said = item.health.status
    if said:
        try:
            return ContainerHealth(said)
        except ValueError:
            return ContainerHealth.NONE
    for suffix, health in _HEALTH_SUFFIX.items():
        if item.status.endswith(suffix):
            return health
    return ContainerHealth.NONE


def cpu_percent(now: models.CpuStats, before: models.CpuStats) -> float | None:
    """Docker's formula: the container's CPU time over the host's, times the CPUs, in percent
    (100 = one whole CPU busy); None without two samples of the host's counter."""
    if now.system_cpu_usage is None or not before.system_cpu_usage:
        return None
    system = now.system_cpu_usage - before.system_cpu_usage
    used = now.cpu_usage.total_usage - before.cpu_usage.total_usage
    if system <= 0 or used < 0:
        return None
    cpus = now.online_cpus or len(now.cpu_usage.percpu_usage or ()) or 1
    return round(used / system * cpus * 100, 2)


def memory_of(stats: models.Stats) -> tuple[int | None, int | None, float | None]:
    """(used, limit, percent) as ``docker stats`` shows them: the usage less the inactive
    page cache (``total_inactive_file`` under cgroup v1, ``inactive_file`` under v2)."""
    memory = stats.memory_stats
    if memory.usage is None:
        return None, memory.limit, None
    counters = memory.stats or {}
    cache = counters.get("total_inactive_file", counters.get("inactive_file", 0))
    used = memory.usage - cache if 0 < cache < memory.usage else memory.usage
    percent = round(used / memory.limit * 100, 2) if memory.limit else None
    return used, memory.limit, percent


def ports_of(item: models.ContainerSummary) -> list[ContainerPort]:
    ports = sorted(
        item.ports or [], key=lambda p: (p.private_port, p.type, p.public_port or 0, p.ip or "")
    )
    return [
        ContainerPort(
            private_port=p.private_port, public_port=p.public_port, protocol=p.type, ip=p.ip
        )
        for p in ports[:MAX_CONTAINER_PORTS]
    ]


def labels_of(item: models.ContainerSummary) -> list[ContainerLabel]:
    labels = sorted((item.labels or {}).items())[:MAX_CONTAINER_LABELS]
    return [ContainerLabel(name=k[:LABEL_VALUE_MAX], value=v[:LABEL_VALUE_MAX]) for k, v in labels]


def summary_of(
    item: models.ContainerSummary,
    inspect: models.ContainerInspect | None,
    stats: models.Stats | None,
    cpu: float | None,
    now: datetime,
) -> ContainerSummary:
    state = inspect.state if inspect is not None else None
    running = item.state == "running"
    started = parse_time(state.started_at) if state is not None else None
    finished = parse_time(state.finished_at) if state is not None and not running else None
    used, limit, percent = memory_of(stats) if stats is not None and running else (None,) * 3
    return ContainerSummary(
        id=item.id[:12],
        name=name_of(item),
        image=item.image,
        state=item.state,
        health=health_of(item, inspect),
        status=item.status,
        started_at=started,
        uptime_seconds=max(0, int((now - started).total_seconds()))
        if started and running
        else None,
        finished_at=finished,
        exit_code=state.exit_code if state is not None and item.state in STOPPED else None,
        restart_count=inspect.restart_count if inspect is not None else 0,
        ports=ports_of(item),
        labels=labels_of(item),
        cpu_percent=cpu if running else None,
        memory_used=used,
        memory_limit=limit,
        memory_percent=percent,
    )


async def each(ids: list[str], fetch: Callable[[str], Coroutine[Any, Any, T]]) -> dict[str, T]:
    """``fetch`` of every id, concurrently (the client bounds how many at once)."""
    async with task_group() as group:
        tasks = {cid: group.create_task(fetch(cid)) for cid in ids}
    return {cid: task.result() for cid, task in tasks.items()}


async def resources(
    client: DockerClient, ids: list[str]
) -> tuple[dict[str, models.Stats], dict[str, float | None]]:
    """The latest stats of each running container and its CPU percent: against the sample
    the engine sends along (Docker without one-shot), else the one this client kept from the
    previous fetch, else a second sample taken SAMPLE_GAP_S later."""
    first = {cid: s for cid, s in (await each(ids, client.stats)).items() if s is not None}
    latest = dict(first)
    before: dict[str, models.CpuStats] = {}
    for cid, stats in first.items():
        kept = client.kept_sample(cid)
        if stats.precpu_stats.system_cpu_usage:
            before[cid] = stats.precpu_stats
        elif kept is not None:
            before[cid] = kept
    missing = [cid for cid in first if cid not in before]
    if missing:
        await asyncio.sleep(SAMPLE_GAP_S)
        for cid, second in (await each(missing, client.stats)).items():
            if second is not None:
                before[cid] = first[cid].cpu_stats
                latest[cid] = second
    client.keep_samples({cid: stats.cpu_stats for cid, stats in latest.items()})
    cpu = {
        cid: cpu_percent(s.cpu_stats, before[cid]) if cid in before else None
        for cid, s in latest.items()
    }
    return latest, cpu


def engine_name(version: models.Version) -> str:
    """Podman names its component "Podman Engine"; Docker's is "Engine"."""
    names = [c.name for c in version.components or []]
    platform = version.platform.name if version.platform is not None else ""
    if any("podman" in n.lower() for n in names) or "podman" in (platform or "").lower():
        return "Podman"
    return "Docker"


class ContainerInput(ItemInput):
    """One container, by its name or id (as the containers endpoint shows them)."""


class Docker(Integration["DockerClient"]):
    """A Docker Engine (or Podman's Docker-compatible service)."""

    id = "docker"
    name = "Docker"
    icon = "docker"
    categories = ("containers", "system")
    docs_url = "https://docs.docker.com/reference/api/engine/version/v1.41/"
    verification = (
        "Verified against a running Podman 4.3.1 (Docker Engine API v1.41); built from the "
        "Docker Engine API documentation, version 1.41"
    )
    default_port = 2375
    unix_socket = True
    credentials = (NoCredentials, ClientCertificate)
    extra = DockerSettings
    client_class = "integrations.docker.client:DockerClient"

    async def test_connection(self, client: DockerClient) -> ServiceInfo:
        await client.ping()
        version = await client.version()
        return ServiceInfo.of(
            version.version,
            {
                "engine": engine_name(version),
                "apiVersion": version.api_version,
                "os": "/".join(x for x in (version.os, version.arch) if x) or None,
            },
        )

    @endpoint(
        "containers",
        name="Containers",
        description=f"The containers (at most {MAX_CONTAINERS}, by name, filtered by the "
        "settings): state, health, uptime, restarts, ports, labels, and CPU and memory use of "
        f"the running ones (the first {MAX_STATS}).",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def containers(self, client: DockerClient) -> ContainerList:
        settings = settings_of(client)
        listed = await client.containers(all=settings.all, labels=settings.label_filters)
        if settings.name_pattern:
            listed = [c for c in listed if fnmatchcase(name_of(c), settings.name_pattern)]
        listed.sort(key=lambda c: (name_of(c), c.id))
        shown = listed[:MAX_CONTAINERS]
        running = [c.id for c in shown if c.state == "running"][:MAX_STATS]
        inspected, (stats, cpu) = await together(
            each([c.id for c in shown], client.inspect), resources(client, running)
        )
        now = datetime.now(UTC)
        rows = [
            summary_of(c, inspected.get(c.id), stats.get(c.id), cpu.get(c.id), now) for c in shown
        ]
        return ContainerList(
            containers=rows,
            total=len(listed),
            running=sum(c.state == "running" for c in listed),
            stopped=sum(c.state in STOPPED for c in listed),
            healthy=sum(r.health is ContainerHealth.HEALTHY for r in rows),
            unhealthy=sum(r.health is ContainerHealth.UNHEALTHY for r in rows),
            truncated=len(listed) > len(shown),
        )

    @endpoint(
        "engine",
        name="Engine",
        description="The engine (Docker or Podman): version, API version, platform, and its "
        "containers (running, paused, stopped) and images.",
        ttl=60.0,
        min_refresh=10.0,
    )
    async def engine(self, client: DockerClient) -> ContainerEngine:
        version, info = await together(client.version(), client.info())
        return ContainerEngine(
            engine=engine_name(version),
            version=version.version,
            api_version=version.api_version,
            os=version.os,
            arch=version.arch,
            operating_system=info.operating_system,
            kernel_version=info.kernel_version or version.kernel_version,
            cpus=info.ncpu,
            memory_total=info.mem_total,
            containers=info.containers,
            running=info.containers_running,
            paused=info.containers_paused,
            stopped=info.containers_stopped,
            images=info.images,
        )

    # --- actions ------------------------------------------------------------------------------
    # POST /containers/{id}/{start,stop,restart}: 204 done, 304 nothing to do (start of a
    # running container, stop of a stopped one), 404 no such container.

    @action(
        "start",
        label="Start",
        description="Starts a container.",
        input=ContainerInput,
        affects=("containers",),
    )
    async def start(self, client: DockerClient, input: ContainerInput) -> ActionResult:
        return await self._container(client, input.id, "start")

    @action(
        "stop",
        label="Stop",
        description="Stops a container: SIGTERM, then SIGKILL after a grace period (at most "
        f"{STOP_GRACE_MAX_S} s, less when the App's timeout is shorter).",
        input=ContainerInput,
        affects=("containers",),
        destructive=True,
    )
    async def stop(self, client: DockerClient, input: ContainerInput) -> ActionResult:
        return await self._container(client, input.id, "stop")

    @action(
        "restart",
        label="Restart",
        description="Restarts a container (stops it as Stop does, then starts it).",
        input=ContainerInput,
        affects=("containers",),
        destructive=True,
    )
    async def restart(self, client: DockerClient, input: ContainerInput) -> ActionResult:
        return await self._container(client, input.id, "restart")

    @staticmethod
    async def _container(client: DockerClient, container: str, command: str) -> ActionResult:
        params: dict[str, str] = {}
        if command in ("stop", "restart"):
            # The engine waits this long before SIGKILL; the answer must come within the
            # App's timeout, so the wait leaves it two seconds.
            grace = max(1, min(STOP_GRACE_MAX_S, int(client.config.timeout) - 2))
            params["t"] = str(grace)
        response = await client.request(
            "POST",
            f"containers/{container}/{command}",
            params=params,
            expect=(DONE, UNCHANGED, 404),
        )
        what = f"container {container}"
        if response.status_code == DONE:
            done = {"start": "Started", "stop": "Stopped", "restart": "Restarted"}[command]
            return ActionResult(message=f"{done} {what}", affected=1)
        if response.status_code == UNCHANGED:
            state = "running" if command == "start" else "stopped"
            return ActionResult(message=f"Nothing changed: {what} is already {state}", affected=0)
        from integrations.docker.models import ErrorBody

        said = client.try_parse(response, ErrorBody)
        words = client.detail(said.message if said is not None else None)
        raise IntegrationError(
            ErrorCode.NOT_FOUND,
            f"the engine has no {what}: check its name or id on the containers endpoint"
            + (f" ({words})" if words else ""),
            status=response.status_code,
            url=response.url,
        )
