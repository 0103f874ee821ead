"""Frigate: its cameras' frame rates and connection, detectors' speed, storage and the latest
detection events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ConfigModel, NoCredentials, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.frigate.client import FrigateClient
    from integrations.frigate.models import Event, Stats

STATS_PATH = "api/stats"
EVENTS_PATH = "api/events"
RECORDINGS = "/media/frigate/recordings"
MIB = 2**20
MAX_CAMERAS = 64
MAX_DETECTORS = 16


class FrigateSettings(ConfigModel):
    """How many events to show, and of which camera."""

    events: int = field("Events", default=10, ge=1, le=50, help="How many of the latest events.")
    camera: str = field(
        "Camera",
        default="",
        max_length=100,
        pattern=r"^[A-Za-z0-9_-]*$",
        help="Only this camera's events (empty: every camera).",
    )


class FrigateCamera(Payload):
    name: str
    camera_fps: float = Field(description="frames per second the camera sends")
    detection_fps: float = Field(description="detections per second")
    process_fps: float = Field(description="frames per second Frigate processes")
    skipped_fps: float = Field(description="frames per second skipped (motion without detection)")
    detection_enabled: bool | None = None
    connection_quality: str | None = Field(
        None, description="excellent, fair, poor or unusable (Frigate 0.17 and later)"
    )
    online: bool = Field(description="the camera sends frames (more than 0.1 per second)")


class FrigateDetector(Payload):
    name: str
    inference_ms: float | None = Field(None, description="milliseconds per inference")


class FrigateStats(Payload):
    """Frigate's cameras, detectors and recordings storage right now."""

    version: str
    latest_version: str | None = Field(None, description="the newest release Frigate knows of")
    uptime_seconds: int
    cameras_online: int
    cameras: list[FrigateCamera] = Field(description="by name (at most 64)")
    camera_fps: float = Field(description="frames per second of every camera together")
    detection_fps: float = Field(description="detections per second of every camera together")
    detectors: list[FrigateDetector]
    recordings_used_bytes: int | None = Field(None, description="used on the recordings volume")
    recordings_total_bytes: int | None = Field(None, description="size of the recordings volume")


class FrigateEvent(Payload):
    id: str
    label: str = Field(description="what was detected: person, car, dog, ...")
    sub_label: str | None = Field(None, description="a recognised face, plate or name")
    camera: str
    start: datetime
    end: datetime | None = Field(None, description="null while the event goes on")
    score: float | None = Field(None, description="the top detection score, 0-1")
    zones: list[str]
    has_clip: bool
    has_snapshot: bool


class FrigateEvents(Payload):
    """The latest detection events, newest first."""

    events: list[FrigateEvent]
    in_progress: int = Field(description="events among them still going on")


def _stats(stats: Stats) -> FrigateStats:
    cameras = [
        FrigateCamera(
            name=name,
            camera_fps=cam.camera_fps,
            detection_fps=cam.detection_fps,
            process_fps=cam.process_fps,
            skipped_fps=cam.skipped_fps,
            detection_enabled=cam.detection_enabled,
            connection_quality=cam.connection_quality,
            online=cam.camera_fps >= 0.1,
        )
        for name, cam in sorted(stats.cameras.items())
    ]
    from integrations.frigate.models import Storage

    recordings = stats.service.storage.get(RECORDINGS)
    used = total = None
    if isinstance(recordings, Storage):
        used = int(recordings.used * MIB) if recordings.used is not None else None
        total = int(recordings.total * MIB) if recordings.total is not None else None
    return FrigateStats(
        version=stats.service.version,
        latest_version=stats.service.latest_version or None,
        uptime_seconds=stats.service.uptime,
        cameras_online=sum(cam.online for cam in cameras),
        cameras=cameras[:MAX_CAMERAS],
        camera_fps=stats.camera_fps,
        detection_fps=stats.detection_fps,
        detectors=[
            FrigateDetector(name=name, inference_ms=detector.inference_speed)
            for name, detector in sorted(stats.detectors.items())[:MAX_DETECTORS]
        ],
        recordings_used_bytes=used,
        recordings_total_bytes=total,
    )


def _event(event: Event) -> FrigateEvent:
    score = event.data.get("top_score", event.data.get("score"))
    sub_label = event.sub_label
    if isinstance(sub_label, list):  # [name, score] in newer versions
        sub_label = str(sub_label[0]) if sub_label else None
    return FrigateEvent(
        id=event.id,
        label=event.label,
        sub_label=sub_label or None,
        camera=event.camera,
        start=datetime.fromtimestamp(event.start_time, UTC),
        end=datetime.fromtimestamp(event.end_time, UTC) if event.end_time is not None else None,
        score=float(score) if isinstance(score, int | float) else None,
        zones=event.zones[:20],
        has_clip=event.has_clip,
        has_snapshot=event.has_snapshot,
    )


class Frigate(Integration["FrigateClient"]):
    id = "frigate"
    name = "Frigate"
    icon = "frigate"
    categories = ("security", "media")
    docs_url = "https://docs.frigate.video/integrations/api/frigate-http-api"
    verification = "Built from the Frigate API documentation and sources, version 0.17.2"
    default_port = 5000
    credentials = (NoCredentials, UsernamePassword)
    extra = FrigateSettings
    client_class = "integrations.frigate.client:FrigateClient"

    def _settings(self, client: FrigateClient) -> FrigateSettings:
        extra = client.config.extra
        return extra if isinstance(extra, FrigateSettings) else FrigateSettings()

    async def test_connection(self, client: FrigateClient) -> ServiceInfo:
        from integrations.frigate.models import Stats

        stats = _stats(await client.get_json(STATS_PATH, Stats))
        return ServiceInfo.of(
            stats.version,
            {"cameras": f"{stats.cameras_online} of {len(stats.cameras)} online"},
        )

    @endpoint(
        "stats",
        name="Stats",
        description="Cameras (frame and detection rates, online, connection quality), "
        "detectors' inference speed, uptime and the recordings volume.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def stats(self, client: FrigateClient) -> FrigateStats:
        from integrations.frigate.models import Stats

        return _stats(await client.get_json(STATS_PATH, Stats))

    @endpoint(
        "events",
        name="Events",
        description="The latest detection events (10 by default), newest first: label, camera, "
        "time, score, zones, and whether a clip and a snapshot exist.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def events(self, client: FrigateClient) -> FrigateEvents:
        from pydantic import TypeAdapter

        from integrations.frigate.models import Event

        settings = self._settings(client)
        params: dict[str, Any] = {"limit": settings.events, "include_thumbnails": 0}
        if settings.camera:
            params["cameras"] = settings.camera
        found = await client.get_json(EVENTS_PATH, TypeAdapter(list[Event]), params=params)
        events = sorted((_event(e) for e in found), key=lambda e: e.start, reverse=True)
        events = events[: settings.events]
        return FrigateEvents(events=events, in_progress=sum(e.end is None for e in events))
