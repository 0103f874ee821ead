"""Scrutiny's web API: no authentication of its own (put it behind a proxy that adds basic auth,
which the username and password credentials send)."""

from __future__ import annotations

from integrations.base import ServiceClient


class ScrutinyClient(ServiceClient):
    """A Scrutiny web API client: basic auth when configured (for a reverse proxy)."""

    basic_auth = True
