"""Bearer JWTs (HS256, ``JWT_SECRET``) with a ``role`` claim: viewers read, admins write."""

from __future__ import annotations

import time
from enum import StrEnum

import jwt

ALGORITHM = "HS256"
ISSUER = "tilewire"


class Role(StrEnum):
    VIEWER = "viewer"
    ADMIN = "admin"


class AuthError(Exception):
    """The request's credentials are missing or not acceptable; the message says which."""


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
    if secret is None:
        return Role.ADMIN
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
        raise AuthError("the token has expired") from None
    except jwt.InvalidSignatureError:
        raise AuthError("the token's signature is not valid") from None
    except jwt.InvalidTokenError as err:
        raise AuthError(f"the token is not valid ({type(err).__name__})") from None
    try:
        return Role(claims["role"])
    except ValueError:
        raise AuthError("the token's role must be 'viewer' or 'admin'") from None
