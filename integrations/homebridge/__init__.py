"""Homebridge, through the Homebridge UI's REST API (homebridge-config-ui-x 4.x and 5.x:
``/api/auth/login`` or ``/api/auth/noauth`` for a Bearer token, ``/api/status/...``,
``/api/plugins``).

Built from the Homebridge UI API documentation (its Swagger reference at ``/swagger`` and the
routes it documents in homebridge/homebridge-config-ui-x), 4.x and 5.x.
"""

from integrations.homebridge.definition import Homebridge

integration = Homebridge()
