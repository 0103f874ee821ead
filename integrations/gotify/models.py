"""Gotify's answers Tilewire reads (``definitions`` of ``docs/spec.json``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class User(UpstreamModel):
    """``GET /current/user``."""

    id: int
    name: str
    admin: bool


class VersionInfo(UpstreamModel):
    """``GET /version`` (no authentication)."""

    version: str
    commit: str
    build_date: str = Field(alias="buildDate")


class Application(UpstreamModel):
    id: int
    name: str


APPLICATIONS: TypeAdapter[list[Application]] = TypeAdapter(list[Application])


class Message(UpstreamModel):
    id: int
    appid: int
    message: str
    title: str | None = None
    priority: int = 0
    date: datetime


class Paging(UpstreamModel):
    size: int
    """Messages in this answer."""
    since: int
    """The ID of the last message in this answer: ask for older ones with ``since``."""
    limit: int
    next: str | None = None
    """The URL of the next page, empty or null when there is none."""


class PagedMessages(UpstreamModel):
    """``GET /message``: the newest messages first."""

    paging: Paging
    messages: list[Message]
