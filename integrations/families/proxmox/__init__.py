"""The Proxmox products (Proxmox VE, Proxmox Backup Server): one API style, so one client
(token header or ticket, envelopes, errors in the status line); each product's package adds its
cookie, token scheme, role and endpoints."""
