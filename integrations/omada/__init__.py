"""TP-Link Omada Controller (software controller and OC hardware controllers, 5.x), through the
web API v2 its own interface uses: ``/api/info``, then a login session (cookie and CSRF token)
under ``/{omadacId}/api/v2``.

Built from the Omada API documentation, version 5.x: TP-Link's community thread "Omada V2 API"
(the login flow, validated on 5.0.30 and 5.12.7), TP-Link FAQ 3231 (controller id in the URL and
the CSRF token header, 5.0.15+), the Open API reference's site overview fields, and answers
recorded from controller 5.12.9.
"""

from integrations.omada.definition import Omada

integration = Omada()
