"""changedetection.io, through its REST API v1 (changedetection.io 0.40 and later).

Verified against changedetection.io 0.60.10.
"""

from integrations.changedetection.definition import ChangeDetection

integration = ChangeDetection()
