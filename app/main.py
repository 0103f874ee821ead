"""The ASGI application: the composition root that wires settings, storage, services and the
GraphQL schema together."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from app import db, redaction
from app.actions import ActionService
from app.api_keys import ApiKeyService
from app.apps import AppService
from app.cors import cors_middleware
from app.data import LiveDataService
from app.hosts import HostGuard
from app.keyring_health import KeyringHealth
from app.keys import keyring
from app.proxy_auth import ProxySignIn
from app.rate_limit import RateLimiter
from app.services import Services
from app.settings import Settings, load_settings
from app.signin import SignIn
from app.widgets import CHANGES as WIDGET_CHANGES
from app.widgets import WidgetService
from integrations.cache import APP_CHANGES, CacheBackend, MemoryBackend
from integrations.hub import DataHub
from integrations.registry import registry
from schema.endpoint import GraphQLEndpoint
from schema.view import TilewireGraphQL

logger = logging.getLogger("tilewire")
M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


MMAP_THRESHOLD = 256 * 1024


def return_large_blocks() -> None:
    """Have glibc give blocks of 256 KiB and more back to the system when they are freed.

    Request bodies and upstream answers are up to a few MiB. glibc's malloc raises its mmap
    threshold each time such a block is freed, after which blocks that size come from the heap,
    whose freed space stays with the process: 400 refused 1 MB documents left a server at
    174 MiB instead of 79 (measured). A fixed threshold keeps them mmap'd. Elsewhere than
    glibc, nothing changes."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):
        pass


def counted(hub: DataHub, counter: str) -> Callable[[], Awaitable[None]]:
    """What to do on a change of Apps or widgets beyond this process's own counter: with
    Redis, bump the cluster's ``counter``, so that every process's cached responses see it."""

    async def bump() -> None:
        if hub.shared is not None:
            await hub.shared.bump(counter)

    return bump


def serving_app() -> Starlette:
    """The application as ``tilewire serve`` runs it (uvicorn's factory for workers)."""
    return_large_blocks()
    return create_app(freeze_heap=True)


def create_app(settings: Settings | None = None, *, freeze_heap: bool = False) -> Starlette:
    """``freeze_heap``: once started, move everything alive into the collector's permanent
    generation. Start-up leaves about a million long-lived objects (modules, schema, pydantic
    classes) that every full collection would otherwise walk, stalling whatever request is
    running by ~90 ms; after freezing, a full collection walks only what came later."""
    settings = settings or load_settings()
    settings.check()
    ring = keyring(settings)
    for module in settings.plugin_modules:
        registry.load_plugin(module)
    backend: CacheBackend
    cluster = None
    sessions = None
    events = None
    if settings.redis_url:
        from integrations.shared import RedisBackend  # redis only when it is used

        shared = RedisBackend(
            settings.redis_url, registry.payload_model, local_max_entries=settings.cache_max_entries
        )
        from app.sessions import EncryptedSessions

        backend, cluster, sessions, events = shared, shared, EncryptedSessions(shared, ring), shared
    else:
        backend = MemoryBackend(settings.cache_max_entries)
    addresses = settings.address_policy
    hub = DataHub(
        backend,
        cluster=cluster,
        stale_if_error=settings.stale_if_error_seconds,
        sessions=sessions,
        addresses=addresses,
        max_response_bytes=settings.max_response_bytes,
    )
    apps = AppService(
        ring, on_change=hub.invalidate, addresses=addresses, on_edit=counted(hub, APP_CHANGES)
    )
    keyring_health = KeyringHealth(ring, lambda: apps.generation)
    test_limit = RateLimiter(settings.test_rate_limit) if settings.test_rate_limit else None
    live = LiveDataService(apps, hub, test_limit=test_limit)
    keys = ApiKeyService(events)
    widgets = WidgetService(apps, on_change=counted(hub, WIDGET_CHANGES))
    actions = ActionService(
        live,
        limit=RateLimiter(settings.action_rate_limit),
        retention_days=settings.action_log_days,
    )
    services = Services(apps=apps, widgets=widgets, live=live, keys=keys, actions=actions)
    signin = SignIn(settings.jwt_secret, keys, ProxySignIn.from_settings(settings))
    graphql = GraphQLEndpoint(TilewireGraphQL(settings, services, signin), services, settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        redaction.install()  # after uvicorn configured its loggers
        if settings.migrate_on_start:
            await db.migrate(settings.resolved_database_url)
        else:
            await db.init(settings.resolved_database_url)
        hub.start()
        await keyring_health.check()  # logs, once, Apps the keys cannot decrypt
        if hub.shared is not None and not await hub.shared.ping():
            logger.warning("REDIS_URL is set but Redis does not answer: caching in-process")
        if not settings.auth_enabled:
            logger.warning(
                "JWT_SECRET is not set: authentication is OFF (development only); "
                "serve on loopback only"
            )
        if freeze_heap:
            gc.collect()
            gc.freeze()
        logger.info("Tilewire ready (%s)", settings.env.value)
        try:
            yield
        finally:
            await keys.aclose()
            await hub.aclose()
            await db.close()

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> Response:
        """Ready when the database answers and the keys decrypt the stored Apps; says where
        endpoint data is cached (a Redis that does not answer is served around, not a reason
        to stop serving)."""
        database = await db.ping()
        cache = "in-process"
        if hub.shared is not None:
            await hub.shared.ping()
            cache = hub.shared.status()
        keys = None
        if database:
            try:
                keys = await keyring_health.check()
            except Exception as err:  # the database went away between the two queries
                if not db.unavailable(err):
                    raise
                database = False
        ready = database and keys is not None and keys.usable
        body = {
            "status": "ready" if ready else "not ready",
            "database": "ok" if database else "unreachable",
            "cache": cache,
            "keyring": keys.describe() if keys is not None else "unknown",
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        *graphql.view.graphiql.routes(),
    ]
    # Auth off: loopback names only, so a page rebinding its name to 127.0.0.1 gets nowhere.
    # Auth on: the listed names, or any (the token is what protects the API then).
    allowed = settings.allowed_host_patterns
    # CORS outermost: a listed page can read every answer, a HostGuard refusal included.
    middleware = cors_middleware(settings.allowed_origins)
    if allowed is not None or not settings.auth_enabled:
        middleware.append(Middleware(HostGuard, allowed=allowed))
    application = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    application.state.services = services
    application.state.settings = settings
    application.state.graphql = graphql
    return application
