"""GitLab: the user's pending to-dos, and open issues and merge requests assigned to them or
awaiting their review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.gitlab.client import GitlabClient

API = "api/v4/"


class GitlabActivity(Payload):
    """What waits for the token's user. A count is null above 10,000 (GitLab does not count)."""

    user: str = Field(description="the token's username")
    todos: int | None = Field(description="pending to-dos")
    issues: int | None = Field(description="open issues assigned to the user")
    merge_requests: int | None = Field(description="open merge requests assigned to the user")
    reviews: int | None = Field(description="open merge requests the user is asked to review")


class Gitlab(Integration["GitlabClient"]):
    id = "gitlab"
    name = "GitLab"
    icon = "gitlab"
    categories = ("development",)
    docs_url = "https://docs.gitlab.com/api/rest/"
    verification = "Built from the GitLab REST API documentation, version 4 (GitLab 18)"
    default_port = 443
    credentials = (BearerToken,)
    client_class = "integrations.gitlab.client:GitlabClient"

    async def test_connection(self, client: GitlabClient) -> ServiceInfo:
        from integrations.gitlab.models import User, Version

        user, version = await together(
            client.get_json(API + "user", User), client.get_json(API + "version", Version)
        )
        return ServiceInfo.of(version.version, {"user": user.username})

    @endpoint(
        "activity",
        name="Activity",
        description="Pending to-dos, and open issues and merge requests assigned to the user or "
        "awaiting their review.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def activity(self, client: GitlabClient) -> GitlabActivity:
        from integrations.gitlab.models import User

        user = await client.get_json(API + "user", User)
        opened = {"state": "opened"}
        todos, issues, merge_requests, reviews = await together(
            client.total(API + "todos", {"state": "pending"}),
            client.total(API + "issues", {**opened, "scope": "assigned_to_me"}),
            client.total(API + "merge_requests", {**opened, "scope": "assigned_to_me"}),
            client.total(
                API + "merge_requests",
                {**opened, "scope": "all", "reviewer_username": user.username},
            ),
        )
        return GitlabActivity(
            user=user.username,
            todos=todos,
            issues=issues,
            merge_requests=merge_requests,
            reviews=reviews,
        )
