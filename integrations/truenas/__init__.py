"""TrueNAS (SCALE and CORE), through its REST API v2.0 (``/api/v2.0``).

Built from the TrueNAS REST API v2.0 documentation (``/api/docs`` and the truenas/middleware
sources). TrueNAS 25.04 deprecates this REST API in favour of the JSON-RPC WebSocket API and 26
removes it: this integration serves TrueNAS up to 25.x.
"""

from integrations.truenas.definition import TrueNAS

integration = TrueNAS()
