"""Portainer: every environment's state and container counts, from Portainer's snapshots."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ActionInput, ActionResult, action
from integrations.capabilities import Payload
from integrations.config import ApiKey, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.portainer.client import PortainerClient
    from integrations.portainer.models import Endpoint

ENDPOINTS_PATH = "api/endpoints"
CONTAINER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"
"""A container's id or name as Docker allows them: no slash, no scheme."""
ANY_STATUS = tuple(range(100, 600))
DONE = 204
UNCHANGED = 304
"""Docker's answer to starting a running container or stopping a stopped one."""

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


class ContainerInput(ActionInput):
    """One container of one environment (a Docker environment of Portainer's)."""

    endpoint_id: int = field(
        "Environment ID", help="The environment's id, as the containers endpoint lists it.", ge=1
    )
    container: str = field(
        "Container",
        help="The container's id or name.",
        min_length=1,
        max_length=128,
        pattern=CONTAINER_PATTERN,
    )


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
        environments = await client.get_json(ENDPOINTS_PATH, list[Endpoint])
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

        return containers_of(await client.get_json(ENDPOINTS_PATH, list[Endpoint]))

    # --- actions ------------------------------------------------------------------------------
    # Through Portainer's Docker proxy: POST /api/endpoints/{id}/docker/containers/{id}/{command}
    # is the Docker engine's own call (204 done, 304 nothing to do, 404 no such container).

    @action(
        "start",
        label="Start",
        description="Starts a container.",
        input=ContainerInput,
        affects=("containers",),
    )
    async def start(self, client: PortainerClient, input: ContainerInput) -> ActionResult:
        return await self._container(client, input, "start")

    @action(
        "stop",
        label="Stop",
        description="Stops a container (Docker's stop: SIGTERM, then SIGKILL after its timeout).",
        input=ContainerInput,
        affects=("containers",),
        destructive=True,
    )
    async def stop(self, client: PortainerClient, input: ContainerInput) -> ActionResult:
        return await self._container(client, input, "stop")

    @action(
        "restart",
        label="Restart",
        description="Restarts a container.",
        input=ContainerInput,
        affects=("containers",),
        destructive=True,
    )
    async def restart(self, client: PortainerClient, input: ContainerInput) -> ActionResult:
        return await self._container(client, input, "restart")

    @staticmethod
    async def _container(
        client: PortainerClient, target: ContainerInput, command: str
    ) -> ActionResult:
        from integrations.portainer.models import ErrorBody

        what = f"container {target.container} in environment {target.endpoint_id}"
        path = f"{ENDPOINTS_PATH}/{target.endpoint_id}/docker/containers/{target.container}"
        response = await client.request("POST", f"{path}/{command}", expect=ANY_STATUS)
        status = response.status_code
        if status == DONE:
            done = {"start": "Started", "stop": "Stopped", "restart": "Restarted"}[command]
            return ActionResult(message=f"{done} {what}", affected=1)
        if status == UNCHANGED:
            state = "running" if command == "start" else "stopped"
            return ActionResult(message=f"Nothing changed: {what} is already {state}", affected=0)
        said = client.try_parse(response, ErrorBody)
        words = client.detail(said.message if said is not None else None)
        if status == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"Portainer could not find {what}" + (f": {words}" if words else ""),
                status=status,
                url=response.url,
            )
        error = await client.failure(response)
        if error.code is ErrorCode.FORBIDDEN:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"Portainer does not let this user {command} {what}: it needs access to the "
                "environment and to the container (an administrator, or a team given it)"
                + (f" ({words})" if words else ""),
                status=status,
                url=response.url,
            )
        if words and error.code is not ErrorCode.UNAUTHORIZED:
            raise IntegrationError(
                error.code, f"{error.message}: {words}", status=status, url=response.url
            )
        raise error
