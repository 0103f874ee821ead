"""Ombi: media requests by status, as the shared ``MediaRequests`` every request manager's
widget reads."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from integrations.base import together
from integrations.capabilities import MediaRequests
from integrations.config import ApiKey
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.ombi.client import OmbiClient
    from integrations.ombi.models import RequestCount

COUNT_PATH = "api/v1/Request/count"
VERSION_PATH = "api/v1/Status/info"
"""The version as a JSON string, e.g. "4.59.3"."""
MAX_VERSION_LENGTH = 40
VERSION_SHAPE = re.compile(r"v?\d+(\.\d+){0,3}([-+][\w.]+)?")


def requests_of(count: RequestCount) -> MediaRequests:
    """Ombi counts a request once, in the first of available, approved (not available yet),
    denied and pending that fits; approved here is Seerr's sense (approved, available or not),
    and processing is approved but not available yet."""
    return MediaRequests(
        pending=count.pending,
        approved=count.approved + count.available,
        declined=count.denied,
        processing=count.approved,
        available=count.available,
        total=count.pending + count.approved + count.available + count.denied,
    )


class Ombi(Integration["OmbiClient"]):
    id = "ombi"
    name = "Ombi"
    icon = "ombi"
    categories = ("media", "requests")
    docs_url = "https://docs.ombi.app/"
    verification = "Built from the Ombi API documentation (Swagger) and sources, version 4.59.3"
    default_port = 5000
    credentials = (ApiKey,)
    client_class = "integrations.ombi.client:OmbiClient"

    async def test_connection(self, client: OmbiClient) -> ServiceInfo:
        from integrations.ombi.models import RequestCount

        count, version = await together(
            client.get_json(COUNT_PATH, RequestCount),
            optional(client.request("GET", VERSION_PATH)),
        )
        # A JSON string ("4.59.3") as the controller declares; plain text read the same way.
        said = version.text.strip().strip('"')[:MAX_VERSION_LENGTH] if version is not None else ""
        said = said if VERSION_SHAPE.fullmatch(said) else ""  # not a web page's text
        requests = requests_of(count)
        return ServiceInfo.of(
            said or None, {"requests": str(requests.total), "pending": str(requests.pending)}
        )

    @endpoint(
        "requests",
        name="Requests",
        description="Movie and TV season requests by status: pending, approved, declined, "
        "processing (approved, not available yet), available, and the total.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def requests(self, client: OmbiClient) -> MediaRequests:
        from integrations.ombi.models import RequestCount

        return requests_of(await client.get_json(COUNT_PATH, RequestCount))
