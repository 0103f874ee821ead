"""The GraphQL endpoint in front of Strawberry's view: the refusal of anonymous requests
(before anything is parsed), and the response cache that serves repeated dashboard documents
without executing, with the warm path of a known one (schema/warm.py)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from starlette.datastructures import QueryParams
from starlette.types import Message, Receive, Scope, Send

from app.auth import AuthError, Role
from app.data import DataKey
from app.media_types import JSON, REQUEST_ERROR_STATUS, response_media_type
from app.services import Services
from app.settings import Settings
from app.transport import error_body, wants_stream
from schema.errors import PublicError
from schema.response_cache import Key, ResponseCache
from schema.view import TilewireGraphQL
from schema.warm import Warmup

MAX_BODY = 1024 * 1024
MAX_CACHED_BODY = 64 * 1024
"""Largest request whose response is cached (a 50-widget dashboard's is about 16 KB)."""


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


class GraphQLEndpoint:
    """With authentication on, a request without valid credentials (POST, or GET with a query)
    is refused (UNAUTHENTICATED, or the sign-in's own code) before its body is read or anything
    parsed: an anonymous caller learns nothing of the schema and costs no CPU (a streamed
    request gets the view's 401, as early). POSTed documents whose response is cached are
    answered from the cache (auth checked, nothing parsed or executed); everything else goes
    to Strawberry.

    A dashboard document that executed before and whose response expired is warmed: its
    values' fetches start at once, before Strawberry does, so the upstream calls leave within
    a few milliseconds of the request instead of after the whole tree has been walked to them.
    Only a (document, role) pair that passed validation and access control before is warmed,
    so the limits still refuse a document before any upstream call."""

    def __init__(self, view: TilewireGraphQL, services: Services, settings: Settings) -> None:
        self.view = view
        self.settings = settings
        self.services = services
        # The hub's clock: cached responses expire exactly with the values they contain.
        self.cache = ResponseCache(clock=lambda: services.live.hub.clock())
        self._rendering: dict[Key, asyncio.Future[None]] = {}
        self._known: OrderedDict[Key, tuple[DataKey, ...]] = OrderedDict()
        """What each kept document used when it last executed: what to warm next time."""

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
            now = await self.services.generation()
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
            warmup = None
            if key is not None:
                warmup = Warmup(key, known=self._known.get(key, ()))
                await warmup.warm(self.services.live)
                warmup.generation = await self.services.generation()
            await self._execute(scope, body, warmup, send)
        finally:
            if key is not None:
                done = self._rendering.pop(key, None)
                if done is not None:
                    done.set_result(None)

    async def _execute(self, scope: Scope, body: bytes, warmup: Warmup | None, send: Send) -> None:
        """Execute, and keep the answer if ``warmup`` says it may be kept."""
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

        if warmup is None:
            await self.view(scope, replay, send)
            return
        await self.view.handle(scope, replay, capture, warmup)
        if warmup.keep and status == 200:
            key = warmup.key
            self.cache.put(key, b"".join(captured), warmup.used_data, warmup.generation)
            self._known[key] = tuple(warmup.used_keys)
            self._known.move_to_end(key)
            while len(self._known) > self.cache.max_entries:
                self._known.popitem(last=False)

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
