"""Gitea / Forgejo integration against fixtures transcribed from Gitea's swagger document."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.gitea import integration
from integrations.gitea.client import GiteaClient
from integrations.gitea.definition import (
    LATEST_NOTIFICATIONS,
    MAX_PAGES,
    PAGE_SIZE,
    TOP_REPOSITORIES,
    GiteaNotifications,
    GiteaRepositories,
    GiteaSettings,
)
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "gitea"
TOKEN = "fixture-gitea-token"
USER, PASSWORD = "alice", "fixture-password"
BASE = "http://gitea.test:3000"
ME = ("GET", "/api/v1/user")
VERSION = ("GET", "/api/v1/version")
NEW = ("GET", "/api/v1/notifications/new")
THREADS = ("GET", "/api/v1/notifications")
USER_REPOS = ("GET", "/api/v1/user/repos")
REPO = ("GET", "/api/v1/repos/alice/homelab")


def config(
    credentials: dict[str, Any] | None = None, url: str = BASE, repositories: str = ""
) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": credentials or {"type": "accessToken", "token": TOKEN},
        "extra": {"repositories": repositories},
    }


def basic(password: str = PASSWORD) -> dict[str, Any]:
    return {"type": "usernamePassword", "username": USER, "password": password}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN, PASSWORD)


def refuse_unsigned(request: httpx.Request) -> httpx.Response | None:
    """Gitea's rule: the token or a basic login, else 401. (A signed-in token lacking a scope
    gets 403: the route's own answer, ``missing_scope``.)"""
    login = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    header = request.headers.get("authorization", "")
    if header not in (f"token {TOKEN}", f"Basic {login}"):
        return response_of(fixture(ID, "unauthorized"))
    return None


def paged(first: list[Any]) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        return httpx.Response(200, json=first if page == 1 else [])

    return handle


def gitea(version: str = "version") -> FakeUpstream:
    api: dict[tuple[str, str], Any] = {
        ME: "user",
        VERSION: version,
        NEW: "notifications_new",
        THREADS: "notifications",
        USER_REPOS: paged(body("user_repos")),
        REPO: "repo",
    }
    return FakeUpstream(ID, api, refuse=refuse_unsigned, open_routes={VERSION})  # answers anyone


# --- metadata and settings ----------------------------------------------------------------------


def test_metadata() -> None:
    assert (integration.id, integration.default_port) == ("gitea", 3000)
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("extra.repositories", "string"),
    ]
    assert integration.endpoints["notifications"].payload is GiteaNotifications
    assert integration.endpoints["activity"].payload is GiteaRepositories


def test_repositories_setting() -> None:
    settings = GiteaSettings.model_validate({"repositories": " alice/homelab ,gitea/tea,, "})
    assert settings.repository_list == ["alice/homelab", "gitea/tea"]
    assert GiteaSettings().repository_list == []
    with pytest.raises(ValidationError, match="not owner/name: homelab"):
        GiteaSettings.model_validate({"repositories": "homelab"})


# --- success ------------------------------------------------------------------------------------


async def test_connection_to_gitea(make_client: Callable[..., GiteaClient]) -> None:
    upstream = gitea()
    info = await integration.test_connection(make_client(upstream))

    assert info == ServiceInfo(
        version=body("version")["version"],
        details={"login": body("user")["login"], "flavor": "gitea"},
    )
    me = next(r for r in upstream.requests if r.url.path == ME[1])
    assert me.headers["authorization"] == f"token {TOKEN}"


async def test_connection_to_forgejo(make_client: Callable[..., GiteaClient]) -> None:
    info = await integration.test_connection(make_client(gitea(version="version_forgejo")))

    assert info.version == body("version_forgejo")["version"] == "7.0.0+gitea-1.22.0"
    assert info.details == {"login": "alice", "flavor": "forgejo", "giteaVersion": "1.22.0"}


async def test_connection_with_basic_auth(make_client: Callable[..., GiteaClient]) -> None:
    upstream = gitea()
    info = await integration.test_connection(make_client(upstream, credentials=basic()))
    assert info.details["login"] == "alice"
    assert upstream.requests[0].headers["authorization"].startswith("Basic ")


async def test_notifications(make_client: Callable[..., GiteaClient]) -> None:
    upstream = gitea()
    result = await integration.fetch_data(make_client(upstream), "notifications")

    threads = sorted(body("notifications"), key=lambda t: t["updated_at"], reverse=True)
    assert isinstance(result, GiteaNotifications)
    assert result.unread == body("notifications_new")["new"] == 3
    assert [n.id for n in result.latest] == [t["id"] for t in threads] == [111, 107, 105]
    first, thread = result.latest[0], threads[0]
    assert (first.title, first.type, first.state, first.repository, first.url) == (
        thread["subject"]["title"],
        thread["subject"]["type"],
        thread["subject"]["state"],
        thread["repository"]["full_name"],
        thread["subject"]["html_url"],
    )
    assert first.updated_at == datetime.fromisoformat(thread["updated_at"])
    listing = next(r for r in upstream.requests if r.url.path == THREADS[1])
    assert dict(listing.url.params) == {"status-types": "unread", "limit": "10"}
    assert LATEST_NOTIFICATIONS == 10


