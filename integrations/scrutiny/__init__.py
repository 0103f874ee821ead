"""Scrutiny, through its web API (``/api/summary``).

Built from the Scrutiny v0.9.3 sources: webapp/backend/pkg/models (device and summary JSON),
pkg/constants.go (device status flags), web/handler/get_devices_summary.go.
"""

from integrations.scrutiny.definition import Scrutiny

integration = Scrutiny()
