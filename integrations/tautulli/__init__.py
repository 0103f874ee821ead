"""Tautulli, through its API v2 (``/api/v2?apikey=...&cmd=...``, Tautulli v2.x).

Built from the Tautulli API documentation (API v2).
"""

from integrations.tautulli.definition import Tautulli

integration = Tautulli()
