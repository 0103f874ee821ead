"""The shared HTTP layer every integration talks through.

One ``ServiceClient`` per App (and config): a long-lived ``httpx.AsyncClient`` with the App's
timeouts and TLS options, failures mapped to the error taxonomy, JSON validated into models,
and an optional login session (``integrations.sessions``: log in once, reuse, log in again
exactly once on expiry).

A client says what its service means when it refuses: ``unauthorized_hint`` and
``forbidden_hint`` word the UNAUTHORIZED and FORBIDDEN errors that ``failure``, the one place
answers are mapped to the taxonomy, makes of a 401 or 403 (``refusal`` tells them apart for a
service that answers a wrong key otherwise).

Nothing the service sends is trusted to be small or well-behaved: redirects are followed only
within the App's origin (scheme, host and port of its URL), so that credentials never leave it;
bodies are read up to a byte cap counted after decompression (``integrations.bodies``); one
total timeout covers the redirects and the body, however slowly it drips.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import errno
import functools
import logging
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping
from typing import Any, ClassVar, TypeVar, cast, overload

import httpx
import msgspec
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from integrations import tls
from integrations.actions import reaching_origin_only
from integrations.bodies import ACCEPT_ENCODING, DEFAULT_MAX_RESPONSE_BYTES, decoded, read_body
from integrations.cache import RecentStore
from integrations.config import ApiKey, Credentials, ServiceConfig, UsernamePassword, secret_values
from integrations.digest import DigestAuth
from integrations.errors import (
    MAX_DETAIL_LENGTH,
    ErrorCode,
    IntegrationError,
    safe_url,
    status_message,
    upstream_detail,
)
from integrations.sessions import LoginRules, LoginSession, SessionStore

logger = logging.getLogger(__name__)

T = TypeVar("T")
CredentialsT = TypeVar("CredentialsT", bound=Credentials)

USER_AGENT = "Tilewire/0.1"
MAX_CACHED_URLS = 64
SENDING: contextvars.ContextVar[Callable[[], None] | None] = contextvars.ContextVar(
    "tilewire_sending", default=None
)
"""Called as a request is handed to httpx (the hub starts fetches one after another)."""
LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=30)
MAX_REDIRECTS = 5
CLOSED_STREAM = httpx.ByteStream(b"")
REFUSALS = {401: ErrorCode.UNAUTHORIZED, 403: ErrorCode.FORBIDDEN}
OFF_LOOP_BYTES = 256 * 1024
"""Bodies larger than this are read in a worker thread (``ServiceClient.off_loop``)."""
HEADER_LIMIT = "100 KiB"
"""The most response-header bytes httpcore (h11) buffers; a fixed limit."""


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


async def map_transport_error(
    exc: httpx.TransportError, url: httpx.URL, socket_path: str | None = None
) -> IntegrationError:
    """The taxonomy entry for a request that got no HTTP response (over the unix socket at
    ``socket_path`` when one is given)."""
    if isinstance(exc, httpx.TimeoutException):
        return IntegrationError(ErrorCode.TIMEOUT, "the service did not answer in time", url=url)
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLError | tls.PinMismatch):
            return await tls.tls_error(cause, url)
        if isinstance(cause, socket.gaierror):
            return IntegrationError(
                ErrorCode.DNS_FAILURE, f"cannot resolve host {url.host!r}", url=url
            )
        if socket_path is not None and isinstance(cause, OSError):
            return _socket_error(cause, socket_path, url)
        if isinstance(cause, ConnectionRefusedError) or (
            isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED
        ):
            return IntegrationError(
                ErrorCode.CONNECTION_REFUSED, "connection refused: is the port right?", url=url
            )
    if any(isinstance(cause, ConnectionResetError) for cause in _chain(exc)):
        what = "the service reset the connection"
        if url.scheme == "https":
            # TLS 1.3: a server that wants a client certificate checks it after the handshake
            what += (
                " (a service that requires a TLS client certificate does so when it gets none, "
                "or one it does not trust)"
            )
        return IntegrationError(ErrorCode.CONNECTION_REFUSED, what, url=url)
    if isinstance(exc, httpx.RemoteProtocolError):
        return _protocol_error(exc, url)
    if isinstance(exc, httpx.LocalProtocolError):
        return IntegrationError(
            ErrorCode.INVALID_CONFIG,
            "the request is not valid HTTP: look for stray characters in the URL and credentials",
            url=url,
        )
    text = str(exc)
    if "Connection refused" in text:
        return IntegrationError(
            ErrorCode.CONNECTION_REFUSED, "connection refused: is the port right?", url=url
        )
    if "Name or service not known" in text or "nodename nor servname" in text:
        return IntegrationError(ErrorCode.DNS_FAILURE, f"cannot resolve host {url.host!r}", url=url)
    return IntegrationError(ErrorCode.UNKNOWN, f"request failed ({type(exc).__name__})", url=url)


def _socket_error(cause: OSError, path: str, url: httpx.URL) -> IntegrationError:
    """A unix socket that cannot be connected to: missing, refused or not Tilewire's to use."""
    if cause.errno == errno.ENOENT:
        what = f"there is no socket at {path}: is the service running, and is the path right?"
    elif cause.errno in (errno.EACCES, errno.EPERM):
        what = (
            f"Tilewire may not use the socket at {path}: its user needs access to it (for "
            "Docker, membership of the docker group)"
        )
    elif cause.errno == errno.ECONNREFUSED:
        what = f"nothing accepts connections on the socket at {path}: is the service running?"
    else:
        code = errno.errorcode.get(cause.errno or 0, "error")
        what = f"cannot connect to the socket at {path} ({code})"
    return IntegrationError(ErrorCode.CONNECTION_REFUSED, what, url=url)


