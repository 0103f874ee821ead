"""The parts of the Synology Web API's answers that every Synology integration reads.

Every answer is HTTP 200 with an envelope: ``{"success": true, "data": ...}``, or
``{"success": false, "error": {"code": N}}`` (DSM Login Web API Guide, DSM 7, "Parsing API
Response"; the Download Station and File Station guides say the same).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel

CGI_PATH_PATTERN = r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.cgi$"
"""A CGI path under ``/webapi/`` as ``SYNO.API.Info`` names it (``entry.cgi``,
``DownloadStation/task.cgi``): relative and of plain names (no ``..``, no scheme), so that an
answer cannot send a request (and the password or session with it) anywhere else."""


class ErrorBody(UpstreamModel):
    code: int


class Envelope(UpstreamModel):
    """The envelope of every answer; ``data`` is read into the caller's model."""

    success: bool
    data: Any = None
    error: ErrorBody | None = None


class ApiInfo(UpstreamModel):
    """One API of ``SYNO.API.Info`` ``query``: where it lives and which versions it speaks."""

    path: str = Field(pattern=CGI_PATH_PATTERN, max_length=200)
    min_version: int = Field(alias="minVersion", ge=1, le=1000)
    max_version: int = Field(alias="maxVersion", ge=1, le=1000)

    def version(self, preferred: int) -> int:
        """``preferred``, or the nearest version this DSM speaks."""
        return max(self.min_version, min(preferred, self.max_version))


class Login(UpstreamModel):
    """``SYNO.API.Auth`` ``login`` with ``format=sid``: the session id (``did``, ``synotoken``
    and ``is_portal_port`` are not read)."""

    sid: str = Field(min_length=1, max_length=1024)
