"""The parts of the Proxmox APIs' answers that Proxmox VE and Proxmox Backup Server share.

Every answer is an envelope ``{"data": ...}``; errors carry ``{"data": null}`` and put their
reason in the HTTP status line.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from integrations.base import UpstreamModel

T = TypeVar("T")


class Data(UpstreamModel, Generic[T]):
    """The envelope of every ``/api2/json`` answer."""

    data: T


class Version(UpstreamModel):
    """``GET /version``."""

    version: str
    release: str = ""
    repoid: str = ""


class Ticket(UpstreamModel):
    """``POST /access/ticket``: the ticket (the product's auth cookie) and the CSRF token that
    write requests need (header ``CSRFPreventionToken``)."""

    username: str
    ticket: str | None = None
    csrf_token: str | None = Field(None, alias="CSRFPreventionToken")
    need_tfa: bool = Field(False, alias="NeedTFA")
    """Set (with a half-authenticated ticket) for users with two-factor authentication."""
