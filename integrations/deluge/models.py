"""The parts of Deluge's web JSON-RPC answers Tilewire reads, with Deluge's field names."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from integrations.base import UpstreamModel

NOT_AUTHENTICATED = 1
"""``error.code`` of a call without a valid ``_session_id`` cookie (sent with HTTP 200)."""


class DelugeRpcError(UpstreamModel):
    message: str
    code: int
    """1 not authenticated, 2 unknown method, 3-5 the call raised."""


class DelugeRpcAnswer(UpstreamModel):
    """Every answer of ``POST /json``: ``result`` or ``error``, never both."""

    result: Any
    error: DelugeRpcError | None
    id: int | None = None


class DelugeTorrent(UpstreamModel):
    """One torrent of ``web.update_ui``, with the keys Tilewire asks for."""

    name: str = ""
    state: str
    progress: float = 0.0
    """0-100."""
    total_wanted: int = 0
    """Bytes of the files selected for download."""
    download_payload_rate: int = 0
    upload_payload_rate: int = 0
    eta: int = 0
    """Seconds; 0 when not downloading, -1 beyond a year."""
    time_added: float = 0.0
    """Unix time."""
    label: str = ""
    """Only with the Label plugin enabled."""


class DelugeStats(UpstreamModel):
    """``stats`` of ``web.update_ui``: session rates (bytes/s) and limits (KiB/s, -1 unlimited)."""

    max_download: float | None = None
    max_upload: float | None = None
    """KiB/s, -1 for unlimited; null while the web UI has no daemon."""
    download_rate: float = 0.0
    upload_rate: float = 0.0
    free_space: int | None = None
    """Bytes free in the download folder; missing when the daemon could not tell."""


class DelugeUiState(UpstreamModel):
    """``web.update_ui``: ``torrents`` and most ``stats`` are only there while connected."""

    connected: bool
    torrents: dict[str, DelugeTorrent] | None = None
    stats: DelugeStats


DELUGE_HOSTS: TypeAdapter[list[tuple[str, str, int, str]]] = TypeAdapter(
    list[tuple[str, str, int, str]]
)
"""``web.get_hosts``: ``[id, host, port, username]`` per daemon in the connection manager."""

TORRENT_IDS: TypeAdapter[list[str]] = TypeAdapter(list[str])
"""``core.get_session_state``: the info hashes of every torrent in the session."""


class DelugeTorrentName(UpstreamModel):
    """``core.get_torrent_status(id, ["name"])``: ``{}`` when the daemon has no such torrent."""

    name: str | None = None
