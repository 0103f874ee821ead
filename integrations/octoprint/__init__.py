"""OctoPrint, through its REST API (API 0.1, OctoPrint 1.4 and later).

Verified against OctoPrint 1.11.8 with its bundled virtual printer.
"""

from integrations.octoprint.definition import OctoPrint

integration = OctoPrint()
