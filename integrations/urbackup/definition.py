"""UrBackup: its version and health (replace with what this integration reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.urbackup.client import UrBackupClient

STATUS_PATH = "api/status"
"""Where UrBackup says its version and health (replace with the documented path)."""


class UrBackupStatus(Payload):
    """UrBackup's version and whether it reports itself healthy."""

    version: str = Field(description="the version UrBackup reports")
    healthy: bool = Field(description="True when UrBackup reports no problem")


class UrBackup(Integration["UrBackupClient"]):
    id = "urbackup"
    name = "UrBackup"
    icon = "urbackup"
    categories = ("monitoring",)
    docs_url = "https://example.org/urbackup/api"
    verification = "Built from the UrBackup API documentation, version 1.0"
    credentials = (ApiKey,)
    client_class = "integrations.urbackup.client:UrBackupClient"

    async def test_connection(self, client: UrBackupClient) -> ServiceInfo:
        from integrations.urbackup.models import Status

        status = await client.get_json(STATUS_PATH, Status)
        return ServiceInfo.of(status.version, {"healthy": "yes" if status.healthy else "no"})

    @endpoint(
        "status",
        name="Status",
        description="UrBackup's version and whether it reports itself healthy.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def status(self, client: UrBackupClient) -> UrBackupStatus:
        from integrations.urbackup.models import Status

        status = await client.get_json(STATUS_PATH, Status)
        return UrBackupStatus(version=status.version, healthy=status.healthy)
