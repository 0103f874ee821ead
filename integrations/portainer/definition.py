"""Portainer: every environment's state and container counts, from Portainer's snapshots."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.portainer.client import PortainerClient
    from integrations.portainer.models import Endpoint

ENDPOINTS_PATH = "api/endpoints"

STATUS_UP = 1
KINDS = {
    1: "docker",
    2: "docker agent",
    3: "azure",
    4: "docker edge agent",
    5: "kubernetes",
    6: "kubernetes agent",
    7: "kubernetes edge agent",
}


class PortainerEnvironment(Payload):
    id: int
    name: str
    kind: str = Field(description="docker, agent, edge agent, kubernetes, ... (Portainer's type)")
    status: str = Field(description="up or down, as Portainer last saw it")
    running: int | None = Field(description="None without a Docker snapshot (Kubernetes)")
    stopped: int | None = None
    healthy: int | None = None
    unhealthy: int | None = None
    stacks: int | None = None
    docker_version: str | None = None
    snapshot_at: datetime | None = Field(None, description="when Portainer took these counts")


class PortainerContainers(Payload):
    """Each environment's state and container counts, from Portainer's snapshots."""

    environments: list[PortainerEnvironment] = Field(description="by name")
    environments_up: int
    environments_down: int
    running: int = Field(description="containers, all environments together")
    stopped: int
    healthy: int
    unhealthy: int


def environment_of(item: Endpoint) -> PortainerEnvironment:
    snapshot = max(item.snapshots or [], key=lambda s: s.time, default=None)
    common = {
        "id": item.id,
        "name": item.name,
        "kind": KINDS.get(item.type, f"type {item.type}"),
        "status": "up" if item.status == STATUS_UP else "down",
    }
    if snapshot is None:
        return PortainerEnvironment(**common, running=None)
    return PortainerEnvironment(
        **common,
        running=snapshot.running,
        stopped=snapshot.stopped,
        healthy=snapshot.healthy,
        unhealthy=snapshot.unhealthy,
        stacks=snapshot.stacks,
        docker_version=snapshot.docker_version or None,
        snapshot_at=datetime.fromtimestamp(snapshot.time, UTC) if snapshot.time > 0 else None,
    )


def containers_of(items: list[Endpoint]) -> PortainerContainers:
    environments = sorted((environment_of(i) for i in items), key=lambda e: (e.name, e.id))
    return PortainerContainers(
        environments=environments,
        environments_up=sum(e.status == "up" for e in environments),
        environments_down=sum(e.status == "down" for e in environments),
        running=sum(e.running or 0 for e in environments),
        stopped=sum(e.stopped or 0 for e in environments),
        healthy=sum(e.healthy or 0 for e in environments),
        unhealthy=sum(e.unhealthy or 0 for e in environments),
    )


class Portainer(Integration["PortainerClient"]):
    """A Portainer CE server (2.x)."""

    id = "portainer"
    name = "Portainer"
    icon = "portainer"
    categories = ("containers", "system")
    docs_url = "https://docs.portainer.io/api/docs"
    verification = "Built from the Portainer CE API documentation, version 2.x"
    default_port = 9443
    credentials = (ApiKey, UsernamePassword)
    client_class = "integrations.portainer.client:PortainerClient"

    async def test_connection(self, client: PortainerClient) -> ServiceInfo:
        from integrations.portainer.models import Endpoint

        # The status route is public: the environments list proves the credentials.
        status = await client.status()
        environments = await client.api(ENDPOINTS_PATH, list[Endpoint])
        return ServiceInfo(version=status.version, details={"environments": str(len(environments))})

    @endpoint(
        "containers",
        name="Containers",
        description="Each environment's state (up or down) and its running, stopped, healthy "
        "and unhealthy containers, with totals.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def containers(self, client: PortainerClient) -> PortainerContainers:
        from integrations.portainer.models import Endpoint

        return containers_of(await client.api(ENDPOINTS_PATH, list[Endpoint]))
