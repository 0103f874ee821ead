"""Payload types shared by integrations of one kind, so one widget serves them all.

Quantities carry their unit in the name or docstring: bytes, bytes per second, seconds,
percent (0-100) or ratio (0-1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class Payload(BaseModel):
    """Base of every endpoint payload: immutable, camelCase in JSON like in GraphQL."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, frozen=True, defer_build=True
    )


# --- download clients ----------------------------------------------------------------------

MAX_QUEUE_ITEMS = 50


class DownloadState(StrEnum):
    DOWNLOADING = "downloading"
    SEEDING = "seeding"
    PAUSED = "paused"
    QUEUED = "queued"
    CHECKING = "checking"
    STALLED = "stalled"
    COMPLETED = "completed"
    ERROR = "error"
    UNKNOWN = "unknown"


class DownloadItem(Payload):
    id: str
    name: str
    state: DownloadState
    progress: float = Field(description="0-1")
    size: int = Field(description="bytes")
    download_speed: int = Field(0, description="bytes/s")
    upload_speed: int = Field(0, description="bytes/s")
    eta_seconds: int | None = Field(None, description="None when unknown or not downloading")
    category: str | None = None
    added_at: datetime | None = None


class DownloadClientStatus(Payload):
    """Speeds, counts and limits of a download client (torrent or usenet)."""

    @classmethod
    def from_states(
        cls,
        states: Iterable[DownloadState],
        *,
        download_speed: int,
        upload_speed: int,
        download_limit: int | None = None,
        upload_limit: int | None = None,
        free_space: int | None = None,
        version: str | None = None,
    ) -> DownloadClientStatus:
        """Counts by state: stalled downloads count as downloading, checking ones only in
        the total."""
        counts = Counter(states)
        return cls(
            download_speed=download_speed,
            upload_speed=upload_speed,
            downloading=counts[DownloadState.DOWNLOADING] + counts[DownloadState.STALLED],
            seeding=counts[DownloadState.SEEDING],
            paused=counts[DownloadState.PAUSED],
            queued=counts[DownloadState.QUEUED],
            completed=counts[DownloadState.COMPLETED],
            errored=counts[DownloadState.ERROR],
            total=counts.total(),
            download_limit=download_limit,
            upload_limit=upload_limit,
            free_space=free_space,
            version=version,
        )

    download_speed: int = Field(description="bytes/s")
    upload_speed: int = Field(description="bytes/s")
    downloading: int
    seeding: int
    paused: int
    queued: int = 0
    completed: int
    errored: int
    total: int
    download_limit: int | None = Field(None, description="bytes/s, None when unlimited")
    upload_limit: int | None = Field(None, description="bytes/s, None when unlimited")
    free_space: int | None = Field(None, description="bytes free in the download folder")
    version: str | None = None


class DownloadQueue(Payload):
    """The items of a download client, most relevant first."""

    items: list[DownloadItem]
    total: int

    @classmethod
    def of(cls, items: Iterable[DownloadItem], limit: int = MAX_QUEUE_ITEMS) -> DownloadQueue:
        """Items moving data or being worked on first, then the newest; at most ``limit``."""
        ordered = sorted(items, key=_relevance)
        return cls(items=ordered[:limit], total=len(ordered))


def _relevance(item: DownloadItem) -> tuple[bool, float]:
    active = (
        item.state in (DownloadState.DOWNLOADING, DownloadState.CHECKING)
        or item.download_speed > 0
        or item.upload_speed > 0
    )
    added = item.added_at.timestamp() if item.added_at is not None else 0.0
    return (not active, -added)


# --- system monitors -----------------------------------------------------------------------


class DiskUsage(Payload):
    mount: str
    used: int = Field(description="bytes")
    total: int = Field(description="bytes")
    percent: float


class SystemResources(Payload):
    """CPU, memory, load, disks and uptime of one machine."""

    hostname: str | None = None
    cpu_percent: float
    cpu_count: int | None = None
    memory_used: int = Field(description="bytes")
    memory_total: int = Field(description="bytes")
    memory_percent: float
    load1: float | None = None
    load5: float | None = None
    load15: float | None = None
    uptime_seconds: int | None = None
    disks: list[DiskUsage] = []


# --- metrics (Prometheus-shaped) -----------------------------------------------------------


class MetricLabel(Payload):
    name: str
    value: str


class MetricSample(Payload):
    labels: list[MetricLabel]
    value: float | None = Field(description="None for NaN and infinities (see valueText)")
    value_text: str = Field(description="The value as the service wrote it, e.g. 1, NaN, +Inf")
    timestamp: datetime


class MetricQueryResult(Payload):
    """The instant result of one query: a vector of labelled samples (a scalar is one sample)."""

    query: str
    result_type: str
    samples: list[MetricSample] = Field(
        description="The first samples of the answer, in its order (at most 500 for "
        "Prometheus: topk() or sort_desc() choose which)"
    )
    total: int = Field(description="Samples in the answer: more than samples holds when cut")


