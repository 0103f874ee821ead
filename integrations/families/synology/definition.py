"""What the Synology integrations (DSM, Download Station) share beside their client: a DSM
account for credentials, DSM's port and the Synology Web API's documentation."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from integrations.base import ServiceClient
from integrations.config import Credentials, UsernamePassword
from integrations.types import Integration

ClientT = TypeVar("ClientT", bound=ServiceClient)

DSM_LOGIN_GUIDE = (
    "https://global.download.synology.com/download/Document/Software/DeveloperGuide/Os/DSM/All/"
    "enu/DSM_Login_Web_API_Guide_enu.pdf"
)


class SynologyIntegration(Integration[ClientT]):
    """A service behind the Synology Web API: logged in to with a DSM account (an account
    without two-factor authentication: a dashboard cannot answer a one-time code)."""

    icon = "synology"
    default_port: ClassVar[int | None] = 5000
    """DSM's HTTP port (HTTPS: 5001)."""
    credentials: ClassVar[tuple[type[Credentials], ...]] = (UsernamePassword,)
