"""Gitea and Forgejo, through the Gitea API v1 (``/api/v1/...``; Forgejo keeps the same API).

Built from Gitea's swagger document (templates/swagger/v1_json.tmpl, Gitea 1.22) and
Forgejo's version numbering documentation.
"""

from integrations.gitea.definition import Gitea

integration = Gitea()

__all__ = ["Gitea", "integration"]
