"""Bearer JWTs (HS256, ``JWT_SECRET``) with a ``role`` claim: viewers read, admins write."""

from __future__ import annotations

import time
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a request's credentials name: the role, and the token's subject (None with auth off
    or a token without one)."""

    role: Role
    subject: str | None = None


def role_from_header(header: str | None, secret: str | None) -> Role:
    """The role an ``Authorization`` header grants; with auth off (no secret) everyone is admin."""
    return identify(header, secret).role


def identify(header: str | None, secret: str | None) -> Identity:
    """The identity an ``Authorization`` header proves; raises AuthError saying what is wrong."""
    if secret is None:
        return Identity(Role.ADMIN)
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
        role = Role(claims["role"])
    except ValueError:
        raise AuthError("the token's role must be 'viewer' or 'admin'") from None
    subject = claims.get("sub")
    return Identity(role, subject if isinstance(subject, str) else None)
