"""Speedtest Tracker (alexjustesen/speedtest-tracker), through its API v1
(``/api/v1/results/latest`` with a Bearer API token, 0.20 and 1.x) or the legacy
``/api/speedtest/latest`` (no credentials, 0.x and kept in 1.x).

Built from the Speedtest Tracker API documentation (docs.speedtest-tracker.dev/api and the
repository's openapi.json), version 1.x.
"""

from integrations.speedtest.definition import Speedtest

integration = Speedtest()
