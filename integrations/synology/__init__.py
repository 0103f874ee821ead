"""Synology DSM, through the Synology Web API (``/webapi/``).

Built from Synology's DSM Login Web API Guide (DSM 7.0: API discovery, login, error codes) and,
for the system and storage APIs that no public guide describes (``SYNO.Core.System``,
``SYNO.Core.System.Utilization``, ``SYNO.Storage.CGI.Storage``, ``SYNO.DSM.Info``), from answers
recorded from DSM 6.2 and 7.0. The client is the Synology family's
(``integrations.families.synology``).
"""

from integrations.synology.definition import SynologyDSM

integration = SynologyDSM()
