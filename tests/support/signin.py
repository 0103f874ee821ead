"""GraphQL documents and a small HTTP client for the sign-in tests (API keys, proxy, ``me``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

ME = "{ me { name role via } }"
CREATE_KEY = """mutation($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) {
  __typename
  ... on CreatedApiKey { key apiKey { id name role prefix createdAt lastUsedAt } }
  ... on ValidationErrors { errors { argument field code message } } } }"""
LIST_KEYS = "{ apiKeys { id name role prefix createdAt lastUsedAt } }"
REVOKE_KEY = """mutation($id: ID!) { revokeApiKey(id: $id) {
  __typename ... on Deleted { id } ... on ValidationErrors { errors { argument field code message } } } }"""


async def gql(
    http: httpx.AsyncClient,
    url: str,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    bearer: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The whole response body (data and errors) of one POSTed operation."""
    sent = dict(headers or {})
    if bearer is not None:
        sent["Authorization"] = f"Bearer {bearer}"
    response = await http.post(
        f"{url}/graphql", json={"query": query, "variables": dict(variables or {})}, headers=sent
    )
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body


async def data_of(
    http: httpx.AsyncClient,
    url: str,
    query: str,
    variables: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """The ``data`` of an operation that must succeed."""
    body = await gql(http, url, query, variables, **kwargs)
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


async def error_of(
    http: httpx.AsyncClient,
    url: str,
    query: str,
    variables: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> tuple[str, str]:
    """(code, message) of the one error of an operation that must fail."""
    body = await gql(http, url, query, variables, **kwargs)
    [error] = body.get("errors") or [None]
    assert error is not None, body
    return error["extensions"]["code"], error["message"]


async def create_key(
    http: httpx.AsyncClient, url: str, admin: str | None, name: str, role: str = "VIEWER"
) -> tuple[str, dict[str, Any]]:
    """A new key and its listing fields, created with the ``admin`` bearer."""
    data = await data_of(http, url, CREATE_KEY, {"name": name, "role": role}, bearer=admin)
    created = data["createApiKey"]
    assert created["__typename"] == "CreatedApiKey", created
    key: str = created["key"]
    listed: dict[str, Any] = created["apiKey"]
    return key, listed


async def revoke_key(http: httpx.AsyncClient, url: str, admin: str | None, key_id: str) -> None:
    data = await data_of(http, url, REVOKE_KEY, {"id": key_id}, bearer=admin)
    assert data["revokeApiKey"] == {"__typename": "Deleted", "id": key_id}, data
