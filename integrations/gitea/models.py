"""The parts of the Gitea API's answers Tilewire reads, and the Gitea payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class User(UpstreamModel):
    """``GET /api/v1/user``: the authenticated user."""

    id: int
    login: str
    full_name: str = ""


class ServerVersion(UpstreamModel):
    """``GET /api/v1/version``: ``1.22.0`` for Gitea, ``7.0.0+gitea-1.22.0`` for Forgejo."""

    version: str


class NotificationCount(UpstreamModel):
    """``GET /api/v1/notifications/new``."""

    new: int


class NotificationSubject(UpstreamModel):
    title: str
    type: str
    """``Issue``, ``Pull``, ``Commit`` or ``Repository``."""
    state: str | None = None
    """``open``, ``closed`` or ``merged`` for issues and pull requests."""
    html_url: str | None = None


class RepositoryRef(UpstreamModel):
    full_name: str


class NotificationThread(UpstreamModel):
    """One entry of ``GET /api/v1/notifications``."""

    id: int
    unread: bool
    updated_at: datetime
    subject: NotificationSubject
    repository: RepositoryRef


NOTIFICATION_THREADS: TypeAdapter[list[NotificationThread]] = TypeAdapter(list[NotificationThread])


class Repository(UpstreamModel):
    """``GET /api/v1/repos/{owner}/{repo}`` and the entries of ``GET /api/v1/user/repos``."""

    id: int
    full_name: str
    html_url: str | None = None
    open_issues_count: int
    """Open issues, pull requests not included."""
    open_pr_counter: int | None = None
    stars_count: int = 0
    archived: bool = False


REPOSITORIES: TypeAdapter[list[Repository]] = TypeAdapter(list[Repository])


class ApiError(UpstreamModel):
    """Gitea's error body (APIError): ``{"message": ..., "url": ...}``."""

    message: str


# --- payloads --------------------------------------------------------------------------------


class GiteaNotification(Payload):
    id: int
    title: str
    type: str = Field(description="Issue, Pull, Commit or Repository")
    state: str | None = Field(None, description="open, closed or merged")
    repository: str = Field(description="owner/name")
    url: str | None = Field(None, description="the issue, pull request or commit page")
    updated_at: datetime


class GiteaNotifications(Payload):
    """Unread notifications of the user, and the latest of them."""

    unread: int
    latest: list[GiteaNotification] = Field(description="the 10 latest unread, newest first")


class GiteaRepository(Payload):
    full_name: str
    open_issues: int
    open_pull_requests: int | None = None
    stars: int
    url: str | None = None


class GiteaRepositories(Payload):
    """Open issues and pull requests of the configured repositories (or the user's own)."""

    source: Literal["configured", "owned"] = Field(
        description="configured: the repositories in the settings, in their order; owned: the "
        "user's repositories with most open issues"
    )
    repositories: list[GiteaRepository]
    repositories_total: int = Field(description="repositories read (owned: at most 250)")
    open_issues: int = Field(description="over all repositories read")
    open_pull_requests: int
