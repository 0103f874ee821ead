"""UrBackup, through its HTTP API.

Built from the UrBackup API documentation (name the document and the version here).
"""

from integrations.urbackup.definition import UrBackup

integration = UrBackup()
