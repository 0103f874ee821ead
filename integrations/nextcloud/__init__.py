"""Nextcloud, through the serverinfo app's OCS API (``/ocs/v2.php/apps/serverinfo/api/v1/info``).

Built from the nextcloud/serverinfo README (example output of Nextcloud 30.0.0.1) and its
ApiController (token or admin check).
"""

from integrations.nextcloud.definition import Nextcloud

integration = Nextcloud()

__all__ = ["Nextcloud", "integration"]
