"""Komga: its libraries and how many series and books they hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, UsernamePassword
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.komga.client import KomgaClient

ME_PATH = "api/v2/users/me"
LIBRARIES_PATH = "api/v1/libraries"
MAX_LIBRARIES = 50
ONE = {"size": 1}
"""A page of one element: the count is the page's ``totalElements``."""


class KomgaLibrary(Payload):
    name: str
    unavailable: bool = Field(description="its folder was missing at the last scan")


class KomgaLibraries(Payload):
    """What the user's Komga libraries hold."""

    series: int = Field(description="series in every library the user may see")
    books: int = Field(description="books (comics, manga, e-books) in those libraries")
    unavailable: int = Field(description="libraries whose folder was missing at the last scan")
    total: int = Field(description="libraries")
    libraries: list[KomgaLibrary] = Field(
        description="unavailable first, then by name (at most 50)"
    )


async def count(client: KomgaClient, kind: str) -> int:
    """Series or books: ``POST /api/v1/<kind>/list`` (Komga 1.19 and later), else the older
    ``GET /api/v1/<kind>`` (deprecated since 1.19)."""
    from integrations.komga.models import Page

    listed = await optional(client.request("POST", f"api/v1/{kind}/list", params=ONE, json={}))
    if listed is not None:
        return client.parse(listed, Page).total_elements
    return (await client.get_json(f"api/v1/{kind}", Page, params=ONE)).total_elements


class Komga(Integration["KomgaClient"]):
    id = "komga"
    name = "Komga"
    icon = "komga"
    categories = ("media", "books")
    docs_url = "https://komga.org/docs/openapi/komga-api"
    verification = "Built from the Komga API documentation (OpenAPI), version 1.26.3"
    default_port = 25600
    credentials = (ApiKey, UsernamePassword)
    client_class = "integrations.komga.client:KomgaClient"

    async def test_connection(self, client: KomgaClient) -> ServiceInfo:
        from integrations.komga.models import LIBRARIES, User

        user, libraries = await together(
            client.get_json(ME_PATH, User), client.get_json(LIBRARIES_PATH, LIBRARIES)
        )
        role = "admin" if "ADMIN" in user.roles else "user"
        return ServiceInfo.of(
            None, {"user": user.email, "role": role, "libraries": str(len(libraries))}
        )

    @endpoint(
        "libraries",
        name="Libraries",
        description="How many series and books the libraries the user may see hold, and the "
        "libraries by name, those whose folder is missing first.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def libraries(self, client: KomgaClient) -> KomgaLibraries:
        from integrations.komga.models import LIBRARIES

        found, series, books = await together(
            client.get_json(LIBRARIES_PATH, LIBRARIES),
            count(client, "series"),
            count(client, "books"),
        )
        listed = sorted(
            (KomgaLibrary(name=lib.name, unavailable=lib.unavailable) for lib in found),
            key=lambda lib: (not lib.unavailable, lib.name.casefold()),
        )
        return KomgaLibraries(
            series=series,
            books=books,
            unavailable=sum(lib.unavailable for lib in listed),
            total=len(listed),
            libraries=listed[:MAX_LIBRARIES],
        )
