"""How GraphQL results travel to a browser besides a plain JSON response: WebSocket messages
in text frames, and subscriptions streamed over HTTP (multipart/mixed or Server-Sent Events).

A streamed response is never buffered nor cached. It needs a valid token when auth is on (an
``Authorization`` header: ``fetch`` can send one), ends when that token expires, and stops when
the client goes away (which ends the subscription, and with its last listener, the polling)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping

import orjson
from starlette.responses import Response
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.http.streaming import (
    HTTPStreamTransport,
    MultipartSubscriptionTransport,
    SSETransport,
)
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    MULTIPART_SUBSCRIPTION_PROTOCOL,
)

from app.auth import TOKEN_EXPIRED

PROTOCOLS = (GRAPHQL_TRANSPORT_WS_PROTOCOL, MULTIPART_SUBSCRIPTION_PROTOCOL, GRAPHQL_SSE_PROTOCOL)
"""The WebSocket subprotocol (not the legacy graphql-ws, which has no hook to close a socket
when its token expires), and the HTTP streams a client asks for with its ``Accept`` header:
``multipart/mixed;subscriptionSpec="1.0"`` (GraphiQL, Apollo) or ``text/event-stream``
(graphql-sse)."""

_STREAMS: tuple[HTTPStreamTransport, ...] = (MultipartSubscriptionTransport(), SSETransport())

UNAUTHENTICATED = "UNAUTHENTICATED"

TextStream = Callable[[], AsyncIterator[str]]


class TextFrameWebSocket(ASGIWebSocketAdapter):
    """Sends every graphql-transport-ws message as a text frame.

    The view encodes JSON to bytes (orjson, for HTTP responses), and Strawberry sends bytes
    as binary frames: a browser hands those to the page as Blobs, and the ``graphql-ws``
    client closes the socket (4004, "Message is missing the 'type' property")."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(self.view.encode_json_string(message))
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def wants_stream(accept: str) -> bool:
    """Whether a request's ``Accept`` header asks for a streamed response."""
    lowered = accept.lower()
    if "multipart/mixed" not in lowered and "text/event-stream" not in lowered:
        return False  # the common case, on every dashboard request: no parsing
    return any(transport.accepts(accept) for transport in _STREAMS)


def error_body(message: str, code: str, *, executed: bool = True) -> bytes:
    """A GraphQL response made of one error with ``extensions.code``; without a ``data``
    entry when it says nothing executed (application/graphql-response+json's request error)."""
    error = {"message": message, "extensions": {"code": code}}
    return orjson.dumps({"data": None, "errors": [error]} if executed else {"errors": [error]})


def unauthenticated(message: str) -> Response:
    return Response(
        error_body(message, UNAUTHENTICATED),
        status_code=401,
        media_type="application/json",
        headers={"WWW-Authenticate": "Bearer"},
    )


def stream_transport(headers: Mapping[str, str]) -> HTTPStreamTransport | None:
    """The transport whose response headers these are."""
    content_type = headers.get("Content-Type")
    for transport in _STREAMS:
        if transport.headers.get("Content-Type") == content_type:
            return transport
    return None


def ending_at(
    stream: TextStream,
    expires_at: float,
    transport: HTTPStreamTransport,
    encode_json: Callable[[object], str],
) -> TextStream:
    """``stream`` until the wall-clock time ``expires_at`` (a token's ``exp``); then an error
    saying the token expired, and the end of the stream (the client reconnects with a new one)."""

    async def bounded() -> AsyncGenerator[str, None]:
        source = stream()
        try:
            while True:
                remaining = expires_at - time.time()
                if remaining <= 0:
                    break
                try:
                    chunk = await asyncio.wait_for(anext(source), remaining)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    break
                yield chunk
            expired = {
                "message": TOKEN_EXPIRED,
                "extensions": {"code": "UNAUTHENTICATED"},
            }
            yield transport.encode_next({"data": None, "errors": [expired]}, encode_json)
            yield transport.encode_complete()
        finally:
            if isinstance(source, AsyncGenerator):
                await source.aclose()

    return bounded
