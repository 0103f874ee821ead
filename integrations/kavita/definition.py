"""Kavita: what the server holds (series, volumes, chapters, files, bytes) and its libraries."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ActionResult, NoInput, action
from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.kavita.client import KavitaClient

LIBRARIES_PATH = "api/Library/libraries"
STATS_PATH = "api/Stats/server/stats"
SCAN_ALL_PATH = "api/Library/scan-all"
VERSION_PATH = "api/Plugin/version"
MAX_VERSION_LENGTH = 40
VERSION_SHAPE = re.compile(r"v?\d+(\.\d+){0,3}([-+][\w.]+)?")


class KavitaStats(Payload):
    """What the Kavita server holds, across every library."""

    libraries: int = Field(description="libraries the key's user may see")
    series: int
    volumes: int
    chapters: int = Field(description="chapters and issues")
    files: int
    size_bytes: int = Field(description="bytes of all files")
    genres: int
    tags: int
    people: int = Field(description="writers, artists and other people credited")
    reading_hours: int = Field(description="hours spent reading, every user, as Kavita estimates")


class Kavita(Integration["KavitaClient"]):
    id = "kavita"
    name = "Kavita"
    icon = "kavita"
    categories = ("media", "books")
    docs_url = "https://www.kavitareader.com/api"
    verification = "Built from the Kavita API documentation (Swagger) and sources, version 0.8.3.2"
    default_port = 5000
    credentials = (ApiKey,)
    client_class = "integrations.kavita.client:KavitaClient"

    async def test_connection(self, client: KavitaClient) -> ServiceInfo:
        from integrations.kavita.models import LIBRARIES

        key = client.credentials_as(ApiKey)
        secret = key.api_key.get_secret_value() if key is not None else ""
        libraries, version = await together(
            client.get_json(LIBRARIES_PATH, LIBRARIES),
            optional(client.request("GET", VERSION_PATH, params={"apiKey": secret})),
        )
        # text/plain or a JSON string, as the Accept header decides: 0.8.3.2 or "0.8.3.2"
        said = version.text.strip().strip('"')[:MAX_VERSION_LENGTH] if version is not None else ""
        said = said if VERSION_SHAPE.fullmatch(said) else ""  # not a web page's text
        return ServiceInfo.of(said or None, {"libraries": str(len(libraries))})

    @endpoint(
        "stats",
        name="Server statistics",
        description="Series, volumes, chapters, files and their size, genres, tags, people and "
        "hours read across the server, and how many libraries the user sees (needs an admin's "
        "API key).",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: KavitaClient) -> KavitaStats:
        from integrations.kavita.models import LIBRARIES, ServerStatistics

        libraries, stats = await together(
            client.get_json(LIBRARIES_PATH, LIBRARIES),
            client.get_json(STATS_PATH, ServerStatistics),
        )
        return KavitaStats(
            libraries=len(libraries),
            series=stats.series_count,
            volumes=stats.volume_count,
            chapters=stats.chapter_count,
            files=stats.total_files,
            size_bytes=stats.total_size,
            genres=stats.total_genres,
            tags=stats.total_tags,
            people=stats.total_people,
            reading_hours=stats.total_reading_time,
        )

    @action(
        "scanLibraries",
        label="Scan libraries",
        description="Starts a scan of every library for new, changed and removed files (Kavita "
        "scans in the background, and reschedules it if a scan is already running; needs an "
        "admin's API key).",
        affects=("stats",),
    )
    async def scan_libraries(self, client: KavitaClient, input: NoInput) -> ActionResult:
        await client.request("POST", SCAN_ALL_PATH)
        return ActionResult(message="Kavita started a scan of every library")
