"""Reverse-proxy sign-in against a real ``tilewire serve``: the user and group headers count only
from a peer in TILEWIRE_TRUSTED_PROXIES (the TCP peer, never X-Forwarded-For), groups map to
roles, and everyone else is refused with a reason; over HTTP and WebSocket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from app.auth import FORBIDDEN, AuthError, Role, mint_token
from app.crypto import generate_key
from app.proxy_auth import ProxySignIn
from tests.support.server import Server, serve
from tests.support.signin import ME, create_key, data_of, error_of

SECRET = "p" * 40
CREATE_APP = 'mutation { createApp(input: {name: "x"}) { __typename } }'
ADMIN = {"Remote-User": "alice", "Remote-Groups": "users, tilewire-admins"}
VIEWER = {"Remote-User": "bob", "Remote-Groups": "family"}


@contextmanager
def proxied(tmp_path: Path, trusted: str, **extra: str) -> Iterator[Server]:
    env = {
        "JWT_SECRET": SECRET,
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "TILEWIRE_TRUSTED_PROXIES": trusted,
        "TILEWIRE_PROXY_ADMIN_GROUPS": "tilewire-admins",
        "TILEWIRE_PROXY_VIEWER_GROUPS": "family,friends",
        "TILEWIRE_PROXY_OPERATOR_GROUPS": "household",
        **extra,
    }
    with serve(env, tmp_path / "server.log") as server:
        yield server


@pytest.fixture
def trusted(tmp_path: Path) -> Iterator[Server]:
    with proxied(tmp_path, "10.0.0.0/8, 127.0.0.1/32") as server:
        yield server


@pytest.fixture
def untrusted(tmp_path: Path) -> Iterator[Server]:
    with proxied(tmp_path, "10.0.0.0/8") as server:
        yield server


async def ws_query(
    url: str, query: str, headers: Mapping[str, str], payload: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One query over graphql-transport-ws, the proxy's headers on the upgrade request."""
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/graphql",
        subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
        additional_headers=dict(headers),
        open_timeout=5,
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": dict(payload or {})}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert ack["type"] == "connection_ack", ack
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        return message


async def test_a_trusted_proxy_signs_its_users_in_by_group(trusted: Server) -> None:
    url = trusted.url
    async with httpx.AsyncClient(timeout=10) as http:
        assert await data_of(http, url, ME, headers=ADMIN) == {
            "me": {"name": "alice", "role": "ADMIN", "via": "PROXY"}
        }
        assert (await data_of(http, url, CREATE_APP, headers=ADMIN))["createApp"] == {
            "__typename": "App"
        }
        assert await data_of(http, url, ME, headers=VIEWER) == {
            "me": {"name": "bob", "role": "VIEWER", "via": "PROXY"}
        }
        assert (await error_of(http, url, CREATE_APP, headers=VIEWER))[0] == "FORBIDDEN"
        # an operator group outranks a viewer group; an admin group outranks both
        operator = {"Remote-User": "olga", "Remote-Groups": "family, household"}
        assert await data_of(http, url, ME, headers=operator) == {
            "me": {"name": "olga", "role": "OPERATOR", "via": "PROXY"}
        }
        assert (await error_of(http, url, CREATE_APP, headers=operator))[0] == "FORBIDDEN"
        both = {"Remote-User": "ada", "Remote-Groups": "household,tilewire-admins"}
        assert (await data_of(http, url, ME, headers=both))["me"]["role"] == "ADMIN"

        for groups in ({"Remote-Groups": "users"}, {}):
            code, message = await error_of(http, url, ME, headers={"Remote-User": "eve", **groups})
            assert code == "FORBIDDEN"
            assert message == (
                "'eve' signed in through the proxy but is in none of the groups of "
                "TILEWIRE_PROXY_ADMIN_GROUPS, TILEWIRE_PROXY_OPERATOR_GROUPS or "
                "TILEWIRE_PROXY_VIEWER_GROUPS (the proxy's Remote-Groups header names the groups)"
            )
        # a group name is matched whole, not as a substring
        code, _ = await error_of(
            http, url, ME, headers={"Remote-User": "x", "Remote-Groups": "tilewire-admins-old"}
        )
        assert code == "FORBIDDEN"

        # without the user header the request signs in as usual: a JWT or an API key
        assert (await error_of(http, url, ME))[0] == "UNAUTHENTICATED"
        admin = mint_token(SECRET, Role.ADMIN, subject="ci")
        assert await data_of(http, url, ME, bearer=admin) == {
            "me": {"name": "ci", "role": "ADMIN", "via": "JWT"}
        }
        key, _ = await create_key(http, url, admin, "script")
        assert (await data_of(http, url, ME, bearer=key))["me"]["via"] == "API_KEY"

    answer = await ws_query(url, ME, ADMIN)
    assert answer["payload"]["data"] == {"me": {"name": "alice", "role": "ADMIN", "via": "PROXY"}}
    answer = await ws_query(url, ME, VIEWER)
    assert answer["payload"]["data"]["me"]["role"] == "VIEWER"
    # a proxy user in no group is refused, whatever connection_init carries
    with pytest.raises(websockets.ConnectionClosed) as refused:
        await ws_query(url, ME, {"Remote-User": "eve"}, {"Authorization": f"Bearer {admin}"})
    assert refused.value.rcvd is not None and refused.value.rcvd.code == 4403
    assert "ignored the Remote-User header" not in trusted.log()


