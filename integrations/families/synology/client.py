"""The Synology Web API (``/webapi/``), shared by DSM and its packages (Download Station).

Built from Synology's "DSM Login Web API Guide" (DSM 7.0), the "Download Station Web API"
(Download Station Official API, 2014-03-26) and the "File Station Official API" guide, which
describe the same workflow:

1. ``SYNO.API.Info`` ``query`` says where each API lives (``entry.cgi``, or a package's own
   CGI such as ``DownloadStation/task.cgi``) and which versions it speaks. The DSM 7 guide asks
   ``/webapi/entry.cgi``; older DSM and the package guides ``/webapi/query.cgi``: the client asks
   the first and falls back on the second. The answer is kept for the client's life (asked again
   after a 404, when DSM or a package changed).
2. ``SYNO.API.Auth`` ``login`` (``account``, ``passwd``, ``session``, ``format=sid``) returns a
   session id, sent as ``_sid`` with every later call; ``logout`` ends it (on close).
3. Every answer is HTTP 200 with ``{"success": ...}``; a failure carries ``error.code``. Codes
   100-150 are common to every API (105 no permission; 106 session timeout, 107 interrupted by a
   duplicate login, 119 SID not found and 150 source IP changed: log in again, once); the login's
   own codes 400-410 say why it was refused (403, 404 and 406: two-factor authentication, which
   a dashboard cannot answer).

The login is sent as a form (POST), so that the password is in no URL a web server logs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

import httpx
from pydantic import AnyHttpUrl, TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ServiceConfig, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.synology.models import ApiInfo, Envelope, Login
from integrations.optional import Unsupported
from integrations.sessions import LoginRules

T = TypeVar("T")
logger = logging.getLogger(__name__)

WEBAPI = "webapi/"
INFO_API = "SYNO.API.Info"
AUTH_API = "SYNO.API.Auth"
INFO_PATHS = ("entry.cgi", "query.cgi")
"""Where ``SYNO.API.Info`` answers: ``entry.cgi`` (DSM 7 guide), ``query.cgi`` (older DSM, and
the Download Station and File Station guides)."""
AUTH_VERSION = 6
"""The login version the DSM 7 guide shows; an older DSM speaks its highest below it."""
SID_PARAM = "_sid"
LOGOUT_TIMEOUT = 2.0
"""Seconds a best-effort logout may take (on close it must not hold shutdown up)."""
LARGEST_ERROR = 4096
"""An error envelope is a few dozen bytes: a larger answer is no session refusal."""

COMMON_ERRORS: Mapping[int, str] = {
    100: "unknown error",
    101: "no parameter of API, method or version",
    102: "the requested API does not exist",
    103: "the requested method does not exist",
    104: "the requested version does not support the functionality",
    105: "the logged in session does not have permission",
    106: "session timeout",
    107: "session interrupted by duplicate login",
    108: "failed to upload the file",
    109: "the network connection is unstable or the system is busy",
    110: "the network connection is unstable or the system is busy",
    111: "the network connection is unstable or the system is busy",
    114: "lost parameters for this API",
    115: "not allowed to upload a file",
    116: "not allowed to perform for a demo site",
    117: "the network connection is unstable or the system is busy",
    118: "the network connection is unstable or the system is busy",
    119: "SID not found (invalid session)",
    150: "request source IP does not match the login IP",
}
"""The common error codes of every API (DSM Login Web API Guide, "Common Error Code")."""
NOT_OFFERED = frozenset({102, 103, 104})
"""No such API, method or version: this DSM or package does not offer the call."""
NO_PERMISSION = 105
SESSION_GONE = frozenset({106, 107, 119, 150})
"""The session is no longer valid: a new login may help (once)."""

TWO_FACTOR = "two-factor authentication"
AUTH_ERRORS: Mapping[int, tuple[ErrorCode, str]] = {
    400: (ErrorCode.UNAUTHORIZED, "no such account or incorrect password"),
    401: (ErrorCode.UNAUTHORIZED, "the account is disabled"),
    402: (ErrorCode.FORBIDDEN, "permission denied"),
    403: (ErrorCode.UNAUTHORIZED, f"a {TWO_FACTOR} code is required"),
    404: (ErrorCode.UNAUTHORIZED, f"the {TWO_FACTOR} code was refused"),
    406: (ErrorCode.UNAUTHORIZED, f"DSM enforces {TWO_FACTOR} for this account"),
    407: (ErrorCode.FORBIDDEN, "DSM blocked this IP address"),
    408: (ErrorCode.UNAUTHORIZED, "the password has expired and cannot be changed"),
    409: (ErrorCode.UNAUTHORIZED, "the password has expired"),
    410: (ErrorCode.UNAUTHORIZED, "the password must be changed"),
}
"""``SYNO.API.Auth`` ``login``'s own error codes (DSM Login Web API Guide, "API Error Code")."""
TWO_FACTOR_CODES = frozenset({403, 404, 406})
BLOCKED = 407
EXPIRED_PASSWORD = frozenset({408, 409, 410})