def _protocol_error(exc: httpx.RemoteProtocolError, url: httpx.URL) -> IntegrationError:
    """The service broke HTTP. h11's own text may quote what the service sent (which could
    echo a credential to everyone who sees the error), so only its gist is kept."""
    text = str(exc)
    if "Receive buffer too long" in text:
        return IntegrationError(
            ErrorCode.RESPONSE_TOO_LARGE,
            f"the response headers are larger than {HEADER_LIMIT}, far more than any service "
            "needs (a fixed limit)",
            url=url,
        )
    if "without sending a response" in text:
        what = "the service closed the connection without answering"
    elif "peer closed connection" in text or "incomplete" in text.lower():
        what = "the service closed the connection in the middle of its answer"
    else:
        what = "the service's answer is not valid HTTP"
    return IntegrationError(
        ErrorCode.INVALID_RESPONSE,
        f"{what}: is the URL right and is this the expected service?",
        url=url,
    )


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port made explicit."""
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def origin_text(url: httpx.URL) -> str:
    """``scheme://host:port/path``: where a URL points, without user info or query string."""
    scheme, host, port = origin(url)
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{port}{url.path}"


class ServiceClient:
    """A long-lived client for one App. Subclass it for a service's auth and session rules."""

    logs_in: ClassVar[LoginRules | None] = None
    """Set by clients whose service needs a login (cookies or a token) before other calls;
    they implement ``login``."""
    basic_auth: ClassVar[bool] = False
    """Send ``UsernamePassword`` credentials (``login_pair``) as HTTP basic auth with every
    request."""
    digest_auth: ClassVar[bool] = False
    """Answer HTTP digest challenges (RFC 7616) with ``login_pair``: the password itself is
    never sent, and the last challenge is answered pre-emptively on the next request, so one
    round trip per client (and per new nonce) goes to the challenge. Wins over ``basic_auth``."""
    api_key_header: ClassVar[str | None] = None
    """Send ``ApiKey`` credentials in this header with every request (e.g. ``X-Api-Key``)."""
    large_response_bytes: ClassVar[int] = 0
    """The response size a service legitimately reaches when that is more than the configured
    cap (a big installation's full state list): the larger of the two applies."""

    def __init__(
        self,
        config: ServiceConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.config = config
        self.response_limit = max(max_response_bytes, self.large_response_bytes)
        """Most bytes of a response body (decompressed) this client reads."""
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self.session = LoginSession(
            lambda: self.login(),
            lambda: self.http.cookies,
            rules=self.logs_in or LoginRules(),
            timeout=config.timeout,
        )
        """The login session (used when ``needs_session``)."""
        self._urls: dict[tuple[str, tuple[tuple[str, Any], ...]], httpx.URL] = {}
        self._digest: DigestAuth | None = None

    # --- what subclasses customise -------------------------------------------------------

    def default_headers(self) -> dict[str, str]:
        """Headers sent with every request: ``ApiKey`` credentials in ``api_key_header``, if
        set; override for other schemes."""
        header = self.api_key_header
        creds = self.credentials_as(ApiKey) if header is not None else None
        if header is None or creds is None:
            return {}
        return {header: creds.api_key.get_secret_value()}

    def login_pair(self) -> tuple[str, str] | None:
        """The username and password ``basic_auth`` and ``digest_auth`` send: those of
        ``UsernamePassword`` credentials by default (None for other credentials, which then
        send neither); a client whose service has credentials of its own kind overrides it."""
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            return None
        return creds.username, creds.password.get_secret_value()

    def auth(self) -> httpx.Auth | None:
        """Per-request auth: digest auth with ``digest_auth`` (one instance per client, which
        keeps the challenge), basic auth with ``basic_auth``; override for other schemes."""
        if self.digest_auth:
            if self._digest is None:
                pair = self.login_pair()
                self._digest = DigestAuth(*pair) if pair is not None else None
            return self._digest
        pair = self.login_pair() if self.basic_auth else None
        return httpx.BasicAuth(*pair) if pair is not None else None

    async def login(self) -> str | None:
        """Log in (with ``logs_in``): leave the session cookies in the jar and return None, or
        return the session token (``keeps="token"``). Raise IntegrationError when refused."""
        raise NotImplementedError(f"{type(self).__name__} sets logs_in but has no login()")

    def session_expired(self, response: httpx.Response) -> bool:
        """Whether ``response`` says the session is gone and a new login may help."""
        return response.status_code in (401, 403)

    def needs_session(self) -> bool:
        """Whether this config logs in (with ``logs_in`` by default; a client whose service
        takes an API key *or* a login overrides it)."""
        return self.logs_in is not None

    def share_sessions(self, store: SessionStore, name: str) -> None:
        """Share this client's login session with other processes through ``store``."""
        self.session.share(store, name)

    def share_recent(self, store: RecentStore, name: str) -> None:
        """Keep what this client remembers across fetches (e.g. a site monitor's last checks)
        in ``store`` under ``name``, shared by every process; nothing by default."""

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        """What a 4xx answer refuses: the credentials (UNAUTHORIZED, worded by
        ``unauthorized_hint``) or a permission (FORBIDDEN, ``forbidden_hint``); None leaves
        the status alone to say. A 401 and a 403 by default; some services answer a wrong key
        with a 403 of their own, or a 400."""
        return REFUSALS.get(response.status_code)

    def unauthorized_hint(self, response: httpx.Response) -> str | None:
        """The message of the UNAUTHORIZED error for a refusal of the credentials: which
        credential, and where to find a good one. None: the generic message."""
        return None

    def forbidden_hint(self, response: httpx.Response) -> str | None:
        """The message of the FORBIDDEN error for a refused permission: what the user or key
        lacks. None: the generic message."""
        return None

    # --- helpers for subclasses and integrations -----------------------------------------

    def credentials_as(self, kind: type[CredentialsT]) -> CredentialsT | None:
        creds = self.config.credentials
        return creds if isinstance(creds, kind) else None

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            transport = self._transport or tls.transport_for(self.config, LIMITS)
            self._http = httpx.AsyncClient(
                base_url=self.config.base_url + "/",
                transport=transport,
                timeout=httpx.Timeout(self.config.timeout, connect=self.config.connect_timeout),
                follow_redirects=False,  # followed in send(), within the App's origin only
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "application/json",
                    "Accept-Encoding": ACCEPT_ENCODING,
                },
            )
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
    ) -> httpx.Response:
        """One HTTP exchange (a body as ``json``, form ``data`` or raw ``content``), its body
        read (up to ``response_limit``, decompressed) and its same-origin redirects followed;
        every failure, the total timeout included, mapped to the taxonomy."""
        try:
            request = self.http.build_request(
                method,
                self._url(path, params),
                json=json,
                data=data,
                content=content,
                headers={**self.default_headers(), **(headers or {})},
            )
        except UnicodeEncodeError:
            # A header value (an API key, a token) with characters HTTP headers cannot carry;
            # the error's own text would quote the value.
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "a credential or setting holds characters an HTTP header cannot carry "
                "(only printable ASCII): check the API key or token",
                url=self.config.base_url,
            ) from None
        if reaching_origin_only() and origin(request.url) != origin(
            httpx.URL(self.config.base_url)
        ):
            raise IntegrationError(
                ErrorCode.ORIGIN_REFUSED,
                "an action may reach only its App's own origin (scheme, host and port of its "
                "URL); nothing was sent",
                url=request.url,
            )
        sending = SENDING.get()
        if sending is not None:
            sending()
        try:
            async with asyncio.timeout(self.config.timeout):
                return await self._exchange(request, auth or self.auth())
        except TimeoutError:
            raise IntegrationError(
                ErrorCode.TIMEOUT,
                f"the service did not answer within {self.config.timeout:g} s",
                url=request.url,
            ) from None
        except httpx.TransportError as err:
            raise await map_transport_error(err, request.url, self.config.socket_path) from None

    async def _exchange(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        """``request`` and the redirects that follow it, then the final body."""
        history: list[httpx.Response] = []
        while True:
            response = await self.http.send(
                request, auth=auth or httpx.USE_CLIENT_DEFAULT, stream=True
            )
            try:
                following = response.next_request
                if following is None:
                    body = await read_body(response, self.response_limit)
                    return decoded(response, body, history)
            finally:
                await response.aclose()
                # httpx's streamed response and its stream refer to each other: a cycle that
                # only a full collection frees (rare in a server), keeping the connection and
                # what it had buffered (64 KiB of a refused body) alive until then.
                response.stream = CLOSED_STREAM
            self._check_redirect(response, following, history)
            history.append(response)
            request = following

    def _check_redirect(
        self, response: httpx.Response, following: httpx.Request, history: list[httpx.Response]
    ) -> None:
        """Refuse a redirect out of the App's origin (the request carries its credentials: an
        API key header, a password in a re-posted form), and a redirect chain too long."""
        target = following.url
        if origin(target) != origin(self.http.base_url):
            raise IntegrationError(
                ErrorCode.REDIRECT_REFUSED,
                f"the service redirected to {origin_text(target)}, outside the App's address "
                f"{origin_text(self.http.base_url)}: Tilewire does not take "
                "the App's credentials elsewhere; if the service moved, change the App's URL",
                status=response.status_code,
                url=response.url,
            )
        if len(history) < MAX_REDIRECTS:
            return
        chain = [hop.url for hop in (*history, response)] + [target]
        if len({url.raw_path for url in chain}) < len(chain):
            what = "redirects in a loop: " + " -> ".join(url.path for url in chain)
        else:
            what = f"redirected more than {MAX_REDIRECTS} times (last to {origin_text(target)})"
        raise IntegrationError(
            ErrorCode.TOO_MANY_REDIRECTS,
            f"the service {what}: is the URL right?",
            status=response.status_code,
            url=response.url,
        )

    def _url(self, path: str, params: Mapping[str, Any] | None) -> httpx.URL:
        """The absolute URL for ``path`` and ``params``, resolved against the base URL the way
        httpx does it; kept per client, since a client asks for the same few URLs at every
        refresh and httpx's URL parsing is a third of the CPU of sending a request."""
        try:
            key = (path, tuple(params.items()) if params else ())
            url = self._urls.get(key)
        except TypeError:  # a list among the params: not hashable, not cached
            return self.http.build_request("GET", path.lstrip("/"), params=params).url
        if url is None:
            url = self.http.build_request("GET", path.lstrip("/"), params=params).url
            if len(self._urls) < MAX_CACHED_URLS:
                self._urls[key] = url
        return url

    async def request(
        self, method: str, path: str, *, expect: tuple[int, ...] = (200,), **kwargs: Any
    ) -> httpx.Response:
        """An authenticated request: logs in first if needed, and once more on session expiry.
        An answer whose status is not in ``expect`` raises ``failure``'s error."""
        session = self.session if self.needs_session() else None
        if session is not None:
            await session.ensure()
            generation = session.generation
        response = await self.send(method, path, **kwargs)
        if session is not None and self.session_expired(response):
            logger.info("session expired at %s; logging in again", safe_url(response.url))
            await session.renew(generation)
            response = await self.send(method, path, **kwargs)
            if self.session_expired(response):
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED,
                    "the service rejected the session right after a fresh login",
                    status=response.status_code,
                    url=response.url,
                )
        if response.status_code not in expect:
            raise await self.failure(response)
        return response

    async def failure(self, response: httpx.Response) -> IntegrationError:
        """The error for an answer the caller did not expect: a refusal (``refusal``) is
        UNAUTHORIZED or FORBIDDEN, worded by the client's hints; any other answer is mapped by
        its status. Override it only where telling answers apart needs another request
        (OctoPrint) or a body of the service's own."""
        status = response.status_code
        code = self.refusal(response) if 400 <= status < 500 else None
        if code is ErrorCode.UNAUTHORIZED:
            hint = self.unauthorized_hint(response)
        elif code is ErrorCode.FORBIDDEN:
            hint = self.forbidden_hint(response)
        else:
            return IntegrationError.for_status(status, response.url)
        message = hint if hint is not None else status_message(code, status)
        return IntegrationError(code, message, status=status, url=response.url)

    def detail(self, text: str | list[str] | None, *, limit: int = MAX_DETAIL_LENGTH) -> str:
        """The service's own words about a failure, fit for a message (``upstream_detail``):
        bounded, and without this client's secrets should the service echo one."""
        secrets = secret_values(self.config)
        if self.session.token:
            secrets = (*secrets, self.session.token)
        return upstream_detail(text, secrets=secrets, limit=limit)

    def try_parse(self, response: httpx.Response, model: type[T] | TypeAdapter[T]) -> T | None:
        """The body as ``model``, None when it is not (a proxy's page, an empty body): for a
        service's error shapes, and for telling services apart."""
        try:
            return _adapter_of(model).validate_json(response.content)
        except ValidationError:
            return None

    def parse(
        self,
        response: httpx.Response,
        model: type[T] | TypeAdapter[T],
        *,
        content: bytes | None = None,
    ) -> T:
        """The response body (or ``content``, JSON cut from it) as ``model``; anything else is
        INVALID_RESPONSE."""
        text = response.content if content is None else content
        return self._validated(response, model, lambda a: a.validate_json(text))

    async def off_loop(self, response: httpx.Response, read: Callable[[], T]) -> T:
        """``read()`` (which reads ``response``'s body) in a worker thread when the body is
        over OFF_LOOP_BYTES, so that the event loop answers other requests meanwhile: a
        parser holds the interpreter for one call at a time, not for all of them. A small
        body is read at once, where the hand-off would cost more than it frees."""
        if len(response.content) <= OFF_LOOP_BYTES:
            return read()
        return await asyncio.to_thread(read)

    def decode(
        self,
        response: httpx.Response,
        kind: type[T],
        content: msgspec.Raw | None = None,
        *,
        at: str = "",
    ) -> T:
        """The response body (or ``content``, the piece of it at ``at``) as ``kind``, a
        msgspec type that may leave parts undecoded (``msgspec.Raw``, pointing into the
        body): for an answer of which the integration reads a little of a lot, where building
        all of it as Python objects would cost many times its size. Anything else is
        INVALID_RESPONSE."""
        try:
            return msgspec.json.decode(response.content if content is None else content, type=kind)
        except msgspec.ValidationError as err:
            # msgspec names the type expected and where; an enum's message quotes the value
            # sent, which is the service's and could be anything: kept short
            where = f"{at}: " if at else ""
            detail = self.detail(f"{where}{err}")
            what = f"the response is not the JSON expected ({detail})"
        except msgspec.DecodeError:
            what = "the response is not JSON"
        raise IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            f"{what}: is the URL right and is this the expected service?",
            status=response.status_code,
            url=response.url,
        )

    def validate(self, response: httpx.Response, data: Any, model: type[T] | TypeAdapter[T]) -> T:
        """Part of an already decoded body (e.g. an RPC envelope's result) as ``model``."""
        return self._validated(response, model, lambda a: a.validate_python(data))

    def _validated(
        self,
        response: httpx.Response,
        model: type[T] | TypeAdapter[T],
        run: Callable[[TypeAdapter[T]], T],
    ) -> T:
        try:
            return run(_adapter_of(model))
        except ValidationError as err:
            first = err.errors(include_input=False, include_url=False)[0]
            if first["type"] == "json_invalid":
                what = "the response is not JSON"
            else:
                where = ".".join(str(p) for p in first["loc"]) or "the body"
                what = f"the response is not the JSON expected ({where}: {first['msg']})"
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"{what}: is the URL right and is this the expected service?",
                status=response.status_code,
                url=response.url,
            ) from None

    async def get_json(self, path: str, model: type[T] | TypeAdapter[T], **kwargs: Any) -> T:
        """The JSON answer of ``GET path`` as ``model`` (``kwargs`` as for ``request``)."""
        return self.parse(await self.request("GET", path, **kwargs), model)


