"""SABnzbd, through its HTTP API (``/api?mode=...&output=json``, SABnzbd 3.x and 4.x).

Verified against SABnzbd 3.7.1.
"""

from integrations.sabnzbd.definition import Sabnzbd

integration = Sabnzbd()
