"""The parts of Nginx Proxy Manager's API answers Tilewire reads (version 2.15.1,
backend/schema/components)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class Token(UpstreamModel):
    """``POST /api/tokens``: a token, or a two-factor challenge."""

    token: str | None = None
    expires: datetime | None = None
    requires_2fa: bool = False


class ErrorDetail(UpstreamModel):
    code: int | None = None
    message: str = ""


class ErrorBody(UpstreamModel):
    """Every refusal: ``{"error": {"code": ..., "message": ...}}``."""

    error: ErrorDetail


class HostsReport(UpstreamModel):
    """``GET /api/reports/hosts``."""

    proxy: int = 0
    redirection: int = 0
    stream: int = 0
    dead: int = 0


class Meta(UpstreamModel):
    nginx_online: bool | None = None
    nginx_err: str | None = None


class Certificate(UpstreamModel):
    nice_name: str = ""
    expires_on: datetime | None = None


class ProxyHost(UpstreamModel):
    """One of ``GET /api/nginx/proxy-hosts?expand=certificate``."""

    id: int
    domain_names: list[str] = Field(default_factory=list)
    forward_scheme: str = "http"
    forward_host: str = ""
    forward_port: int | None = None
    enabled: bool = True
    meta: Meta = Field(default_factory=Meta)
    certificate: Certificate | None = None
