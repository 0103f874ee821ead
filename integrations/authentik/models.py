"""The parts of authentik's API v3 answers Tilewire reads (schema.yml: Version, the paginated
list's ``pagination``)."""

from __future__ import annotations

from integrations.base import UpstreamModel


class Version(UpstreamModel):
    """``GET /api/v3/admin/version/``."""

    version_current: str
    version_latest: str = ""
    outdated: bool = False
    outpost_outdated: bool = False


class Pagination(UpstreamModel):
    count: int


class Page(UpstreamModel):
    """A paginated list, asked with ``page_size=1``: only its count is read."""

    pagination: Pagination
