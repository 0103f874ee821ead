"""The ASGI application: the composition root that wires settings, storage, services and the
GraphQL schema together."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from app import db
from app.apps import AppService
from app.auth import AuthError, Role, role_from_header
from app.data import LiveDataService
from app.keys import keyring
from app.settings import Settings, load_settings
from app.widgets import WidgetService
from integrations.cache import MemoryBackend
from integrations.hub import DataHub
from schema.context import Context, Services
from schema.schema import build_schema

logger = logging.getLogger("tilewire")


class TilewireGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, services: Services, **kwargs: Any) -> None:
        schema = build_schema(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
        )
        super().__init__(schema, **kwargs)
        self.settings = settings
        self.services = services

    async def get_context(self, request: Any, response: Any) -> Context:
        header = request.headers.get("authorization")
        try:
            role: Role | None = role_from_header(header, self.settings.jwt_secret)
            error = None
        except AuthError as err:
            role, error = None, str(err)
        return Context(
            services=self.services, role=role, auth_error=error, request=request, response=response
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on a WebSocket: accept the token in connection_init's
        payload (``{"Authorization": "Bearer ..."}``) too."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if context.role is None and isinstance(header, str):
            try:
                context.role, context.auth_error = (
                    role_from_header(header, self.settings.jwt_secret),
                    None,
                )
            except AuthError as err:
                context.auth_error = str(err)
        if context.role is None:
            raise ConnectionRejectionError({"message": context.auth_error})
        return cast(UnsetType, UNSET)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    settings.check()
    ring = keyring(settings)
    hub = DataHub(
        MemoryBackend(settings.cache_max_entries), stale_if_error=settings.stale_if_error_seconds
    )
    apps = AppService(ring, on_change=hub.invalidate)
    services = Services(apps=apps, widgets=WidgetService(apps), live=LiveDataService(apps, hub))
    graphql = TilewireGraphQL(settings, services)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await db.migrate(settings.resolved_database_url)
        if not settings.auth_enabled:
            logger.warning(
                "JWT_SECRET is not set: authentication is OFF (development only); "
                "serve on loopback only"
            )
        logger.info("Tilewire ready (%s)", settings.env.value)
        try:
            yield
        finally:
            await hub.aclose()
            await db.close()

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> Response:
        if await db.ping():
            return JSONResponse({"status": "ready", "database": "ok"})
        return JSONResponse({"status": "not ready", "database": "unreachable"}, status_code=503)

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    application = Starlette(routes=routes, lifespan=lifespan)
    application.state.services = services
    application.state.settings = settings
    return application
