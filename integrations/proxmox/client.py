"""Proxmox VE's API: the Proxmox family's client (``integrations.families.proxmox``) with VE's
cookie, token scheme and auditor role."""

from __future__ import annotations

from integrations.families.proxmox.client import ProxmoxApiClient


class ProxmoxClient(ProxmoxApiClient):
    """A Proxmox VE API client: a token header, or a ticket renewed once on 401."""

    product = "Proxmox VE"
    cookie = "PVEAuthCookie"
    token_scheme = "PVEAPIToken"
    token_separator = "="
    reader_role = "PVEAuditor"
