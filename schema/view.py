"""Strawberry's ASGI view with Tilewire's context, auth and media types (the endpoint in
schema/endpoint.py stands in front of it)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, cast

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from app.auth import FORBIDDEN, TOKEN_EXPIRED, AuthError
from app.graphiql import GraphiQLPage
from app.media_types import (
    GRAPHQL_RESPONSE_JSON,
    is_request_error,
    request_error_status,
    response_media_type,
)
from app.services import Services
from app.settings import Settings
from app.signin import SignIn
from app.transport import (
    PROTOCOLS,
    TextFrameWebSocket,
    TextStream,
    ending_at,
    stream_transport,
    unauthenticated,
    wants_stream,
)
from schema.context import Context
from schema.document_limits import DocumentLimits
from schema.refusals import Refusals
from schema.schema import build_schema
from schema.warm import Warmup
from schema.websocket import ExpiringConnection


class WarmRequest(Request):
    """A request that carries its ``Warmup`` to ``get_context`` and ``process_result``."""

    def __init__(self, scope: Scope, receive: Receive, warmup: Warmup) -> None:
        super().__init__(scope, receive)
        self.warmup = warmup


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

    async def handle(self, scope: Scope, receive: Receive, send: Send, warmup: Warmup) -> None:
        """Answer one plain HTTP request with ``warmup`` in its context (as Strawberry's
        ``__call__`` answers any other)."""
        try:
            response = await self.run(WarmRequest(scope, receive, warmup))
        except HTTPException as e:
            response = PlainTextResponse(e.reason, status_code=e.status_code)
        await response(scope, receive, send)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """In ``application/graphql-response+json``, a request error has no ``data`` entry
        (and its status says so, see ``create_response``)."""
        if isinstance(request, WarmRequest):
            request.warmup.answered(result)
        response = await super().process_result(request, result)
        accept = request.headers.get("accept")
        if is_request_error(result.data, result.errors) and (
            response_media_type(accept) == GRAPHQL_RESPONSE_JSON
        ):
            response.pop("data", None)
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        if response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE_JSON:
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
        return sub_response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        if (
            sub_response.media_type == GRAPHQL_RESPONSE_JSON
            and isinstance(response_data, dict)
            and "data" not in response_data  # a request error (process_result)
        ):
            sub_response.status_code = request_error_status(response_data.get("errors") or [])
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type is not None:
            response.headers["content-type"] = sub_response.media_type
        return response

    async def get_context(self, request: Any, response: Any) -> Context:
        context = Context(
            services=self.services,
            role=None,
            request=request,
            response=response,
            # A plain JSON answer: a subscription is refused (not so on a WebSocket or a
            # stream, which Strawberry picks by the same Accept header).
            single_result=isinstance(request, Request)
            and not wants_stream(request.headers.get("accept", "")),
            warmup=request.warmup if isinstance(request, WarmRequest) else None,
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
