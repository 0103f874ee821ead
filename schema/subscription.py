"""Root subscription (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from schema.context import Context
from schema.data import EndpointData, endpoint_data


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The endpoint's data now and at every refresh. Tilewire polls the service "
        "only while someone subscribes, at the endpoint's TTL, once however many subscribe."
    )
    async def integration_data(
        self,
        info: strawberry.Info[Context, None],
        app_id: strawberry.ID,
        endpoint_id: strawberry.ID,
    ) -> AsyncGenerator[EndpointData, None]:
        key = (str(app_id), str(endpoint_id))
        stream = info.context.services.live.subscribe(*key)
        try:
            async for data in stream:
                yield endpoint_data(key, data)
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
