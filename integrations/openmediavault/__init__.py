"""OpenMediaVault, through its JSON-RPC (``/rpc.php``): a session from an administrator's login.

Built from the OpenMediaVault sources (engined/rpc/system.inc getInformation, session.inc login;
the RPC envelope), version 7.
"""

from integrations.openmediavault.definition import OpenMediaVault

integration = OpenMediaVault()