class ScrapeTarget(Payload):
    job: str
    instance: str
    health: str = Field(description="up, down or unknown")
    last_error: str | None = None
    last_scrape: datetime | None = None
    scrape_duration_seconds: float | None = None


class ScrapeTargets(Payload):
    up: int
    down: int
    unknown: int
    targets: list[ScrapeTarget]


# --- media library managers (Sonarr, Radarr, Lidarr, Readarr) ------------------------------


class MediaQueueItem(Payload):
    id: str
    title: str = Field(description="The series, movie, artist or author")
    subtitle: str | None = Field(None, description='e.g. "S01E02 Pilot", an album, a book')
    status: str = Field(description="downloading, queued, paused, completed, warning, failed, ...")
    progress: float = Field(description="0-1")
    size: int | None = Field(None, description="bytes")
    size_left: int | None = Field(None, description="bytes")
    eta_seconds: int | None = None
    download_client: str | None = None
    protocol: str | None = Field(None, description="torrent or usenet")


class MediaQueue(Payload):
    """What a media library manager is downloading."""

    items: list[MediaQueueItem]
    total: int


class MediaWantedItem(Payload):
    title: str
    subtitle: str | None = None
    date: datetime | None = Field(None, description="air or release date")


class MediaWanted(Payload):
    """Monitored items the library lacks."""

    missing: int
    cutoff_unmet: int | None = Field(None, description="present, but below the wanted quality")
    items: list[MediaWantedItem] = Field(description="the first missing items, newest first")


