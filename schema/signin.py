"""Who is asking (``me``), and the API keys programs sign in with."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.auth import Role, Via
from app.errors import InvalidInput
from app.models import ApiKey
from schema.context import Context
from schema.errors import PublicError, ValidationErrors
from schema.types import Deleted

RoleEnum = strawberry.enum(
    Role,
    name="Role",
    description="VIEWER may query and subscribe; OPERATOR may also run actions (runAction); "
    "ADMIN may also change Apps, widgets and API keys.",
)
SignInMethod = strawberry.enum(
    Via, name="SignInMethod", description="How a request signed in (NONE: authentication off)."
)

Info = strawberry.Info[Context, None]


@strawberry.type
class Me:
    """Who the request is."""

    name: str | None = strawberry.field(
        description="The JWT's subject, the API key's name or the proxy's user; null with "
        "authentication off."
    )
    role: RoleEnum  # type: ignore[valid-type]
    via: SignInMethod  # type: ignore[valid-type]


@strawberry.type(name="ApiKey")
class ApiKeyNode:
    """An API key, without its secret (shown once, when created, and never again)."""

    id: strawberry.ID
    name: str
    role: RoleEnum  # type: ignore[valid-type]
    prefix: str = strawberry.field(description="The key begins tw_<prefix>_: tells keys apart.")
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(
        description="When the key was last used, to the minute (not written on every request)."
    )

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyNode:
        return cls(
            id=strawberry.ID(key.id),
            name=key.name,
            role=key.role,
            prefix=key.prefix,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
        )


@strawberry.type
class CreatedApiKey:
    api_key: ApiKeyNode
    key: str = strawberry.field(
        description="The key, for Authorization: Bearer <key>. Shown this once: only its hash "
        "is kept."
    )


CreateApiKeyResult = Annotated[
    CreatedApiKey | ValidationErrors, strawberry.union("CreateApiKeyResult")
]
RevokeApiKeyResult = Annotated[Deleted | ValidationErrors, strawberry.union("RevokeApiKeyResult")]


def me(info: Info) -> Me:
    context = info.context
    assert context.role is not None  # AccessControl refused the request otherwise
    return Me(name=context.subject, role=context.role, via=context.via)


async def api_keys(info: Info) -> list[ApiKeyNode]:
    if info.context.role is not Role.ADMIN:
        raise PublicError("apiKeys needs the admin role", "FORBIDDEN")
    return [ApiKeyNode.of(key) for key in await info.context.services.keys.list()]


async def create_api_key(info: Info, name: str, role: RoleEnum) -> CreateApiKeyResult:  # type: ignore[valid-type]
    try:
        created = await info.context.services.keys.create(name, role)
    except InvalidInput as err:
        return ValidationErrors.of(err)
    return CreatedApiKey(api_key=ApiKeyNode.of(created.record), key=created.key)


async def revoke_api_key(info: Info, id: strawberry.ID) -> RevokeApiKeyResult:
    try:
        return Deleted(id=strawberry.ID(await info.context.services.keys.revoke(str(id))))
    except InvalidInput as err:
        return ValidationErrors.of(err)
