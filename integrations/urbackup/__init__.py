"""UrBackup Server, through its web interface's JSON API (``POST /x?a=<action>``): the salted
login or the anonymous one, ``status``, ``progress`` and ``usage``.

Built from the API as UrBackup Server's source defines it: uroni/urbackup_backend branch 2.5.x
(server 2.5.33), ``urbackupserver/serverinterface`` and the web interface's scripts.
"""

from integrations.urbackup.definition import UrBackup

integration = UrBackup()
