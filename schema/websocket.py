"""graphql-transport-ws connections that live no longer than the credentials that opened them:
a token until it expires, an API key until it is revoked."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from starlette.websockets import WebSocketDisconnect
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
)

from app.api_keys import REVOKED
from app.auth import TOKEN_EXPIRED
from schema.context import Context

logger = logging.getLogger("tilewire")

EXPIRED_CLOSE_CODE = 4403
"""Forbidden, as for a token refused at connection_init: a client reconnects with a new one.
A revoked API key closes its connections with the same code."""
CANCEL_WAIT = 2.0
"""Seconds the expiry waits for the cancelled operations to unwind before it closes."""


class ExpiringConnection(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler, closed when its token expires or its API key
    is revoked.

    Once the connection is acknowledged, one timer waits for the token's ``exp`` (from the
    upgrade request's Authorization header or connection_init's payload); then every
    operation is cancelled and the socket closed with 4403 "the token has expired", so
    nothing is sent after. A message that arrives after ``exp`` but before the timer ran
    is not handled either. A connection opened with an API key is watched
    (``ApiKeyService.watch``) and closed the same way, with 4403 "the API key was revoked"."""

    _expiry: asyncio.Task[None] | None = None
    _ended = False
    _unwatch: Callable[[], None] | None = None
    _revocation: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if not self.connection_acknowledged:
            return
        expires_at = self.context.expires_at
        if expires_at is not None and self._expiry is None:
            self._expiry = asyncio.create_task(self._expire_at(expires_at))
            self._expiry.add_done_callback(self._task_done)
        key_id = self.context.key_id
        if key_id is not None and self._unwatch is None:
            keys = self.context.services.keys
            self._unwatch = keys.watch(key_id, self._revoked)
            if not await keys.exists(key_id):  # revoked between sign-in and now
                self._revoked(key_id)

    async def handle_message(self, message: Message) -> None:
        if self._ended:
            return
        expires_at = self.context.expires_at
        if self.connection_acknowledged and expires_at is not None and time.time() >= expires_at:
            await self._end(TOKEN_EXPIRED)
            return
        await super().handle_message(message)

    async def shutdown(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
        if self._unwatch is not None:
            self._unwatch()
        await super().shutdown()

    async def handle_task_exception(self, error: Exception) -> None:
        """A client that goes away while an operation sends to it is the ordinary end of a
        subscription, not a fault: a debug line, not a traceback."""
        if isinstance(error, WebSocketDisconnected):
            logger.debug("a WebSocket client left while an operation was sending to it")
            return
        await super().handle_task_exception(error)

    def _revoked(self, _key_id: str) -> None:
        if self._revocation is None:
            self._revocation = asyncio.get_running_loop().create_task(self._end(REVOKED))
            self._revocation.add_done_callback(self._task_done)

    async def _expire_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        await self._end(TOKEN_EXPIRED)

    async def _end(self, reason: str) -> None:
        if self._ended:
            return
        self._ended = True
        tasks = [operation.task for operation in self.operations.values() if operation.task]
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        if tasks:
            await asyncio.wait(tasks, timeout=CANCEL_WAIT)
        logger.info("closed a WebSocket: %s", reason)
        # The client may have gone in the meantime: then there is nothing left to close.
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await self.websocket.close(code=EXPIRED_CLOSE_CODE, reason=reason)
