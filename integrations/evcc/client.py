"""evcc's REST API: the state needs no authentication (a reverse proxy in front may ask for
basic auth, which the username and password credentials send)."""

from __future__ import annotations

from integrations.base import ServiceClient


class EvccClient(ServiceClient):
    """An evcc REST client: basic auth when configured (for a reverse proxy)."""

    basic_auth = True