_API_LIST: TypeAdapter[dict[str, ApiInfo]] = TypeAdapter(dict[str, ApiInfo])


def error_words(code: int | None) -> str:
    """``error N: its meaning`` for a common error code."""
    if code is None:
        return "no error code"
    meaning = COMMON_ERRORS.get(code)
    return f"error {code}" + (f": {meaning}" if meaning else "")


def without_webapi(config: ServiceConfig) -> ServiceConfig:
    """The config with a trailing ``/webapi`` (a pasted API address) taken off: the client asks
    ``webapi/...`` under the DSM's own address."""
    base = config.base_url
    if not base.endswith("/webapi"):
        return config
    return config.model_copy(update={"url": AnyHttpUrl(base.removesuffix("/webapi") + "/")})


class SynologyClient(ServiceClient):
    """A Synology Web API client: APIs discovered once, a ``SYNO.API.Auth`` session whose id
    travels as ``_sid``, answers read out of the ``success`` envelope. Each integration names its
    product, the APIs it uses, the login's ``session`` and what a refused permission means."""

    product: ClassVar[str]
    """How messages name the service: "Synology DSM", "Download Station"."""
    apis_used: ClassVar[tuple[str, ...]]
    """The APIs the integration calls (``SYNO.API.Info`` is asked about these and the login)."""
    session_name: ClassVar[str | None] = None
    """The login's ``session``: the application the session is for (``DownloadStation``), or
    None to send none (DSM's own system APIs belong to no application)."""
    permission_hint: ClassVar[str]
    """What error 105 (no permission) asks of the account."""
    missing_hint: ClassVar[str] = "is it the right service, and is it installed and running?"
    """Why an API the integration uses may be missing from ``SYNO.API.Info``."""

    logs_in = LoginRules(keeps="token", ttl=1800.0, failure_hold=300.0)
    """The token is the session id. A refused login is not repeated for five minutes: DSM's
    auto block bans an address after a few failed logins."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(without_webapi(config), **kwargs)
        self.apis: dict[str, ApiInfo] | None = None
        """What ``SYNO.API.Info`` said (None until asked)."""
        self._discover_lock = asyncio.Lock()

    # --- discovery ---------------------------------------------------------------------------

    async def api(self, name: str) -> ApiInfo:
        """Where API ``name`` lives and which versions it speaks; Unsupported (NOT_FOUND) when
        this Synology does not offer it."""
        if self.apis is None:
            async with self._discover_lock:
                if self.apis is None:
                    self.apis = await self._discover()
        found = self.apis.get(name)
        if found is None:
            raise Unsupported(
                ErrorCode.NOT_FOUND,
                f"this Synology offers no {name} API: {self.missing_hint}",
                url=self.config.base_url,
            )
        return found

    async def _discover(self) -> dict[str, ApiInfo]:
        query = {
            "api": INFO_API,
            "version": "1",
            "method": "query",
            "query": ",".join((AUTH_API, *self.apis_used)),
        }
        for path in INFO_PATHS:
            response = await self.send("GET", WEBAPI + path, params=query)
            if response.status_code == 404:
                continue
            if response.status_code != 200:
                raise await self.failure(response)
            envelope = self.parse(response, Envelope)
            if envelope.success:
                return self.validate(response, envelope.data, _API_LIST)
        raise IntegrationError(
            ErrorCode.NOT_FOUND,
            "no Synology Web API (SYNO.API.Info) answers at /webapi/entry.cgi or "
            "/webapi/query.cgi: is the URL the Synology's address (e.g. https://nas:5001)?",
            status=response.status_code,
            url=response.url,
        )

    # --- the session -------------------------------------------------------------------------

    async def send(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        """As the base, with the session id as ``_sid`` once there is one (sent anew with a
        request repeated after a new login)."""
        sid = self.session.token
        if sid is not None and (params is None or SID_PARAM not in params):
            params = {**(params or {}), SID_PARAM: sid}
        return await super().send(method, path, params=params, **kwargs)

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, f"{self.product} needs a DSM account and its password"
            )
        auth = await self.api(AUTH_API)
        form = {
            "api": AUTH_API,
            "version": str(auth.version(AUTH_VERSION)),
            "method": "login",
            "account": creds.username,
            "passwd": creds.password.get_secret_value(),
            "format": "sid",
        }
        if self.session_name is not None:
            form["session"] = self.session_name
        response = await self.send("POST", WEBAPI + auth.path, data=form)
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        envelope = self.parse(response, Envelope)
        if not envelope.success:
            code = envelope.error.code if envelope.error is not None else None
            raise self.login_refused(code, response)
        return self.validate(response, envelope.data, Login).sid

    def login_refused(self, code: int | None, response: httpx.Response) -> IntegrationError:
        """What a refused login means, in the words of ``AUTH_ERRORS``."""
        known = AUTH_ERRORS.get(code) if code is not None else None
        if known is None:
            return IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"{self.product} refused the login ({error_words(code)})",
                status=response.status_code,
                url=response.url,
            )
        error_code, meaning = known
        if code in TWO_FACTOR_CODES:
            message = (
                f"this DSM account uses {TWO_FACTOR} (error {code}: {meaning}), which a "
                "dashboard cannot answer: use an account without two-factor authentication "
                "(e.g. a user of its own for Tilewire)"
            )
        elif code == BLOCKED:
            message = (
                f"DSM blocked Tilewire's IP address after failed logins (error {code}): unblock "
                "it in Control Panel > Security > Protection (Auto Block), then fix the password"
            )
        elif code in EXPIRED_PASSWORD:
            message = (
                f"{self.product} refused the login: {meaning} (error {code}); sign in to DSM "
                "once with this account to set a new password"
            )
        elif error_code is ErrorCode.FORBIDDEN:
            message = (
                f"DSM refused this account the login ({meaning}, error {code}): "
                f"{self.permission_hint}"
            )
        else:
            message = f"{self.product} refused the login: {meaning} (error {code})"
        return IntegrationError(error_code, message, status=response.status_code, url=response.url)

    def session_expired(self, response: httpx.Response) -> bool:
        """DSM says a session is gone with HTTP 200 and error 106, 107, 119 or 150."""
        if response.status_code != 200 or len(response.content) > LARGEST_ERROR:
            return False
        envelope = self.try_parse(response, Envelope)
        return (
            envelope is not None
            and not envelope.success
            and envelope.error is not None
            and envelope.error.code in SESSION_GONE
        )

    async def logout(self, sid: str) -> None:
        """End session ``sid`` on the Synology; best effort, quickly, failures ignored."""
        auth = self.apis.get(AUTH_API) if self.apis is not None else None
        if auth is None:
            return
        params = {
            "api": AUTH_API,
            "version": str(auth.version(AUTH_VERSION)),
            "method": "logout",
            SID_PARAM: sid,
        }
        if self.session_name is not None:
            params["session"] = self.session_name
        try:
            async with asyncio.timeout(min(LOGOUT_TIMEOUT, self.config.timeout)):
                await self.send("GET", WEBAPI + auth.path, params=params)
        except (IntegrationError, TimeoutError, httpx.HTTPError) as err:
            logger.debug("could not log out of %s: %s", self.product, type(err).__name__)

    async def aclose(self) -> None:
        sid, self.session.token = self.session.token, None
        if sid is not None:
            await self.logout(sid)
        await super().aclose()

    # --- refusals a proxy in front of DSM may answer -----------------------------------------

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            f"{self.product} (or a proxy in front of it) refused the request with HTTP 401; "
            "DSM itself answers refusals with an error code"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            f"{self.product} (or a proxy in front of it) refused the request with HTTP 403; "
            "DSM itself answers refusals with an error code"
        )

    # --- calls -------------------------------------------------------------------------------

    async def call(
        self,
        api: str,
        method: str,
        model: type[T] | TypeAdapter[T],
        *,
        version: int = 1,
        **params: str,
    ) -> T:
        """``api``'s ``method`` (in ``version``, or the nearest this Synology speaks), in the
        session; its ``data`` as ``model``."""
        info = await self.api(api)
        query = {"api": api, "version": str(info.version(version)), "method": method, **params}
        try:
            response = await self.request("GET", WEBAPI + info.path, params=query)
        except IntegrationError as err:
            if err.code is ErrorCode.NOT_FOUND:
                self.apis = None  # DSM or the package changed: ask where the APIs are again
            raise
        envelope = self.parse(response, Envelope)
        if not envelope.success:
            code = envelope.error.code if envelope.error is not None else None
            raise self.api_error(api, method, code, response)
        return self.validate(response, envelope.data, model)

    def api_error(
        self, api: str, method: str, code: int | None, response: httpx.Response
    ) -> IntegrationError:
        """The error of an answer ``{"success": false, "error": {"code": code}}``."""
        words = error_words(code)
        status, url = response.status_code, response.url
        if code in NOT_OFFERED:
            return Unsupported(
                ErrorCode.NOT_FOUND,
                f"{self.product} does not offer {api} {method} ({words})",
                status=status,
                url=url,
            )
        if code == NO_PERMISSION:
            return IntegrationError(
                ErrorCode.FORBIDDEN,
                f"{self.product} denied the account {api} ({words}): {self.permission_hint}",
                status=status,
                url=url,
            )
        if code in SESSION_GONE:
            return IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"{self.product} refused the session ({words})",
                status=status,
                url=url,
            )
        return IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"{self.product} could not answer {api} {method} ({words})",
            status=status,
            url=url,
        )