async def test_activity_of_the_users_own_repositories(
    make_client: Callable[..., GiteaClient],
) -> None:
    upstream = gitea()
    result = await integration.fetch_data(make_client(upstream), "activity")

    repos = body("user_repos")
    ranked = sorted(repos, key=lambda r: -r["open_issues_count"])[:TOP_REPOSITORIES]
    assert isinstance(result, GiteaRepositories)
    assert result.source == "owned"
    assert [r.full_name for r in result.repositories] == [r["full_name"] for r in ranked]
    assert result.repositories[0].full_name == "alice/old-site"  # 15 open issues
    assert result.repositories_total == len(repos) == 12
    assert result.open_issues == sum(r["open_issues_count"] for r in repos)
    assert result.open_pull_requests == sum(r["open_pr_counter"] for r in repos)
    pages = [r.url.params["page"] for r in upstream.requests if r.url.path == USER_REPOS[1]]
    assert pages == ["1", "2"]  # the second page is empty
    assert {r.url.params["limit"] for r in upstream.requests if r.url.path == USER_REPOS[1]} == {
        str(PAGE_SIZE)
    }


async def test_owned_repositories_are_read_page_by_page(
    make_client: Callable[..., GiteaClient],
) -> None:
    template = body("user_repos")[0]
    per_page = 30  # a server whose MAX_RESPONSE_ITEMS is below Tilewire's page size

    def pages(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        repos = [
            {**copy.deepcopy(template), "id": page * 100 + n, "full_name": f"alice/r{page}-{n}"}
            for n in range(per_page if page < 3 else 5)
        ]
        return httpx.Response(200, json=repos)

    upstream = gitea()
    upstream.route(*USER_REPOS, pages)
    result = await integration.fetch_data(make_client(upstream), "activity")
    assert result.repositories_total == 2 * per_page + 5
    assert upstream.calls[USER_REPOS] == 3

    upstream = gitea()
    upstream.route(*USER_REPOS, lambda _: httpx.Response(200, json=[template] * 50))
    result = await integration.fetch_data(make_client(upstream), "activity")
    assert upstream.calls[USER_REPOS] == MAX_PAGES
    assert result.repositories_total == MAX_PAGES * 50


async def test_activity_of_configured_repositories(
    make_client: Callable[..., GiteaClient],
) -> None:
    upstream = gitea()
    result = await integration.fetch_data(
        make_client(upstream, repositories="alice/homelab"), "activity"
    )

    repo = body("repo")
    assert result.source == "configured"
    (shown,) = result.repositories
    assert (shown.full_name, shown.open_issues, shown.open_pull_requests, shown.stars) == (
        repo["full_name"],
        repo["open_issues_count"],
        repo["open_pr_counter"],
        repo["stars_count"],
    )
    assert shown.url == repo["html_url"]
    assert (result.open_issues, result.open_pull_requests) == (12, 2)
    assert upstream.calls[USER_REPOS] == 0


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(make_client: Callable[..., GiteaClient]) -> None:
    client = make_client(gitea(), credentials={"type": "accessToken", "token": "wrong-token"})
    for call in (
        integration.test_connection(client),
        integration.fetch_data(client, "notifications"),
        integration.fetch_data(client, "activity"),
    ):
        with pytest.raises(IntegrationError) as caught:
            await call
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "access token" in err.message
        assert_no_secret(err, "wrong-token")


async def test_wrong_password_is_unauthorized(make_client: Callable[..., GiteaClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(gitea(), credentials=basic("wrong-pass")))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "two-factor" in caught.value.message
    assert_no_secret(caught.value, "wrong-pass")


async def test_token_without_the_scope_is_forbidden(
    make_client: Callable[..., GiteaClient],
) -> None:
    upstream = gitea()
    upstream.route(*NEW, "missing_scope")  # signed in, but the token lacks the scope
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "notifications")
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "read:notification" in err.message
    assert_no_secret(err)


async def test_configured_repository_missing_is_named(
    make_client: Callable[..., GiteaClient],
) -> None:
    upstream = gitea()
    upstream.route("GET", "/api/v1/repos/alice/missing", "repo_not_found")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(
            make_client(upstream, repositories="alice/homelab, alice/missing"), "activity"
        )
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert "repository alice/missing" in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_gitea_is_invalid_response(
    make_client: Callable[..., GiteaClient], name: str
) -> None:
    routes = {route: name for route in (ME, VERSION, NEW, THREADS, USER_REPOS, REPO)}
    client = make_client(FakeUpstream(ID, routes))
    for call in (
        integration.test_connection(client),
        integration.fetch_data(client, "notifications"),
        integration.fetch_data(client, "activity"),
    ):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)
        assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., GiteaClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_server_error_is_upstream_error(make_client: Callable[..., GiteaClient]) -> None:
    error = httpx.Response(500, json={"message": "", "url": f"{BASE}/api/swagger"})
    upstream = gitea()
    upstream.route(*THREADS, error)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "notifications")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert caught.value.url == f"{BASE}/api/v1/notifications"
    assert_no_secret(caught.value)
