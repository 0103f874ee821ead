"""The parts of the Gitea API's answers Tilewire reads."""

from __future__ import annotations

from datetime import datetime

from pydantic import TypeAdapter

from integrations.base import UpstreamModel


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
