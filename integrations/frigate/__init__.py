"""Frigate NVR, through its HTTP API (``/api``).

Built from the Frigate API documentation (docs/static/frigate-api.yaml) and sources, version
0.17.2: the stats snapshot is frigate/stats/util.py, events frigate/api/defs/response.
"""

from integrations.frigate.definition import Frigate

integration = Frigate()
