"""File Browser: the disk the user's files are on, and what their root folder holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.filebrowser.client import FileBrowserClient


class FileBrowserUsage(Payload):
    """The disk under the user's root folder, and the root folder's contents."""

    used_bytes: int
    total_bytes: int
    free_bytes: int
    used_percent: float = Field(description="0-100")
    folders: int = Field(description="folders in the user's root folder (not below)")
    files: int = Field(description="files in the user's root folder (not below)")


class FileBrowser(Integration["FileBrowserClient"]):
    id = "filebrowser"
    name = "File Browser"
    icon = "filebrowser"
    categories = ("storage",)
    docs_url = "https://filebrowser.org/"
    verification = "Built from the File Browser API sources, version 2.63.23"
    default_port = 8080
    credentials = (UsernamePassword,)
    client_class = "integrations.filebrowser.client:FileBrowserClient"

    async def _usage(self, client: FileBrowserClient) -> FileBrowserUsage:
        from integrations.filebrowser.models import Listing, Usage

        usage, root = await together(
            client.get_json("api/usage/", Usage), client.get_json("api/resources/", Listing)
        )
        total, used = usage.total, min(usage.used, usage.total)
        return FileBrowserUsage(
            used_bytes=used,
            total_bytes=total,
            free_bytes=total - used,
            used_percent=round(100 * used / total, 2) if total else 0.0,
            folders=root.num_dirs,
            files=root.num_files,
        )

    async def test_connection(self, client: FileBrowserClient) -> ServiceInfo:
        usage = await self._usage(client)
        return ServiceInfo.of(None, {"files": str(usage.files), "folders": str(usage.folders)})

    @endpoint(
        "usage",
        name="Disk usage",
        description="Used, free and total bytes of the disk under the user's files, and the "
        "folders and files in their root folder.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def usage(self, client: FileBrowserClient) -> FileBrowserUsage:
        return await self._usage(client)
