"""Synology DSM's Web API: the Synology family's client with DSM's system APIs, and no login
``session`` (DSM's own APIs belong to no application)."""

from __future__ import annotations

from integrations.families.synology.client import SynologyClient

DSM_INFO = "SYNO.DSM.Info"
SYSTEM = "SYNO.Core.System"
UTILIZATION = "SYNO.Core.System.Utilization"
STORAGE = "SYNO.Storage.CGI.Storage"


class SynologyDSMClient(SynologyClient):
    """A DSM Web API client: the ``SYNO.API.Auth`` session, renewed once when DSM drops it."""

    product = "Synology DSM"
    apis_used = (DSM_INFO, SYSTEM, UTILIZATION, STORAGE)
    permission_hint = (
        "DSM's system, resource and storage information needs an account in the "
        "administrators group"
    )
    missing_hint = "is the URL DSM's address? (the storage API needs DSM 6 or later)"
