"""Tube Archivist: the archive's videos, shorts and streams with their size and length, the
channels and playlists, and the download queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import task_group
from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.tubearchivist.client import TubeArchivistClient
    from integrations.tubearchivist.models import VideoTypeStats

PING_PATH = "api/ping/"
VIDEO_PATH = "api/stats/video/"
CHANNEL_PATH = "api/stats/channel/"
PLAYLIST_PATH = "api/stats/playlist/"
DOWNLOAD_PATH = "api/stats/download/"


class TubeArchivistStats(Payload):
    """What the archive holds and what waits in the download queue."""

    videos: int = Field(description="every archived item: videos, shorts and streams")
    regular_videos: int = Field(description="items that are ordinary videos")
    shorts: int
    streams: int = Field(description="archived live streams")
    size_bytes: int = Field(description="bytes of every archived item")
    duration_seconds: int = Field(description="their total playing time")
    channels: int
    subscribed_channels: int
    playlists: int
    subscribed_playlists: int
    pending_downloads: int = Field(description="videos in the download queue")
    ignored_downloads: int = Field(description="videos in the queue marked to ignore")


def _count(stats: VideoTypeStats | None) -> int:
    return (stats.doc_count or 0) if stats is not None else 0


class TubeArchivist(Integration["TubeArchivistClient"]):
    id = "tubearchivist"
    name = "Tube Archivist"
    icon = "tube-archivist"
    categories = ("media", "downloads")
    docs_url = "https://docs.tubearchivist.com/api/introduction/"
    verification = (
        "Built from the Tube Archivist API documentation (OpenAPI) and sources, version 0.5.10"
    )
    default_port = 8000
    credentials = (ApiKey,)
    client_class = "integrations.tubearchivist.client:TubeArchivistClient"

    async def test_connection(self, client: TubeArchivistClient) -> ServiceInfo:
        from integrations.tubearchivist.models import Ping

        ping = await client.get_json(PING_PATH, Ping)
        return ServiceInfo.of(ping.version or None, {"user": str(ping.user)})

    @endpoint(
        "stats",
        name="Statistics",
        description="Archived videos, shorts and streams with their size and playing time, "
        "channels and playlists (and how many are subscribed), and the download queue.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: TubeArchivistClient) -> TubeArchivistStats:
        from integrations.tubearchivist.models import DownloadStats, SubscribableStats, VideoStats

        async with task_group() as group:
            video = group.create_task(client.get_json(VIDEO_PATH, VideoStats))
            channel = group.create_task(client.get_json(CHANNEL_PATH, SubscribableStats))
            playlist = group.create_task(client.get_json(PLAYLIST_PATH, SubscribableStats))
            download = group.create_task(client.get_json(DOWNLOAD_PATH, DownloadStats))
        v, c, p, d = video.result(), channel.result(), playlist.result(), download.result()
        return TubeArchivistStats(
            videos=v.doc_count or 0,
            regular_videos=_count(v.type_videos),
            shorts=_count(v.type_shorts),
            streams=_count(v.type_streams),
            size_bytes=v.media_size or 0,
            duration_seconds=v.duration or 0,
            channels=c.doc_count or 0,
            subscribed_channels=c.subscribed_true or 0,
            playlists=p.doc_count or 0,
            subscribed_playlists=p.subscribed_true or 0,
            pending_downloads=d.pending or 0,
            ignored_downloads=d.ignore or 0,
        )
