"""The parts of Caddy's admin API responses Tilewire reads."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, model_validator

from integrations.base import UpstreamModel

CONFIG_KEYS = frozenset({"admin", "logging", "storage", "apps"})
"""The top-level keys of a Caddy 2 JSON config."""


class Config(UpstreamModel):
    """``GET /config/``: the running config (``null`` when Caddy runs without one)."""

    apps: dict[str, Any] = {}

    @model_validator(mode="before")
    @classmethod
    def _is_caddy_config(cls, data: Any) -> Any:
        # Any JSON object would do otherwise: a Caddy config has at least one of its keys.
        if isinstance(data, dict) and data and not CONFIG_KEYS & data.keys():
            raise ValueError(
                f"none of the keys of a Caddy config ({', '.join(sorted(CONFIG_KEYS))})"
            )
        return data

    def http_servers(self) -> int:
        http = self.apps.get("http")
        servers = http.get("servers") if isinstance(http, dict) else None
        return len(servers) if isinstance(servers, dict) else 0


CONFIG: TypeAdapter[Config | None] = TypeAdapter(Config | None)


class Upstream(UpstreamModel):
    """One entry of ``GET /reverse_proxy/upstreams`` (Caddy 2.6: no health flag of its own)."""

    address: str
    num_requests: int
    """Requests in flight to this upstream now."""
    fails: int
    """Failures counted by passive health checks within ``fail_duration``."""


UPSTREAMS: TypeAdapter[list[Upstream]] = TypeAdapter(list[Upstream])


class AdminError(UpstreamModel):
    """The JSON error body of the admin API, e.g. ``{"error": "host not allowed: x"}``."""

    error: str
