"""The parts of GitLab's REST API v4 answers Tilewire reads (GitLab 18 REST API
documentation)."""

from __future__ import annotations

from integrations.base import UpstreamModel


class User(UpstreamModel):
    """``GET /api/v4/user``."""

    id: int
    username: str
    name: str = ""


class Version(UpstreamModel):
    """``GET /api/v4/version``."""

    version: str
    revision: str = ""


class Item(UpstreamModel):
    """An entry of a list (todo, issue, merge request): only its presence is read."""

    id: int
