"""Who a request is: the one place that chooses between the ways of signing in.

With authentication off (no ``JWT_SECRET``) everyone is admin. Otherwise, a request from a
trusted reverse proxy that names its user is that user (``app.proxy_auth``); any other request
shows ``Authorization: Bearer <credential>``, an API key (``tw_...``, ``app.api_keys``) or a
JWT (``app.auth``). The same rules hold for HTTP and for a WebSocket's upgrade request; a
WebSocket may also send the Authorization value in connection_init's payload.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import Scope

from app.api_keys import ApiKeyService, is_api_key
from app.auth import Grant, Role, bearer_token, grant_from_jwt
from app.proxy_auth import ProxySignIn


class SignIn:
    def __init__(self, jwt_secret: str | None, keys: ApiKeyService, proxy: ProxySignIn) -> None:
        self.jwt_secret = jwt_secret
        self.keys = keys
        self.proxy = proxy

    async def grant(self, scope: Scope) -> Grant:
        """What an HTTP request or WebSocket upgrade (its ASGI scope) is allowed; AuthError
        saying why it is allowed nothing."""
        if self.jwt_secret is None:
            return Grant(Role.ADMIN)
        headers = Headers(scope=scope)
        client = scope.get("client")
        proxied = self.proxy.grant(headers, client[0] if client else None)
        if proxied is not None:
            return proxied
        return await self.credential(headers.get("authorization"))

    async def credential(self, authorization: str | None) -> Grant:
        """What an Authorization value (``Bearer <API key or JWT>``) is allowed."""
        if self.jwt_secret is None:
            return Grant(Role.ADMIN)
        token = bearer_token(authorization)
        if is_api_key(token):
            return await self.keys.grant(token)
        return grant_from_jwt(token, self.jwt_secret)
