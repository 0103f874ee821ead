"""The parts of the Homebridge UI (homebridge-config-ui-x) REST API answers Tilewire reads."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class TokenAnswer(UpstreamModel):
    """``POST /api/auth/login`` and ``POST /api/auth/noauth`` (HTTP 201)."""

    access_token: str = Field(min_length=1)
    token_type: str = "Bearer"
    expires_in: int = 0
    """Seconds the token lives (the UI's session timeout, 8 hours by default)."""


class BridgeState(UpstreamModel):
    """``GET /api/status/homebridge``."""

    status: str
    """up, pending or down."""


class PackageInfo(UpstreamModel):
    """``GET /api/status/homebridge-version``, and each entry of ``GET /api/plugins``."""

    name: str
    installed_version: str | None = Field(None, alias="installedVersion")
    latest_version: str | None = Field(None, alias="latestVersion")
    update_available: bool = Field(False, alias="updateAvailable")


PLUGINS: TypeAdapter[list[PackageInfo]] = TypeAdapter(list[PackageInfo])


class NodeInfo(UpstreamModel):
    """``GET /api/status/nodejs``."""

    current_version: str = Field(alias="currentVersion")
    latest_version: str | None = Field(None, alias="latestVersion")
    update_available: bool = Field(False, alias="updateAvailable")


class Cpu(UpstreamModel):
    """``GET /api/status/cpu``."""

    current_load: float | None = Field(None, alias="currentLoad")
    """Percent busy over all cores."""


class Memory(UpstreamModel):
    """``mem`` of ``GET /api/status/ram`` (bytes, as the systeminformation package reports)."""

    total: int
    used: int
    available: int | None = None


class Ram(UpstreamModel):
    """``GET /api/status/ram``; ``mem`` is null while server metrics monitoring is off."""

    mem: Memory | None = None


class HostTime(UpstreamModel):
    uptime: float
    """Seconds since the host booted."""


class Uptime(UpstreamModel):
    """``GET /api/status/uptime``."""

    time: HostTime
    process_uptime: float | None = Field(None, alias="processUptime")


class UiEnv(UpstreamModel):
    package_version: str = Field(alias="packageVersion")
    node_version: str | None = Field(None, alias="nodeVersion")
    homebridge_instance_name: str | None = Field(None, alias="homebridgeInstanceName")


class UiSettings(UpstreamModel):
    """``GET /api/auth/settings``: what the UI needs before a login."""

    env: UiEnv
    form_auth: bool = Field(True, alias="formAuth")
