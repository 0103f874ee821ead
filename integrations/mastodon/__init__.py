"""Mastodon, through its REST API's public server information (``/api/v1/instance``,
``/api/v2/instance``, ``/api/v1/instance/activity``).

Built from the Mastodon API documentation (mastodon/documentation content/en/methods/instance.md
and entities/V1_Instance.md, Instance.md), version 4.5.
"""

from integrations.mastodon.definition import Mastodon

integration = Mastodon()
