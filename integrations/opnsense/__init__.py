"""OPNsense, through its API (``/api``, an API key and secret as basic auth).

Built from the OPNsense API documentation and sources (Diagnostics/Api/SystemController.php,
the dashboard widgets' endpoints), version 26.7.2.
"""

from integrations.opnsense.definition import OPNsense

integration = OPNsense()