A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")


@overload
async def together(a: Awaitable[A], b: Awaitable[B], /) -> tuple[A, B]: ...
@overload
async def together(a: Awaitable[A], b: Awaitable[B], c: Awaitable[C], /) -> tuple[A, B, C]: ...
@overload
async def together(
    a: Awaitable[A], b: Awaitable[B], c: Awaitable[C], d: Awaitable[D], /
) -> tuple[A, B, C, D]: ...
@overload
async def together(*aws: Awaitable[T]) -> tuple[T, ...]: ...
async def together(*aws: Awaitable[Any]) -> tuple[Any, ...]:
    """Await concurrently. Unlike ``asyncio.gather``, the first failure cancels the others
    (nothing is left running after the caller has given up) and is raised as itself."""

    async def wrap(aw: Awaitable[Any]) -> Any:
        return await aw

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(wrap(aw)) for aw in aws]
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return tuple(task.result() for task in tasks)


@contextlib.asynccontextmanager
async def task_group() -> AsyncIterator[asyncio.TaskGroup]:
    """``together`` for many differently typed requests: a TaskGroup whose first failure is
    raised as itself rather than as an ExceptionGroup."""
    try:
        async with asyncio.TaskGroup() as group:
            yield group
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None


class UpstreamModel(BaseModel):
    """Base for models of upstream responses: fields Tilewire does not read are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)


@functools.lru_cache(maxsize=512)
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def _adapter_of(model: type[T] | TypeAdapter[T]) -> TypeAdapter[T]:
    return model if isinstance(model, TypeAdapter) else _adapter(cast(Hashable, model))
