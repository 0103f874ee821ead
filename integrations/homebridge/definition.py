"""Homebridge, through the Homebridge UI: bridge status, versions and updates, and the host's
CPU, memory and uptime."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import task_group, together
from integrations.capabilities import Payload, SystemResources
from integrations.config import NoCredentials, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.homebridge.client import HomebridgeClient
    from integrations.homebridge.models import BridgeState, NodeInfo, PackageInfo

UI_PACKAGE = "homebridge-config-ui-x"


class HomebridgeStatus(Payload):
    """Whether Homebridge runs, the versions of Homebridge, the UI and Node.js, and updates."""

    status: str = Field(description="up, pending or down")
    homebridge_version: str | None
    homebridge_latest: str | None = None
    homebridge_update: bool
    ui_version: str | None = Field(description="homebridge-config-ui-x")
    ui_latest: str | None = None
    ui_update: bool
    node_version: str | None
    node_latest: str | None = None
    node_update: bool
    plugins: int = Field(description="installed plugins, the UI excluded")
    plugin_updates: int = Field(description="plugins with an update, the UI excluded")
    updates_available: int = Field(description="Homebridge, the UI and plugins with an update")


def status_of(
    state: BridgeState, homebridge: PackageInfo, node: NodeInfo, plugins: list[PackageInfo]
) -> HomebridgeStatus:
    ui = next((p for p in plugins if p.name == UI_PACKAGE), None)
    others = [p for p in plugins if p.name != UI_PACKAGE]
    plugin_updates = sum(p.update_available for p in others)
    ui_update = ui.update_available if ui else False
    return HomebridgeStatus(
        status=state.status,
        homebridge_version=homebridge.installed_version,
        homebridge_latest=homebridge.latest_version,
        homebridge_update=homebridge.update_available,
        ui_version=ui.installed_version if ui else None,
        ui_latest=ui.latest_version if ui else None,
        ui_update=ui_update,
        node_version=node.current_version,
        node_latest=node.latest_version,
        node_update=node.update_available,
        plugins=len(others),
        plugin_updates=plugin_updates,
        updates_available=plugin_updates + homebridge.update_available + ui_update,
    )


class Homebridge(Integration["HomebridgeClient"]):
    """Homebridge with the Homebridge UI (homebridge-config-ui-x 4.x and 5.x)."""

    id = "homebridge"
    name = "Homebridge"
    icon = "homebridge"
    categories = ("home-automation",)
    docs_url = "https://github.com/homebridge/homebridge-config-ui-x/wiki/API-Reference"
    verification = (
        "Built from the Homebridge UI (homebridge-config-ui-x) API documentation, 4.x and 5.x"
    )
    default_port = 8581
    credentials = (UsernamePassword, NoCredentials)
    client_class = "integrations.homebridge.client:HomebridgeClient"

    async def test_connection(self, client: HomebridgeClient) -> ServiceInfo:
        from integrations.homebridge.models import BridgeState, PackageInfo, UiSettings

        # homebridge-version needs the token: it proves the login.
        homebridge, state, settings = await together(
            client.api("status/homebridge-version", PackageInfo),
            client.api("status/homebridge", BridgeState),
            client.api("auth/settings", UiSettings),
        )
        details = {
            "status": state.status,
            "uiVersion": settings.env.package_version,
            "nodeVersion": settings.env.node_version or "",
            "instance": settings.env.homebridge_instance_name or "",
        }
        return ServiceInfo.of(homebridge.installed_version, details)

    @endpoint(
        "status",
        name="Status",
        description="Whether Homebridge is up, pending or down; the versions of Homebridge, the "
        "UI and Node.js with their updates; installed plugins and how many have updates.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def status(self, client: HomebridgeClient) -> HomebridgeStatus:
        from integrations.homebridge.models import PLUGINS, BridgeState, NodeInfo, PackageInfo

        async with task_group() as group:
            state = group.create_task(client.api("status/homebridge", BridgeState))
            homebridge = group.create_task(client.api("status/homebridge-version", PackageInfo))
            node = group.create_task(client.api("status/nodejs", NodeInfo))
            plugins = group.create_task(client.api("plugins", PLUGINS))
        return status_of(state.result(), homebridge.result(), node.result(), plugins.result())

    @endpoint(
        "system",
        name="System",
        description="CPU load, memory use and uptime of the machine Homebridge runs on.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def system(self, client: HomebridgeClient) -> SystemResources:
        from integrations.homebridge.models import Cpu, Ram, Uptime

        cpu, ram, uptime = await together(
            client.api("status/cpu", Cpu),
            client.api("status/ram", Ram),
            client.api("status/uptime", Uptime),
        )
        if ram.mem is None or cpu.current_load is None:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                "the Homebridge UI collects no server metrics: turn off 'Disable Server Metrics "
                "Monitoring' in its settings",
                url=client.config.base_url,
            )
        mem = ram.mem
        used = mem.total - mem.available if mem.available is not None else mem.used
        return SystemResources(
            cpu_percent=round(cpu.current_load, 2),
            memory_used=used,
            memory_total=mem.total,
            memory_percent=round(used / mem.total * 100, 2) if mem.total else 0.0,
            uptime_seconds=int(uptime.time.uptime),
        )