async def test_proxy_headers_from_an_untrusted_peer_are_ignored(untrusted: Server) -> None:
    """The test connects from 127.0.0.1, not in 10.0.0.0/8: the headers count for nothing,
    even with an X-Forwarded-For that claims a trusted address."""
    url = untrusted.url
    spoofed = {**ADMIN, "X-Forwarded-For": "10.1.2.3", "X-Real-IP": "10.1.2.3"}
    async with httpx.AsyncClient(timeout=10) as http:
        for headers in (ADMIN, spoofed, ADMIN):
            code, message = await error_of(http, url, ME, headers=headers)
            assert code == "UNAUTHENTICATED"
            assert message.startswith("authentication required")
            assert (await error_of(http, url, CREATE_APP, headers=headers))[0] == (
                "UNAUTHENTICATED"
            )
        # the person's own credentials still work beside the ignored headers
        admin = mint_token(SECRET, Role.ADMIN, subject="ci")
        assert (await data_of(http, url, ME, bearer=admin, headers=spoofed))["me"] == {
            "name": "ci",
            "role": "ADMIN",
            "via": "JWT",
        }
    with pytest.raises(websockets.ConnectionClosed) as refused:
        await ws_query(url, ME, spoofed)
    assert refused.value.rcvd is not None and refused.value.rcvd.code == 4403
    notes = [line for line in untrusted.log().splitlines() if "ignored the Remote-User" in line]
    assert len(notes) == 1, notes
    assert "from 127.0.0.1, which is not in TILEWIRE_TRUSTED_PROXIES" in notes[0]


async def test_header_names_are_configurable(tmp_path: Path) -> None:
    """oauth2-proxy's names; the default names then count for nothing."""
    with proxied(
        tmp_path,
        "127.0.0.1",
        TILEWIRE_PROXY_USER_HEADER="X-Forwarded-User",
        TILEWIRE_PROXY_GROUPS_HEADER="X-Forwarded-Groups",
    ) as server:
        async with httpx.AsyncClient(timeout=10) as http:
            headers = {"X-Forwarded-User": "carol", "X-Forwarded-Groups": "friends"}
            assert (await data_of(http, server.url, ME, headers=headers))["me"] == {
                "name": "carol",
                "role": "VIEWER",
                "via": "PROXY",
            }
            assert (await error_of(http, server.url, ME, headers=ADMIN))[0] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("peer", "trusted"),
    [
        ("127.0.0.1", True),
        ("::ffff:127.0.0.1", True),
        ("10.200.0.9", True),
        ("::1", False),
        ("192.168.1.2", False),
        ("not-an-address", False),
        (None, False),
    ],
)
def test_only_peers_in_the_trusted_networks_are_believed(peer: str | None, trusted: bool) -> None:
    proxy = ProxySignIn(
        (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8")),
        admin_groups=frozenset({"admins"}),
    )
    assert proxy.trusts(peer) is trusted
    grant = proxy.grant({"Remote-User": "a", "Remote-Groups": "admins"}, peer)
    assert (grant.role if grant is not None else None) == (Role.ADMIN if trusted else None)


def test_unusable_user_headers_are_refused() -> None:
    proxy = ProxySignIn((ip_network("127.0.0.1/32"),), viewer_groups=frozenset({"v"}))
    for user, problem in (("  ", "empty Remote-User"), ("u" * 300, "too long")):
        with pytest.raises(AuthError, match=problem):
            proxy.grant({"Remote-User": user, "Remote-Groups": "v"}, "127.0.0.1")
    with pytest.raises(AuthError) as caught:
        proxy.grant({"Remote-User": "x", "Remote-Groups": ",".join(["g"] * 10_000)}, "127.0.0.1")
    assert caught.value.code == FORBIDDEN
