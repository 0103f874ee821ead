"""The parts of Frigate's API answers Tilewire reads (Frigate 0.17.2: frigate/stats/util.py
``stats_snapshot``, frigate/api/defs/response/event_response.py)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel


class CameraStats(UpstreamModel):
    camera_fps: float = 0.0
    process_fps: float = 0.0
    skipped_fps: float = 0.0
    detection_fps: float = 0.0
    detection_enabled: bool | None = None
    connection_quality: str | None = None
    """excellent, fair, poor or unusable (0.17 and later)."""


class DetectorStats(UpstreamModel):
    inference_speed: float | None = None
    """Milliseconds per inference."""


class Storage(UpstreamModel):
    """Mebibytes, as shutil.disk_usage divided by 2**20."""

    total: float | None = None
    used: float | None = None
    free: float | None = None


class Service(UpstreamModel):
    uptime: int
    version: str
    latest_version: str | None = None
    storage: dict[str, Storage | dict[str, Any]] = {}


class Stats(UpstreamModel):
    """``GET /api/stats``."""

    cameras: dict[str, CameraStats] = {}
    detectors: dict[str, DetectorStats] = {}
    camera_fps: float = 0.0
    detection_fps: float = 0.0
    service: Service


class Event(UpstreamModel):
    """One of ``GET /api/events`` (thumbnails not asked for)."""

    id: str
    label: str
    sub_label: str | list[Any] | None = None
    camera: str
    start_time: float
    end_time: float | None = None
    zones: list[str] = []
    has_clip: bool = False
    has_snapshot: bool = False
    data: dict[str, Any] = Field(default_factory=dict)
