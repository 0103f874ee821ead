"""Gluetun, through its HTTP control server (``/v1``).

Built from the Gluetun control server documentation and sources (internal/server), version
3.41.1.
"""

from integrations.gluetun.definition import Gluetun

integration = Gluetun()
