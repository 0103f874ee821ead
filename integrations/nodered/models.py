"""The parts of Node-RED's Admin API responses Tilewire reads."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from integrations.base import UpstreamModel

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
