"""UniFi Network, through its official Network API (``/proxy/network/integration/v1``, an API
key; UniFi Network 9.0 and later).

Built from the UniFi Network API documentation, version 9.4.17 (developer.ui.com/network).
"""

from integrations.unifi.definition import Unifi

integration = Unifi()
