"""Portainer CE, through its REST API (``/api``, Portainer 2.x).

Built from the Portainer CE API documentation (the swagger annotations of portainer/portainer
``api/``, 2.x).
"""

from integrations.portainer.definition import Portainer

integration = Portainer()
