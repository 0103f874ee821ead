"""pyLoad, through the HTTP API of pyLoad-ng 0.5 (``/api/<method>``, API key or web login).

Verified against pyLoad-ng 0.5.0b3.dev101.
"""

from integrations.pyload.definition import Pyload

integration = Pyload()
