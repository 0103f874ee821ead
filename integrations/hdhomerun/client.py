"""An HDHomeRun's HTTP interface: no authentication on the local network."""

from __future__ import annotations

from integrations.base import ServiceClient


class HdhomerunClient(ServiceClient):
    """An HDHomeRun HTTP client."""
