"""GitLab, through its REST API v4 (a personal access token).

Built from the GitLab REST API documentation (api/rest, users, todos, issues, merge_requests,
version; pagination headers), GitLab 18.
"""

from integrations.gitlab.definition import Gitlab

integration = Gitlab()
