"""The parts of Tube Archivist's API answers Tilewire reads (Tube Archivist 0.5.10:
backend/common/serializers.py PingSerializer, backend/stats/serializers.py). A count Tube
Archivist has no bucket for (nothing of that kind yet) is null or missing; read as 0."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from integrations.base import UpstreamModel

Count = int | None


class Ping(UpstreamModel):
    """``GET /api/ping/``."""

    response: Literal["pong"]
    user: int
    version: str = ""


class VideoTypeStats(UpstreamModel):
    doc_count: Count = Field(None, ge=0)
    media_size: Count = Field(None, ge=0)
    """bytes"""
    duration: Count = Field(None, ge=0)
    """seconds"""


class VideoStats(VideoTypeStats):
    """``GET /api/stats/video/``."""

    type_videos: VideoTypeStats | None = None
    type_shorts: VideoTypeStats | None = None
    type_streams: VideoTypeStats | None = None


class SubscribableStats(UpstreamModel):
    """``GET /api/stats/channel/`` and ``GET /api/stats/playlist/``."""

    doc_count: Count = Field(None, ge=0)
    subscribed_true: Count = Field(None, ge=0)


class DownloadStats(UpstreamModel):
    """``GET /api/stats/download/``: the queue by status."""

    pending: Count = Field(None, ge=0)
    ignore: Count = Field(None, ge=0)
