"""Beszel, through its hub's PocketBase API (``/api/collections``).

Built from the PocketBase API documentation (records list, auth-with-password; PocketBase
0.39, which Beszel 0.18.8 embeds) and Beszel's system record (internal/entities/system Info,
internal/hub/systems statuses), version 0.18.8.
"""

from integrations.beszel.definition import Beszel

integration = Beszel()
