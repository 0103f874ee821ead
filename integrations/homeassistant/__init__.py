"""Home Assistant, through its REST API (``/api/``, Home Assistant Core 2021 and later).

Verified against Home Assistant Core 2024.3.3.
"""

from integrations.homeassistant.definition import HomeAssistant

integration = HomeAssistant()
