"""The parts of Node-RED's Admin API responses Tilewire reads, and its own payloads."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class TokenAnswer(UpstreamModel):
    """``POST /auth/token`` (OAuth2 password grant) when the login succeeds."""

    access_token: str = Field(min_length=1)
    expires_in: int = 0
    """Seconds the token lives (``adminAuth.sessionExpiryTime``, 7 days by default)."""


class LoginScheme(UpstreamModel):
    """``GET /auth/login``: ``{}`` when adminAuth is off, else its type and prompts."""

    type: str | None = None


class SettingsUser(UpstreamModel):
    username: str
    permissions: str | list[str] = "*"


class Settings(UpstreamModel):
    """``GET /settings``: the runtime settings the editor reads."""

    version: str
    http_node_root: str | bool = Field(alias="httpNodeRoot")
    user: SettingsUser | None = None


class FlowNode(UpstreamModel):
    """One object of the flow configuration: a tab, subflow, group, config or flow node."""

    id: str
    type: str
    disabled: bool = False
    """Set on a disabled tab."""
    d: bool = False
    """Set on a disabled node."""


class Flows(UpstreamModel):
    """``GET /flows`` with ``Node-RED-API-Version: v2``."""

    rev: str
    flows: list[FlowNode]


class MemoryUsage(UpstreamModel):
    rss: int
    heap_total: int = Field(alias="heapTotal")
    heap_used: int = Field(alias="heapUsed")


class NodeJs(UpstreamModel):
    version: str
    memory_usage: MemoryUsage = Field(alias="memoryUsage")


class HostOs(UpstreamModel):
    uptime: float | None = None
    """Seconds since the host (or container's host) booted: Node-RED reports no uptime of its
    own."""


class RuntimeFlows(UpstreamModel):
    state: str | None = None
    started: bool | None = None


class Runtime(UpstreamModel):
    version: str
    flows: RuntimeFlows | None = None


class Diagnostics(UpstreamModel):
    """``GET /diagnostics`` (Node-RED 2.0+, unless ``diagnostics.enabled`` is false)."""

    report: Literal["diagnostics"]
    nodejs: NodeJs
    os: HostOs | None = None
    runtime: Runtime


class ApiError(UpstreamModel):
    """Node-RED's JSON error body, e.g. ``{"code": "diagnostics.disabled", "message": ...}``."""

    code: str
    message: str = ""


# --- payloads --------------------------------------------------------------------------------


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
