"""Proxmox Backup Server, through its API (``/api2/json``).

Built from the Proxmox Backup Server API documentation and sources (pbs-api-types, src/api2),
version 3.2: datastore usage, node status and the task list. The client is the Proxmox family's
(``integrations.families.proxmox``).
"""

from integrations.proxmoxbackup.definition import ProxmoxBackup

integration = ProxmoxBackup()
