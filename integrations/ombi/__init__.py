"""Ombi, through its HTTP API (``/api/v1``, the API key in the ``ApiKey`` header).

Built from the Ombi API documentation (its Swagger page, /swagger) and sources, version 4.59.3.
"""

from integrations.ombi.definition import Ombi

integration = Ombi()