class MediaCalendarItem(Payload):
    """One entry of a calendar: a release of a Servarr app, or an event of a calendar (iCal,
    CalDAV). Every time is in UTC."""

    title: str
    subtitle: str | None = None
    date: datetime = Field(
        description="when it starts (UTC): the air or release date, or an event's start; for "
        "an all-day event the start of its first day in the calendar's time zone"
    )
    end: datetime | None = Field(
        None, description="when it ends (UTC, exclusive), where the source says; null if not"
    )
    all_day: bool = Field(
        False, description="an all-day event: show its days, not its times (date and end)"
    )
    has_file: bool | None = Field(
        None,
        description="whether it is in the library already; null where the source keeps no "
        "library (a calendar event)",
    )
    monitored: bool = True
    location: str | None = Field(None, description="where it takes place (at most 200 chars)")
    description: str | None = Field(
        None, description="the event's description, cut to at most 500 characters"
    )
    source: str | None = Field(None, description="the name of the calendar it comes from")

    @field_validator("date", "end")
    @classmethod
    def _in_utc(cls, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("must be a time with its time zone (offset)")
        return moment.astimezone(UTC)


class MediaCalendar(Payload):
    """What comes out or happens soon, sorted by start (and, for a release, whether it is in
    the library already)."""

    items: list[MediaCalendarItem]
    capped: bool = Field(
        False,
        description="true when the window held more than the items listed (the most an App "
        "shows, or a recurrence expanded to its bound)",
    )


# --- media servers (Jellyfin, Emby, Plex, Navidrome, Audiobookshelf, Tautulli) -------------


class MediaKind(StrEnum):
    MOVIE = "movie"
    EPISODE = "episode"
    TRACK = "track"
    AUDIOBOOK = "audiobook"
    PODCAST = "podcast"
    LIVE_TV = "live_tv"
    OTHER = "other"


class PlaybackState(StrEnum):
    PLAYING = "playing"
    PAUSED = "paused"
    BUFFERING = "buffering"


class MediaSession(Payload):
    id: str
    user: str | None = None
    title: str = Field(description="What is playing: a movie, a series, an artist, a book")
    subtitle: str | None = Field(None, description='e.g. "S02E05 Title", a track, a chapter')
    kind: MediaKind
    state: PlaybackState
    progress: float | None = Field(None, description="0-1")
    device: str | None = None
    client: str | None = None
    transcoding: bool | None = None


class MediaServerActivity(Payload):
    """Who is watching or listening to what, right now."""

    sessions: list[MediaSession]
    playing: int
    transcoding: int

    @classmethod
    def of(cls, sessions: Iterable[MediaSession]) -> MediaServerActivity:
        """Sessions not paused count as playing (buffering ones too)."""
        listed = list(sessions)
        return cls(
            sessions=listed,
            playing=sum(session.state is not PlaybackState.PAUSED for session in listed),
            transcoding=sum(bool(session.transcoding) for session in listed),
        )


def episode_label(season: int | None, episode: int | None, name: str | None) -> str | None:
    """``S02E05 Name``, or whatever of it is known."""
    number = ""
    if season is not None:
        number += f"S{season:02d}"
    if episode is not None:
        number += f"E{episode:02d}"
    label = " ".join(part for part in (number, name or "") if part)
    return label or None


def fraction(done: float | None, total: float | None) -> float | None:
    """``done / total`` within 0-1; None when the total is unknown."""
    if done is None or not total or total <= 0:
        return None
    return min(max(done / total, 0.0), 1.0)


class MediaLibraryCounts(Payload):
    """How much a media server holds; None where the server has no such library."""

    movies: int | None = None
    series: int | None = None
    episodes: int | None = None
    artists: int | None = None
    albums: int | None = None
    tracks: int | None = Field(
        None,
        description="None also where the server does not tell: Subsonic servers (Navidrome) "
        "while scanning the library, and those without getScanStatus (Subsonic API before 1.15)",
    )
    books: int | None = None
    podcasts: int | None = None


# --- requests (Overseerr, Jellyseerr) -------------------------------------------------------


class MediaRequests(Payload):
    """Media requests by status."""

    pending: int
    approved: int
    declined: int
    processing: int
    available: int
    total: int


# --- DNS blockers (Pi-hole, AdGuard Home) ---------------------------------------------------


class DnsBlockerSummary(Payload):
    """Today's queries and blocks, and whether blocking is on."""

    queries: int = Field(description="DNS queries in the period the service reports (usually 24 h)")
    blocked: int
    percent_blocked: float = Field(description="0-100")
    blocking_enabled: bool
    domains_on_lists: int | None = Field(None, description="domains on the block lists")
    clients: int | None = Field(None, description="distinct clients")
    avg_processing_seconds: float | None = Field(None, description="average time to answer a query")


# --- container engines (Docker, Podman, ...) -----------------------------------------------

MAX_CONTAINERS = 200
MAX_CONTAINER_LABELS = 32
MAX_CONTAINER_PORTS = 32


class ContainerHealth(StrEnum):
    """A container's healthcheck result; ``none`` when it has no healthcheck (or is stopped)."""

    NONE = "none"
    STARTING = "starting"
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"


class ContainerPort(Payload):
    private_port: int = Field(description="the port inside the container")
    public_port: int | None = Field(None, description="the host port it is published on")
    protocol: str = Field(description="tcp, udp or sctp")
    ip: str | None = Field(None, description="the host address it is published on")


class ContainerLabel(Payload):
    name: str
    value: str


class ContainerSummary(Payload):
    id: str = Field(description="the short id (12 hex digits)")
    name: str
    image: str
    state: str = Field(description="created, running, paused, restarting, removing, exited or dead")
    health: ContainerHealth
    status: str = Field(description="the engine's own words, e.g. 'Up 2 hours (healthy)'")
    started_at: datetime | None = Field(None, description="when it last started")
    uptime_seconds: int | None = Field(None, description="seconds since it started, if running")
    finished_at: datetime | None = Field(None, description="when it last stopped, if stopped")
    exit_code: int | None = Field(None, description="its last exit code, if stopped")
    restart_count: int = Field(0, description="restarts by its restart policy")
    ports: list[ContainerPort] = Field([], description=f"at most {MAX_CONTAINER_PORTS}")
    labels: list[ContainerLabel] = Field(
        [], description=f"at most {MAX_CONTAINER_LABELS}, by name; long values cut"
    )
    cpu_percent: float | None = Field(
        None, description="percent of one CPU (100 = one whole CPU), running containers only"
    )
    memory_used: int | None = Field(None, description="bytes, running containers only")
    memory_limit: int | None = Field(None, description="bytes (the host's memory if unlimited)")
    memory_percent: float | None = Field(None, description="memory_used of memory_limit, 0-100")


class ContainerList(Payload):
    """The containers of one engine, by name, with their state, health and resource use."""

    containers: list[ContainerSummary] = Field(
        description=f"by name, at most {MAX_CONTAINERS} (see total)"
    )
    total: int = Field(description="containers matching the filters, shown or not")
    running: int = Field(description="of total")
    stopped: int = Field(description="of total: exited, created or dead")
    healthy: int = Field(description="of the containers shown")
    unhealthy: int = Field(description="of the containers shown")
    truncated: bool = Field(description="more containers match than are shown")


class ContainerEngine(Payload):
    """A container engine's version, platform and counts."""

    engine: str = Field(description="Docker or Podman")
    version: str
    api_version: str | None = None
    os: str | None = Field(None, description="linux, windows, ...")
    arch: str | None = Field(None, description="amd64, arm64, ...")
    operating_system: str | None = Field(None, description="the host's, e.g. Debian GNU/Linux 12")
    kernel_version: str | None = None
    cpus: int | None = None
    memory_total: int | None = Field(None, description="bytes")
    containers: int
    running: int
    paused: int
    stopped: int
    images: int
