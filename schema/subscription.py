"""Root subscription (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from app.errors import InvalidInput
from schema.context import Context
from schema.data import EndpointData, endpoint_data
from schema.errors import bad_argument


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The endpoint's data now, then each time what it shows changes (its "
        "payload, its error or its stale flag). Tilewire polls the service only while someone "
        "subscribes, once however many subscribe, at the smallest refreshInterval they ask for; "
        "a failing service is asked again when its cached error expires."
    )
    async def integration_data(
        self,
        info: strawberry.Info[Context, None],
        app_id: strawberry.ID,
        endpoint_id: strawberry.ID,
        refresh_interval: Annotated[
            int | None,
            strawberry.argument(
                description="Seconds between polls this subscriber asks for. Out-of-range "
                "values are clamped, not refused: to the endpoint's minRefresh "
                "(Integration.endpoints) and to at most 3600. Null or omitted: the endpoint's "
                "TTL. Zero or less is a BAD_USER_INPUT error naming refreshInterval."
            ),
        ] = None,
    ) -> AsyncGenerator[EndpointData, None]:
        key = (str(app_id), str(endpoint_id))
        try:
            stream = info.context.services.live.subscribe(*key, interval=refresh_interval)
        except InvalidInput as err:
            raise bad_argument(err) from None
        try:
            async for data in stream:
                yield endpoint_data(key, data)
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
