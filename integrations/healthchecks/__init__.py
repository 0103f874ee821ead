"""Healthchecks (self-hosted or healthchecks.io), through its Management API v3.

Built from the Healthchecks Management API v3 documentation (templates/docs/api.md), Healthchecks
v4.3.
"""

from integrations.healthchecks.definition import Healthchecks

integration = Healthchecks()
