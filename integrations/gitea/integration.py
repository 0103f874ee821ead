"""Gitea and Forgejo: the user's notifications, and open issues and pull requests."""

from __future__ import annotations

import asyncio

from integrations.config import UsernamePassword
from integrations.gitea.client import GiteaClient, GiteaSettings, GiteaToken, flavor
from integrations.gitea.models import (
    NOTIFICATION_THREADS,
    REPOSITORIES,
    GiteaNotification,
    GiteaNotifications,
    GiteaRepositories,
    GiteaRepository,
    NotificationCount,
    NotificationThread,
    Repository,
    ServerVersion,
    User,
)
from integrations.types import Integration, ServiceInfo, endpoint

LATEST_NOTIFICATIONS = 10
TOP_REPOSITORIES = 10
MAX_CONFIGURED = 20
"""Configured repositories read (one call each)."""
PAGE_SIZE = 50
"""Gitea's default maximum page size (MAX_RESPONSE_ITEMS)."""
MAX_PAGES = 5


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
    found: list[Repository] = []
    first_page = 0
    for page in range(1, MAX_PAGES + 1):
        repos = await client.get(
            "user/repos", REPOSITORIES, params={"limit": PAGE_SIZE, "page": page}
        )
        found += repos
        first_page = first_page or len(repos)
        if not repos or len(repos) < first_page:
            break
    return found


class Gitea(Integration[GiteaClient]):
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
    client_class = GiteaClient

    async def test_connection(self, client: GiteaClient) -> ServiceInfo:
        # /version answers anyone: /user proves the credentials.
        user = await client.get("user", User)
        version = (await client.get("version", ServerVersion)).version
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
        count, threads = await asyncio.gather(
            client.get("notifications/new", NotificationCount),
            client.get(
                "notifications",
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
        repos = await asyncio.gather(
            *(
                client.get(f"repos/{name}", Repository, missing=f"repository {name}")
                for name in names
            )
        )
        return repositories(list(repos), configured=True)
