"""The GraphQL endpoint: Strawberry's ASGI view with Tilewire's context and auth, and in
front of it the refusal of anonymous requests (before anything is parsed) and the response
cache that serves repeated dashboard documents without executing."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, cast

import orjson
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from app.auth import FORBIDDEN, TOKEN_EXPIRED, AuthError, Role
from app.data import DataKey
from app.graphiql import GraphiQLPage
from app.media_types import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    REQUEST_ERROR_STATUS,
    is_request_error,
    request_error_status,
    response_media_type,
)
from app.settings import Settings
from app.signin import SignIn
from app.transport import (
    PROTOCOLS,
    TextFrameWebSocket,
    TextStream,
    ending_at,
    error_body,
    stream_transport,
    unauthenticated,
    wants_stream,
)
from app.websocket import ExpiringConnection
from app.widgets import CHANGES as WIDGET_CHANGES
from integrations.cache import APP_CHANGES
from schema.context import Context, Services
from schema.document_limits import DocumentLimits
from schema.errors import PublicError
from schema.refusals import Refusals
from schema.response_cache import Key, ResponseCache, is_dashboard_document
from schema.schema import build_schema

CACHEABLE = "tilewire.cacheable"
WARMING = "tilewire.warming"
MAX_BODY = 1024 * 1024
MAX_CACHED_BODY = 64 * 1024
"""Largest request whose response is cached (a 50-widget dashboard's is about 16 KB)."""


async def generation(services: Services) -> tuple[int, int, int, tuple[int, ...] | None]:
    """What a cached response depends on besides its values' expiry: every App change, every
    widget change and every early replacement of a cached value, in this process and (read
    from Redis, so a change made through another process counts at once) in the cluster. The
    response cache uses the hub's clock: cached responses expire exactly with the values they
    contain."""
    hub = services.live.hub
    shared = None
    if hub.shared is not None:
        shared = await hub.shared.counters(APP_CHANGES, WIDGET_CHANGES)
    return (services.apps.generation, services.widgets.generation, hub.version, shared)


def limits_of(settings: Settings) -> DocumentLimits:
    return DocumentLimits(
        max_tokens=settings.max_tokens,
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_selections=settings.max_selections,
        max_result_fields=settings.max_result_fields,
    )


class TilewireGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = ExpiringConnection
    websocket_adapter_class = TextFrameWebSocket

    def __init__(
        self,
        settings: Settings,
        services: Services,
        signin: SignIn,
        refusals: Refusals | None = None,
    ) -> None:
        self.refusals = refusals or Refusals()
        schema = build_schema(
            limits_of(settings),
            viewer_introspection=settings.viewer_introspection,
            refusals=self.refusals,
        )
        # graphql-transport-ws only, through the handler that closes a connection when its
        # token expires (the legacy graphql-ws protocol has no such hook); and HTTP streams.
        super().__init__(
            schema,
            subscription_protocols=PROTOCOLS,
            # Same-origin pages and clients without an Origin (not browsers) always connect.
            allowed_origins=settings.allowed_origins,
        )
        self.settings = settings
        self.services = services
        self.signin = signin
        self.tilewire_schema = schema
        self.graphiql = GraphiQLPage(settings.data_dir / "graphiql")

    def encode_json(self, data: object) -> bytes:
        # Bytes for HTTP responses (a str costs a decode and an encode: +40% on a 21 KB
        # dashboard response); WebSocket messages go out as text (TextFrameWebSocket).
        return orjson.dumps(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Tilewire's GraphiQL page, on files Tilewire serves itself (app/graphiql.py)."""
        return await self.graphiql.render(request)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """In ``application/graphql-response+json``, a request error has no ``data`` entry."""
        response = await super().process_result(request, result)
        accept = request.headers.get("accept")
        if is_request_error(result.data, result.errors) and (
            response_media_type(accept) == GRAPHQL_RESPONSE_JSON
        ):
            response.pop("data", None)
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type is not None:  # set by execute_single
            response.headers["content-type"] = sub_response.media_type
        return response

    async def get_context(self, request: Any, response: Any) -> Context:
        context = Context(
            services=self.services,
            role=None,
            request=request,
            response=response,
            warming=request.scope.get(WARMING),
        )
        try:
            context.sign_in(await self.signin.grant(request.scope))
        except AuthError as err:
            context.auth_error, context.auth_code = str(err), err.code
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on a WebSocket: accept the token or API key in
        connection_init's payload (``{"Authorization": "Bearer ..."}``) too. The connection
        is closed when the token expires or the API key is revoked (``ExpiringConnection``)."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if context.role is None and context.auth_code != FORBIDDEN and isinstance(header, str):
            try:
                context.sign_in(await self.signin.credential(header))
            except AuthError as err:
                context.auth_error, context.auth_code = str(err), err.code
        if context.expires_at is not None and time.time() >= context.expires_at:
            # the header's token was good at the upgrade, but connection_init came too late
            context.role, context.auth_error = None, TOKEN_EXPIRED
        if context.role is None:
            raise ConnectionRejectionError({"message": context.auth_error})
        return cast(UnsetType, UNSET)

    async def create_streaming_response(
        self,
        request: Request | WebSocket,
        stream: TextStream,
        sub_response: Response,
        headers: Mapping[str, str],
    ) -> Response:
        """A subscription streamed over HTTP: refused (401) without a valid token when auth is
        on, before anything is parsed or executed; ended when the token expires."""
        try:
            grant = await self.signin.grant(request.scope)
        except AuthError as err:
            return unauthenticated(str(err))
        transport = stream_transport(headers)
        if grant.expires_at is not None and transport is not None:
            stream = ending_at(stream, grant.expires_at, transport, self.encode_json_string)
        return await super().create_streaming_response(request, stream, sub_response, headers)

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Execute, and tell the response cache (through the ASGI scope) whether the result
        may be served again, with the data it was made of."""
        context.single_result = True  # not streamed: a subscription is refused
        before = await generation(self.services)
        result = await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )
        if response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE_JSON:
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
            if is_request_error(result.data, result.errors):
                sub_response.status_code = request_error_status(result.errors or [])
        if result.errors or result.data is None or not request_data.query:
            return result
        document = self.tilewire_schema.documents.parsed(request_data.query)
        if document is None:
            return result
        if is_dashboard_document(document, request_data.operation_name):
            request.scope[CACHEABLE] = (context.used_data, tuple(context.used_keys), before)
        return result


def _replay(body: bytes, receive: Receive) -> Receive:
    """The request body, already read, then the client's messages: a streamed response
    waits on them for the client's disconnect."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


def _asks_a_query(scope: Scope) -> bool:
    """A GET that carries a document (anything else is GraphiQL's page or a 400)."""
    return "query" in QueryParams(scope.get("query_string", b""))


def _retrieved(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()  # reported by whoever awaits it, never as "never retrieved"


class GraphQLEndpoint:
    """With authentication on, a request without valid credentials (POST, or GET with a query)
    is refused (UNAUTHENTICATED, or the sign-in's own code) before its body is read or anything
    parsed: an anonymous caller learns nothing of the schema and costs no CPU (a streamed
    request gets the view's 401, as early). POSTed documents whose response is cached are
    answered from the cache (auth checked, nothing parsed or executed); everything else goes
    to Strawberry.

    A dashboard document that executed before and whose response expired has its values
    fetched at once, before Strawberry starts: the upstream calls leave within a few
    milliseconds of the request instead of after the whole tree has been walked to them.
    Only a (document, role) pair that passed validation and access control before is
    warmed, so the limits still refuse a document before any upstream call."""

    def __init__(self, view: TilewireGraphQL, services: Services, settings: Settings) -> None:
        self.view = view
        self.settings = settings
        self.services = services
        self.cache = ResponseCache(clock=lambda: services.live.hub.clock())
        self._rendering: dict[Key, asyncio.Future[None]] = {}
        self._keys: OrderedDict[Key, tuple[DataKey, ...]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
            await self.view(scope, receive, send)
            return
        headers = dict(scope["headers"])
        streamed = wants_stream(headers.get(b"accept", b"").decode("latin-1"))
        try:
            role: Role | None = (await self.view.signin.grant(scope)).role
        except AuthError as err:
            if not streamed and (scope["method"] == "POST" or _asks_a_query(scope)):
                await self._refuse(scope, send, err)
                return
            role = None  # GraphiQL's page, or a stream: the view answers them
        if scope["method"] == "GET":
            await self.view(scope, receive, send)
            return
        body = await self._read_body(receive)
        if body is None:
            await self._send(send, 413, b'{"errors":[{"message":"request body too large"}]}')
            return
        if streamed:
            # Never cached nor buffered; the view answers a missing token itself.
            await self.view(scope, _replay(body, receive), send)
            return
        # The body is the key: one too large to be a dashboard's is never kept (256 padded
        # bodies of 1 MB would otherwise hold 256 MB)
        cacheable = role is not None and len(body) <= MAX_CACHED_BODY
        key = (body, role.value) if role is not None and cacheable else None
        if key is not None:
            now = await generation(self.services)
            cached = self.cache.get(key, now)
            if cached is None and key in self._rendering:
                # The same document is being executed: wait for it rather than stampede.
                await asyncio.shield(self._rendering[key])
                cached = self.cache.get(key, now)
            if cached is not None:
                accept = headers.get(b"accept", b"").decode("latin-1")
                await self._send(send, 200, cached, response_media_type(accept))
                return
            self._rendering[key] = asyncio.get_running_loop().create_future()
        try:
            if key is not None and key in self._keys:
                await self._warm(scope, self._keys[key])
            await self._execute(scope, body, key, send)
        finally:
            if key is not None:
                done = self._rendering.pop(key, None)
                if done is not None:
                    done.set_result(None)

    async def _warm(self, scope: Scope, keys: tuple[DataKey, ...]) -> None:
        """Start the document's fetches and wait until they are on their way (the hub bounds
        this): before execution, not beside it, since walking the tree is milliseconds of CPU
        that would hold the requests back. A failure here (the database is down) is met again,
        and reported, where the request looks its Apps up."""
        warming = asyncio.get_running_loop().create_task(self.services.live.warm(keys))
        warming.add_done_callback(_retrieved)
        scope[WARMING] = warming
        await asyncio.wait((warming,))

    async def _execute(self, scope: Scope, body: bytes, key: Key | None, send: Send) -> None:
        captured: list[bytes] = []
        status = 0

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                captured.append(message.get("body", b""))
            await send(message)

        await self.view(scope, replay, capture)
        cacheable = scope.get(CACHEABLE)
        if key is not None and cacheable is not None and status == 200:
            used, keys, generation = cacheable
            self.cache.put(key, b"".join(captured), used, generation)
            self._keys[key] = keys
            self._keys.move_to_end(key)
            while len(self._keys) > self.cache.max_entries:
                self._keys.popitem(last=False)

    async def _refuse(self, scope: Scope, send: Send, err: AuthError) -> None:
        """The sign-in's refusal, in the shape of every GraphQL error; the body is not read."""
        client = scope.get("client")
        self.view.refusals.log(
            PublicError(str(err), err.code), client[0] if client else "unknown", "anonymous"
        )
        accept = dict(scope["headers"]).get(b"accept", b"").decode("latin-1")
        media_type = response_media_type(accept)
        # application/graphql-response+json says by its status that nothing executed.
        if media_type == JSON:
            await self._send(send, 200, error_body(str(err), err.code), media_type)
            return
        status = REQUEST_ERROR_STATUS.get(err.code, 400)
        body = error_body(str(err), err.code, executed=False)
        await self._send(send, status, body, media_type)

    @staticmethod
    async def _read_body(receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    async def _send(
        send: Send, status: int, body: bytes, media_type: str = "application/json"
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", media_type.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
