"""Node-RED: what the deployed flows hold, and the runtime's versions and memory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import NoCredentials, UsernamePassword
from integrations.errors import IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.nodered.client import NodeRedClient

API_VERSION = {"Node-RED-API-Version": "v2"}
"""Asks ``GET /flows`` for ``{"rev": ..., "flows": [...]}`` rather than the bare list."""
NOT_NODES = frozenset({"tab", "subflow", "group", "junction"})
DIAGNOSTICS_DISABLED = "diagnostics.disabled"


class NodeRedFlows(Payload):
    """What the deployed flow configuration holds."""

    revision: str = Field(description="the flows' revision hash, changes with every deploy")
    tabs: int
    disabled_tabs: int
    subflows: int = Field(description="subflow definitions")
    nodes: int = Field(
        description="nodes of every kind (flow, config, inside subflows); not tabs, subflows, "
        "groups or junctions"
    )
    disabled_nodes: int
    node_types: int = Field(description="distinct node types among the nodes")


class NodeRedDiagnostics(Payload):
    """Versions, memory and host uptime; only the version when diagnostics are disabled."""

    version: str = Field(description="Node-RED's version")
    diagnostics_enabled: bool
    nodejs_version: str | None = None
    memory_rss: int | None = Field(None, description="bytes, the Node-RED process's RSS")
    heap_used: int | None = Field(None, description="bytes")
    heap_total: int | None = Field(None, description="bytes")
    host_uptime_seconds: int | None = Field(
        None, description="the host's uptime: Node-RED does not report its own"
    )
    flows_started: bool | None = None


def _permissions(value: str | list[str]) -> str:
    return value if isinstance(value, str) else ", ".join(value)


class NodeRed(Integration["NodeRedClient"]):
    id = "nodered"
    name = "Node-RED"
    icon = "node-red"
    categories = ("automation",)
    docs_url = "https://nodered.org/docs/api/admin/"
    verification = "Verified against a running Node-RED 4.1.8 (npm, Node.js 20)"
    default_port = 1880
    credentials = (UsernamePassword, NoCredentials)
    client_class = "integrations.nodered.client:NodeRedClient"

    async def test_connection(self, client: NodeRedClient) -> ServiceInfo:
        from integrations.nodered.models import Settings

        settings = await client.api("settings", Settings)
        details = {"adminAuth": "on" if settings.user is not None else "off"}
        if settings.user is not None:
            details["user"] = settings.user.username
            details["permissions"] = _permissions(settings.user.permissions)
        return ServiceInfo(version=settings.version, details=details)

    @endpoint(
        "flows",
        name="Flows",
        description="Tabs (and disabled ones), subflows, nodes and node types deployed.",
        ttl=60.0,
        min_refresh=10.0,
    )
    async def flows(self, client: NodeRedClient) -> NodeRedFlows:
        from integrations.nodered.models import Flows

        answer = await client.api("flows", Flows, headers=API_VERSION)
        tabs = [n for n in answer.flows if n.type == "tab"]
        nodes = [n for n in answer.flows if n.type not in NOT_NODES]
        return NodeRedFlows(
            revision=answer.rev,
            tabs=len(tabs),
            disabled_tabs=sum(t.disabled for t in tabs),
            subflows=sum(n.type == "subflow" for n in answer.flows),
            nodes=len(nodes),
            disabled_nodes=sum(n.d for n in nodes),
            node_types=len({n.type for n in nodes}),
        )

    @endpoint(
        "diagnostics",
        name="Diagnostics",
        description="Node-RED and Node.js versions, memory use, host uptime, flow state.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def diagnostics(self, client: NodeRedClient) -> NodeRedDiagnostics:
        from integrations.nodered.models import ApiError, Diagnostics, Settings

        response = await client.get("diagnostics", expect=(200, 403))
        if response.status_code == 403:
            try:
                code = client.parse(response, ApiError).code
            except IntegrationError:
                code = ""
            if code != DIAGNOSTICS_DISABLED:
                raise IntegrationError.for_status(403, response.url)
            settings = await client.api("settings", Settings)
            return NodeRedDiagnostics(version=settings.version, diagnostics_enabled=False)
        report = client.parse(response, Diagnostics)
        uptime = report.os.uptime if report.os is not None else None
        flows = report.runtime.flows
        return NodeRedDiagnostics(
            version=report.runtime.version,
            diagnostics_enabled=True,
            nodejs_version=report.nodejs.version,
            memory_rss=report.nodejs.memory_usage.rss,
            heap_used=report.nodejs.memory_usage.heap_used,
            heap_total=report.nodejs.memory_usage.heap_total,
            host_uptime_seconds=round(uptime) if uptime is not None else None,
            flows_started=flows.started if flows is not None else None,
        )
