"""Gitea and Forgejo: the user's notifications, and open issues and pull requests."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ConfigModel, Credentials, Secret, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.gitea.client import GiteaClient
    from integrations.gitea.models import NotificationThread, Repository

LATEST_NOTIFICATIONS = 10
TOP_REPOSITORIES = 10
MAX_CONFIGURED = 20
"""Configured repositories read (one call each)."""
PAGE_SIZE = 50
"""Gitea's default maximum page size (MAX_RESPONSE_ITEMS)."""
MAX_PAGES = 5
_NAME = r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"
_REPOSITORY = re.compile(rf"^{_NAME}$")
REPOSITORIES_PATTERN = rf"^\s*(?:{_NAME}\s*)?(?:,\s*(?:{_NAME}\s*)?)*$"
"""The validator's rule for the config schema: owner/name entries separated by commas."""


class GiteaToken(Credentials):
    """A Gitea (or Forgejo) access token."""

    label = "Access token"
    type: Literal["accessToken"] = "accessToken"
    token: Secret = field(
        "Access token",
        min_length=1,
        help="Settings > Applications > Generate new token, with read access to user, "
        "notification and repository (the scopes read:user, read:notification, read:repository).",
    )


class GiteaSettings(ConfigModel):
    """Which repositories the activity endpoint shows."""

    repositories: str = field(
        "Repositories",
        default="",
        max_length=4096,
        schema_pattern=REPOSITORIES_PATTERN,
        help="Comma separated owner/name. Empty: your own repositories with most open issues.",
    )

    @field_validator("repositories")
    @classmethod
    def _owner_slash_name(cls, value: str) -> str:
        names = [name.strip() for name in value.split(",") if name.strip()]
        wrong = [name for name in names if not _REPOSITORY.match(name)]
        if wrong:
            raise ValueError(f"not owner/name: {', '.join(wrong)}")
        return ", ".join(names)

    @property
    def repository_list(self) -> list[str]:
        return [name.strip() for name in self.repositories.split(",") if name.strip()]


class GiteaNotification(Payload):
    id: int
    title: str
    type: str = Field(description="Issue, Pull, Commit or Repository")
    state: str | None = Field(None, description="open, closed or merged")
    repository: str = Field(description="owner/name")
    url: str | None = Field(None, description="the issue, pull request or commit page")
    updated_at: datetime


class GiteaNotifications(Payload):
    """Unread notifications of the user, and the latest of them."""

    unread: int
    latest: list[GiteaNotification] = Field(description="the 10 latest unread, newest first")


class GiteaRepository(Payload):
    full_name: str
    open_issues: int
    open_pull_requests: int | None = None
    stars: int
    url: str | None = None


class GiteaRepositories(Payload):
    """Open issues and pull requests of the configured repositories (or the user's own)."""

    source: Literal["configured", "owned"] = Field(
        description="configured: the repositories in the settings, in their order; owned: the "
        "user's repositories with most open issues"
    )
    repositories: list[GiteaRepository]
    repositories_total: int = Field(description="repositories read (owned: at most 250)")
    open_issues: int = Field(description="over all repositories read")
    open_pull_requests: int


def notification(thread: NotificationThread) -> GiteaNotification:
    return GiteaNotification(
        id=thread.id,
        title=thread.subject.title,
        type=thread.subject.type,
        state=thread.subject.state or None,
        repository=thread.repository.full_name,
        url=thread.subject.html_url or None,
        updated_at=thread.updated_at,
    )


def repository(repo: Repository) -> GiteaRepository:
    return GiteaRepository(
        full_name=repo.full_name,
        open_issues=repo.open_issues_count,
        open_pull_requests=repo.open_pr_counter,
        stars=repo.stars_count,
        url=repo.html_url,
    )


def repositories(repos: list[Repository], *, configured: bool) -> GiteaRepositories:
    if configured:
        shown = repos
    else:
        shown = sorted(repos, key=lambda r: (-r.open_issues_count, r.full_name.casefold()))
        shown = shown[:TOP_REPOSITORIES]
    return GiteaRepositories(
        source="configured" if configured else "owned",
        repositories=[repository(repo) for repo in shown],
        repositories_total=len(repos),
        open_issues=sum(repo.open_issues_count for repo in repos),
        open_pull_requests=sum(repo.open_pr_counter or 0 for repo in repos),
    )


async def owned_repositories(client: GiteaClient) -> list[Repository]:
    """The user's repositories, page by page: until an empty page or one shorter than the
    first (the server's page size may be below ours), at most ``MAX_PAGES``."""
    from integrations.gitea.models import REPOSITORIES

    found: list[Repository] = []
    first_page = 0
    for page in range(1, MAX_PAGES + 1):
        repos = await client.get_json(
            "api/v1/user/repos", REPOSITORIES, params={"limit": PAGE_SIZE, "page": page}
        )
        found += repos
        first_page = first_page or len(repos)
        if not repos or len(repos) < first_page:
            break
    return found


class Gitea(Integration["GiteaClient"]):
    """A Gitea server, or a Forgejo one (same API; told apart by its version)."""

    id = "gitea"
    name = "Gitea / Forgejo"
    icon = "gitea"
    categories = ("development", "git")
    docs_url = "https://docs.gitea.com/api/1.22/"
    verification = "Built from the Gitea API documentation, version 1.22 (Forgejo 7 compatible)"
    default_port = 3000
    credentials = (GiteaToken, UsernamePassword)
    extra = GiteaSettings
    client_class = "integrations.gitea.client:GiteaClient"

    async def test_connection(self, client: GiteaClient) -> ServiceInfo:
        from integrations.gitea.client import flavor
        from integrations.gitea.models import ServerVersion, User

        # /version answers anyone: /user proves the credentials.
        user = await client.get_json("api/v1/user", User)
        version = (await client.get_json("api/v1/version", ServerVersion)).version
        forge, gitea_version = flavor(version)
        details = {"login": user.login, "flavor": forge}
        if gitea_version is not None:
            details["giteaVersion"] = gitea_version
        return ServiceInfo(version=version, details=details)

    @endpoint(
        "notifications",
        name="Notifications",
        description=f"Unread notifications, and the {LATEST_NOTIFICATIONS} latest with their "
        "subject (issue, pull request, commit) and repository.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def notifications(self, client: GiteaClient) -> GiteaNotifications:
        from integrations.gitea.models import NOTIFICATION_THREADS, NotificationCount

        count, threads = await together(
            client.get_json("api/v1/notifications/new", NotificationCount),
            client.get_json(
                "api/v1/notifications",
                NOTIFICATION_THREADS,
                params={"status-types": "unread", "limit": LATEST_NOTIFICATIONS},
            ),
        )
        latest = sorted(threads, key=lambda t: t.updated_at, reverse=True)
        return GiteaNotifications(
            unread=count.new,
            latest=[notification(t) for t in latest[:LATEST_NOTIFICATIONS]],
        )

    @endpoint(
        "activity",
        name="Repositories",
        description="Open issues and pull requests of the configured repositories, or of the "
        f"user's {TOP_REPOSITORIES} own repositories with most open issues.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def activity(self, client: GiteaClient) -> GiteaRepositories:
        names = client.settings.repository_list[:MAX_CONFIGURED]
        if not names:
            return repositories(await owned_repositories(client), configured=False)
        repos = await together(*(client.repository(name) for name in names))
        return repositories(list(repos), configured=True)
