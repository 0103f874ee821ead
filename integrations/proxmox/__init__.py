"""Proxmox VE, through its REST API (``/api2/json``, Proxmox VE 8).

Built from the Proxmox VE API documentation (API viewer schema and pve-manager sources, 8.x).
"""

from integrations.proxmox.definition import Proxmox

integration = Proxmox()
