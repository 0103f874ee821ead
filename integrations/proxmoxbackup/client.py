"""Proxmox Backup Server's API: the Proxmox family's client with its cookie (``PBSAuthCookie``),
token scheme (``PBSAPIToken=USER@REALM!TOKENID:SECRET``) and the Audit role."""

from __future__ import annotations

from integrations.families.proxmox.client import ProxmoxApiClient


class ProxmoxBackupClient(ProxmoxApiClient):
    """A Proxmox Backup Server API client: a token header, or a ticket renewed once on 401."""

    product = "Proxmox Backup Server"
    cookie = "PBSAuthCookie"
    token_scheme = "PBSAPIToken"
    token_separator = ":"
    reader_role = "Audit"
