"""The shared HTTP layer every integration talks through.

One ``ServiceClient`` per App (and config): a long-lived ``httpx.AsyncClient`` with the App's
timeouts and TLS options, failures mapped to the error taxonomy, JSON validated into models,
and an optional login session (log in once, reuse, log in again exactly once on expiry).

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
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping
from typing import Any, ClassVar, TypeVar, cast, overload

import httpx
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from integrations import tls
from integrations.bodies import ACCEPT_ENCODING, DEFAULT_MAX_RESPONSE_BYTES, decoded, read_body
from integrations.config import ApiKey, Credentials, ServiceConfig, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, safe_url
from integrations.sessions import SessionStore, export_cookies, import_cookies

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
HEADER_LIMIT = "100 KiB"
"""The most response-header bytes httpcore (h11) buffers; a fixed limit."""


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


async def map_transport_error(exc: httpx.TransportError, url: httpx.URL) -> IntegrationError:
    """The taxonomy entry for a request that got no HTTP response."""
    if isinstance(exc, httpx.TimeoutException):
        return IntegrationError(ErrorCode.TIMEOUT, "the service did not answer in time", url=url)
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLError | tls.PinMismatch):
            return await tls.tls_error(cause, url)
        if isinstance(cause, socket.gaierror):
            return IntegrationError(
                ErrorCode.DNS_FAILURE, f"cannot resolve host {url.host!r}", url=url
            )
        if isinstance(cause, ConnectionRefusedError) or (
            isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED
        ):
            return IntegrationError(
                ErrorCode.CONNECTION_REFUSED, "connection refused: is the port right?", url=url
            )
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

    uses_session: ClassVar[bool] = False
    """Set by clients whose service needs a login (cookie or token) before other calls."""
    session_ttl: ClassVar[float] = 3600.0
    """How long a session stored for other processes is kept (they renew it on expiry)."""
    basic_auth: ClassVar[bool] = False
    """Send ``UsernamePassword`` credentials as HTTP basic auth with every request."""
    api_key_header: ClassVar[str | None] = None
    """Send ``ApiKey`` credentials in this header with every request (e.g. ``X-Api-Key``)."""
    login_failure_hold: ClassVar[float] = 60.0
    """Seconds a rejected login is reported again without asking the service: retrying bad
    credentials at every refresh gets the address banned (qBittorrent bans after five)."""
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
        self._login_lock = asyncio.Lock()
        self._session_generation = 0
        self._logged_in = False
        self._login_failure: tuple[float, IntegrationError] | None = None
        self._store: SessionStore | None = None
        self._store_name = ""
        self._session_blob: bytes | None = None
        self._urls: dict[tuple[str, tuple[tuple[str, Any], ...]], httpx.URL] = {}

    # --- what subclasses customise -------------------------------------------------------

    def default_headers(self) -> dict[str, str]:
        """Headers sent with every request: ``ApiKey`` credentials in ``api_key_header``, if
        set; override for other schemes."""
        header = self.api_key_header
        creds = self.credentials_as(ApiKey) if header is not None else None
        if header is None or creds is None:
            return {}
        return {header: creds.api_key.get_secret_value()}

    def auth(self) -> httpx.Auth | None:
        """Per-request auth: basic auth with ``basic_auth``; override for other schemes."""
        creds = self.credentials_as(UsernamePassword) if self.basic_auth else None
        if creds is None:
            return None
        return httpx.BasicAuth(creds.username, creds.password.get_secret_value())

    async def login(self) -> None:
        """Establish a session (store cookies or a token). Only with ``uses_session``."""

    def session_expired(self, response: httpx.Response) -> bool:
        """Whether ``response`` says the session is gone and a new login may help."""
        return response.status_code in (401, 403)

    def needs_session(self) -> bool:
        """Whether this config logs in (``uses_session`` by default; a client whose service
        takes an API key *or* a login overrides it)."""
        return self.uses_session

    def export_session(self) -> bytes:
        """The session, for other processes: the cookies by default (override for tokens)."""
        return export_cookies(self.http.cookies)

    def import_session(self, data: bytes) -> None:
        """Take over a session another process exported."""
        import_cookies(self.http.cookies, data)

    def share_sessions(self, store: SessionStore, name: str) -> None:
        """Share this client's login session through ``store`` under ``name``."""
        self._store, self._store_name = store, name

    # --- helpers for subclasses and integrations -----------------------------------------

    def credentials_as(self, kind: type[CredentialsT]) -> CredentialsT | None:
        creds = self.config.credentials
        return creds if isinstance(creds, kind) else None

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            transport = self._transport or tls.transport(
                self.config.verify_tls, self.config.ca_bundle, self.config.pinned_sha256, LIMITS
            )
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
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
    ) -> httpx.Response:
        """One HTTP exchange, its body read (up to ``response_limit``, decompressed) and its
        same-origin redirects followed; every failure, the total timeout included, mapped to
        the taxonomy."""
        try:
            request = self.http.build_request(
                method,
                self._url(path, params),
                json=json,
                data=data,
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
            raise await map_transport_error(err, request.url) from None

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
        """An authenticated request: logs in first if needed, and once more on session expiry."""
        if self.needs_session():
            await self._ensure_session(self._session_generation)
        generation = self._session_generation
        response = await self.send(method, path, **kwargs)
        if self.needs_session() and self.session_expired(response):
            logger.info("session expired at %s; logging in again", safe_url(response.url))
            await self._ensure_session(generation, renew=True)
            response = await self.send(method, path, **kwargs)
            if self.session_expired(response):
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED,
                    "the service rejected the session right after a fresh login",
                    status=response.status_code,
                    url=response.url,
                )
        if response.status_code not in expect:
            raise IntegrationError.for_status(response.status_code, response.url)
        return response

    async def _ensure_session(self, seen_generation: int, *, renew: bool = False) -> None:
        if self._logged_in and not renew:
            return
        async with self._login_lock:
            # Another task may have logged in while this one waited: reuse its session.
            if self._session_generation != seen_generation or (self._logged_in and not renew):
                return
            self._logged_in = False
            if await self._adopt_shared_session():
                return
            self._hold_back_rejected_login()
            if self._store is None:
                await self._login()
                return
            lock = f"login:{self._store_name}"
            token = await self._store.acquire(lock, self.config.timeout * 2 + 2)
            if token is None:
                # Another process is logging in: take its session when it lands.
                deadline = time.monotonic() + self.config.timeout * 2 + 2
                while time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                    if await self._adopt_shared_session():
                        return
            try:
                await self._login()
                self._session_blob = self.export_session()
                await self._store.set(self._store_name, self._session_blob, self.session_ttl)
            finally:
                if token is not None:
                    await self._store.release(lock, token)

    async def _adopt_shared_session(self) -> bool:
        """Use the session another process stored, unless it is the one that just failed."""
        if self._store is None:
            return False
        shared = await self._store.get(self._store_name)
        if shared is None or shared == self._session_blob:
            return False
        self.import_session(shared)
        self._session_blob = shared
        self._logged_in = True
        self._session_generation += 1
        return True

    def _hold_back_rejected_login(self) -> None:
        if self._login_failure is None:
            return
        failed_at, error = self._login_failure
        if time.monotonic() - failed_at < self.login_failure_hold:
            raise IntegrationError(
                error.code,
                f"{error.message} (not retried for {self.login_failure_hold:g} s after a "
                "rejected login, so that the service does not ban this address)",
                status=error.status,
                url=error.url,
            )

    async def _login(self) -> None:
        try:
            await self.login()
        except IntegrationError as err:
            if err.code in (ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN):
                self._login_failure = (time.monotonic(), err)
            raise
        self._login_failure = None
        self._logged_in = True
        self._session_generation += 1

    def parse(self, response: httpx.Response, model: type[T] | TypeAdapter[T]) -> T:
        """The response body as ``model``; anything else is INVALID_RESPONSE."""
        return self._validated(response, model, lambda a: a.validate_json(response.content))

    def validate(self, response: httpx.Response, data: Any, model: type[T] | TypeAdapter[T]) -> T:
        """Part of an already decoded body (e.g. an RPC envelope's result) as ``model``."""
        return self._validated(response, model, lambda a: a.validate_python(data))

    def _validated(
        self,
        response: httpx.Response,
        model: type[T] | TypeAdapter[T],
        run: Callable[[TypeAdapter[T]], T],
    ) -> T:
        adapter: TypeAdapter[T] = (
            model if isinstance(model, TypeAdapter) else _adapter(cast(Hashable, model))
        )
        try:
            return run(adapter)
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
