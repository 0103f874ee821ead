"""Bearer JWTs (HS256, ``JWT_SECRET``) with a ``role`` claim: viewers read, admins write."""

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
    ADMIN = "admin"


class AuthError(Exception):
    """The request's credentials are missing or not acceptable; the message says which."""


@dataclass(frozen=True)
class Grant:
    """What a request's credentials allow, and until when."""

    role: Role
    expires_at: float | None = None
    """The token's ``exp`` (Unix time); None with auth off, where nothing expires. A
    WebSocket opened with the token is closed then."""
    subject: str | None = None
    """The token's subject (None with auth off or a token without one)."""


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


def role_from_header(header: str | None, secret: str | None) -> Role:
    """The role an ``Authorization`` header grants; with auth off (no secret) everyone is admin."""
    return grant_from_header(header, secret).role


def grant_from_header(header: str | None, secret: str | None) -> Grant:
    """The role an ``Authorization`` header grants and when the token expires; with auth off
    (no secret) everyone is admin, for ever. Raises AuthError saying what is wrong."""
    if secret is None:
        return Grant(Role.ADMIN)
    if not header:
        raise AuthError("authentication required: send Authorization: Bearer <token>")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("the Authorization header must be: Bearer <token>")
    try:
        claims = jwt.decode(
            token.strip(),
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
        raise AuthError("the token's role must be 'viewer' or 'admin'") from None
    subject = claims.get("sub")
    return Grant(role, float(claims["exp"]), subject if isinstance(subject, str) else None)
