"""What Proxmox VE and Proxmox Backup Server share beside their client: the API token
credential set."""

from __future__ import annotations

from typing import Literal

from integrations.config import Credentials, Secret, field


class ProxmoxApiToken(Credentials):
    """A Proxmox API token (VE: Datacenter > Permissions > API Tokens; Backup Server:
    Configuration > Access Control > API Token)."""

    label = "API token"
    type: Literal["apiToken"] = "apiToken"
    user: str = field("User", min_length=1, help="The token's user with its realm, e.g. root@pam")
    token_id: str = field("Token ID", min_length=1, help="The token's name, e.g. tilewire")
    secret: Secret = field("Secret", min_length=1, help="The UUID shown once when creating it")
