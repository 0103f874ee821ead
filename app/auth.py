"""Bearer JWTs (HS256, ``JWT_SECRET``) with a ``role`` claim: viewers read, operators also run
actions, admins also change Apps, widgets and keys.

``Grant`` is what any way of signing in yields (a JWT here, an API key in ``app.api_keys``, a
reverse proxy's headers in ``app.proxy_auth``); ``app.signin`` picks the way per request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

import jwt

ALGORITHM = "HS256"
ISSUER = "tilewire"
TOKEN_EXPIRED = "the token has expired"


class Role(StrEnum):
    VIEWER = "viewer"
    OPERATOR = "operator"
    """A viewer who may also run the actions Apps allow (pause downloads, toggle a light),
    not change Apps, widgets or keys."""
    ADMIN = "admin"

    def may_run_actions(self) -> bool:
        return self in (Role.OPERATOR, Role.ADMIN)


class Via(StrEnum):
    """How a request signed in."""

    JWT = "jwt"
    API_KEY = "api_key"
    PROXY = "proxy"
    NONE = "none"
    """Authentication is off: everyone is admin."""


UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"


class AuthError(Exception):
    """The request's credentials are missing or not acceptable; the message says which.

    ``code`` is the GraphQL error code: UNAUTHENTICATED (no or bad credentials), FORBIDDEN
    (known, but allowed nothing), DATABASE_UNAVAILABLE (an API key could not be checked)."""

    def __init__(self, message: str, code: str = UNAUTHENTICATED) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Grant:
    """What a request's credentials allow, and until when."""

    role: Role
    expires_at: float | None = None
    """The token's ``exp`` (Unix time); None with auth off, where nothing expires. A
    WebSocket opened with the token is closed then."""
    subject: str | None = None
    """Who signed in: the token's subject, the API key's name or the proxy's user (None with
    auth off or a token without a subject)."""
    via: Via = Via.NONE
    key_id: str | None = None
    """The API key's id (signed in with one): a WebSocket is closed when it is revoked."""


def mint_token(
    secret: str, role: Role, ttl_seconds: int = 30 * 24 * 3600, subject: str = "cli"
) -> str:
    now = int(time.time())
    claims = {
        "role": role.value,
        "sub": subject,
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def bearer_token(header: str | None) -> str:
    """The credential of an ``Authorization: Bearer <credential>`` header; AuthError if there
    is none or the scheme is another."""
    if not header:
        raise AuthError("authentication required: send Authorization: Bearer <token>")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("the Authorization header must be: Bearer <token>")
    return token.strip()


def grant_from_jwt(token: str, secret: str) -> Grant:
    """What a JWT signed with ``secret`` grants; AuthError saying what is wrong with it."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "role"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthError(TOKEN_EXPIRED) from None
    except jwt.InvalidSignatureError:
        raise AuthError("the token's signature is not valid") from None
    except jwt.InvalidTokenError as err:
        raise AuthError(f"the token is not valid ({type(err).__name__})") from None
    try:
        role = Role(claims["role"])
    except ValueError:
        raise AuthError("the token's role must be 'viewer', 'operator' or 'admin'") from None
    subject = claims.get("sub")
    return Grant(role, float(claims["exp"]), subject if isinstance(subject, str) else None, Via.JWT)
