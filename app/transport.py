"""How GraphQL results travel to a browser besides a plain JSON response: WebSocket messages
in text frames, and subscriptions streamed over HTTP (multipart/mixed or Server-Sent Events)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected


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
