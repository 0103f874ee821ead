"""GitLab integration against the examples of the GitLab REST API documentation."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.gitlab import integration
from integrations.gitlab.client import GitlabClient
from integrations.gitlab.definition import GitlabActivity
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "gitlab"
TOKEN = "glpat-fixture0123456789"
BASE = "https://gitlab.test"

MakeClient = Callable[..., GitlabClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "token", "token", TOKEN)
assert_no_secret = secret_check(TOKEN)


def listing(total: str | None) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"x-total": total} if total is not None else {}
        return httpx.Response(200, json=body("todos"), headers=headers)

    return answer


def fake(**lists: Any) -> tuple[FakeUpstream, list[httpx.Request]]:
    asked: list[httpx.Request] = []
    mrs = lists.get("merge_requests", "3")

    def merge_requests(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        reviews = "reviewer_username" in request.url.params
        return listing("2" if reviews else mrs)(request)

    upstream = FakeUpstream(
        ID,
        {
            ("GET", "/api/v4/user"): "user",
            ("GET", "/api/v4/version"): "version",
            ("GET", "/api/v4/todos"): lists.get("todos", "todos"),
            ("GET", "/api/v4/issues"): listing(lists.get("issues", "12")),
            ("GET", "/api/v4/merge_requests"): merge_requests,
        },
        refuse=needs_header(ID, "private-token", TOKEN, "unauthorized"),
    )
    return upstream, asked


async def test_activity(make_client: MakeClient) -> None:
    upstream, asked = fake()
    payload = await integration.fetch_data(make_client(upstream), "activity")
    assert payload == GitlabActivity(
        user="john_smith", todos=7, issues=12, merge_requests=3, reviews=2
    )
    review = next(r for r in asked if "reviewer_username" in r.url.params)
    assert review.url.params["reviewer_username"] == "john_smith"
    assert all(r.url.params["per_page"] == "1" and r.url.params["state"] == "opened" for r in asked)


async def test_more_than_gitlab_counts_is_null(make_client: MakeClient) -> None:
    upstream, _ = fake(issues=None)
    payload = await integration.fetch_data(make_client(upstream), "activity")
    assert isinstance(payload, GitlabActivity) and payload.issues is None


async def test_connection(make_client: MakeClient) -> None:
    upstream, _ = fake()
    info = await integration.test_connection(make_client(upstream))
    assert info.version == "8.13.0-pre" and info.details == {"user": "john_smith"}


async def test_a_wrong_token_is_unauthorized_without_it(make_client: MakeClient) -> None:
    upstream, _ = fake()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, "glpat-wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "read_api" in caught.value.message
    assert_no_secret(caught.value, "glpat-wrong")


async def test_a_token_without_scope_is_forbidden(make_client: MakeClient) -> None:
    upstream, _ = fake(todos="insufficient_scope")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "activity")
    assert caught.value.code is ErrorCode.FORBIDDEN and "read_api" in caught.value.message


async def test_a_list_that_is_not_gitlabs_is_invalid(make_client: MakeClient) -> None:
    upstream, _ = fake(todos=httpx.Response(200, json={"todos": []}))
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "activity")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
