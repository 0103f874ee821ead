"""Zabbix, through its JSON-RPC API (``/api_jsonrpc.php``), 6.4 and later (API token as a
bearer token).

Built from the Zabbix API documentation (manual/api: overview, authentication,
problem.get), version 7.0.
"""

from integrations.zabbix.definition import Zabbix

integration = Zabbix()
