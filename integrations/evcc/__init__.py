"""evcc, through its REST API (``/api/state``).

Built from the evcc REST API documentation (server/openapi.yaml) and, since the state's structure
is not documented there, the keys and types of the sources, version 0.313.2.
"""

from integrations.evcc.definition import Evcc

integration = Evcc()
