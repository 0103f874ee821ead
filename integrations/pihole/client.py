"""Pi-hole's two APIs behind one client: the v6 REST API of pihole-FTL and v5's ``api.php``.

v6 logs in with the web password (or an app password) at ``POST /api/auth`` and sends the
session id as the ``X-FTL-SID`` header; the session lives while it is used and a 401 means
"log in again". Pi-hole keeps only a few API sessions (``webserver.api.max_sessions``, 16 by
default), so a session this client replaces or no longer needs is logged out
(``DELETE /api/auth``). A Pi-hole without a password answers the login with a valid session
and no sid. v5 takes the API token in the query string (``auth=``) and answers a call it does
not authorise with HTTP 200 and an empty array ``[]``; the token never reaches a message or a
log (errors carry URLs without their query string).

With ``apiVersion`` on ``auto`` the client asks ``GET /api/auth`` first: v6 is the current line,
that route needs no credentials (so a probe is never a failed login), and it answers 200 or 401
with a ``session`` object on every v6. Only then ``admin/api.php?version`` (v5's one route that
needs no token). The answer is kept for the client's life and looked for again if the API
disappears (Pi-hole upgraded in place).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal, TypeVar

import httpx
from pydantic import AnyHttpUrl, TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.pihole.definition import PiholeApiToken, PiholePassword, PiholeSettings
from integrations.pihole.models import V5ApiVersion, V6Auth, V6Error, V6ErrorDetail

T = TypeVar("T")
logger = logging.getLogger(__name__)

ApiVersion = Literal["6", "5"]
AUTH_PATH = "api/auth"
V5_API_PATH = "admin/api.php"
SID_HEADER = "X-FTL-SID"
LOGOUT_TIMEOUT = 2.0
"""Seconds a best-effort logout may take (on close it must not hold shutdown up)."""

_ANY_JSON: TypeAdapter[Any] = TypeAdapter(Any)


def without_admin(config: ServiceConfig) -> ServiceConfig:
    """The config with a trailing ``/admin`` (the web interface's URL, which people paste)
    taken off: both APIs live next to it, not under it."""
    base = config.base_url
    if not base.endswith("/admin"):
        return config
    return config.model_copy(update={"url": AnyHttpUrl(base.removesuffix("/admin") + "/")})


class PiholeClient(ServiceClient):
    """A Pi-hole client: v6 session or v5 token, and the API generation detected once."""

    session_ttl = 1800.0
    """Pi-hole v6's default session timeout (``webserver.session.timeout``)."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(without_admin(config), **kwargs)
        self.sid: str | None = None
        self.detected: ApiVersion | None = None
        """The API generation found by detection (``auto`` only)."""
        self._detect_lock = asyncio.Lock()

    @property
    def settings(self) -> PiholeSettings:
        extra = self.config.extra
        return extra if isinstance(extra, PiholeSettings) else PiholeSettings()

    # --- v6 session ------------------------------------------------------------------------

    def needs_session(self) -> bool:
        return isinstance(self.config.credentials, PiholePassword)

    def default_headers(self) -> dict[str, str]:
        return {SID_HEADER: self.sid} if self.sid else {}

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def export_session(self) -> bytes:
        return (self.sid or "").encode()

    def import_session(self, data: bytes) -> None:
        self.sid = data.decode() or None

    async def login(self) -> None:
        creds = self.credentials_as(PiholePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Pi-hole v6 needs its password")
        replaced, self.sid = self.sid, None
        if replaced is not None:
            await self.logout(replaced)  # frees its seat before this login takes one
        body = {"password": creds.password.get_secret_value()}
        response = await self.send("POST", AUTH_PATH, json=body)
        if response.status_code != 200:
            raise self._login_refused(response)
        session = self.parse(response, V6Auth).session
        if not session.valid:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Pi-hole rejected the password",
                status=response.status_code,
                url=response.url,
            )
        self.sid = session.sid

    def _login_refused(self, response: httpx.Response) -> IntegrationError:
        status, url = response.status_code, response.url
        error = v6_error(response)
        if status == 401:
            return IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Pi-hole rejected the password (use the web interface password or an app password)",
                status=status,
                url=url,
            )
        if status == 400 and error is not None and "2FA" in error.message:
            return IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "two-factor authentication is on for this Pi-hole: use an app password (Settings "
                "> Web interface / API > Configure app password) instead of the password",
                status=status,
                url=url,
            )
        if status == 429:
            if error is not None and error.key == "api_seats_exceeded":
                message = "Pi-hole has no free API session (webserver.api.max_sessions): log out "
                message += "other API clients or raise the limit"
            else:
                message = "Pi-hole is rate-limiting login attempts: try again in a while"
            return IntegrationError(ErrorCode.RATE_LIMITED, message, status=status, url=url)
        return IntegrationError.for_status(status, url)

    async def logout(self, sid: str) -> None:
        """End session ``sid`` on the Pi-hole; best effort, quickly, failures ignored."""
        try:
            async with asyncio.timeout(min(LOGOUT_TIMEOUT, self.config.timeout)):
                await self.send("DELETE", AUTH_PATH, headers={SID_HEADER: sid})
        except (IntegrationError, TimeoutError, httpx.HTTPError) as err:
            logger.debug("could not log out of Pi-hole: %s", type(err).__name__)

    async def aclose(self) -> None:
        sid, self.sid = self.sid, None
        if sid is not None:
            await self.logout(sid)
        await super().aclose()

    # --- API generation --------------------------------------------------------------------

    async def api_version(self) -> ApiVersion:
        """The generation to use, checked against the credentials (detected on first use)."""
        version = self.settings.api_version
        if version == "auto":
            if self.detected is None:
                async with self._detect_lock:
                    if self.detected is None:
                        self.detected = await self._detect()
            version = self.detected
        creds = self.config.credentials
        if version == "5" and isinstance(creds, PiholePassword):
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "this Pi-hole runs v5, whose API takes the API token (Settings > API > Show API "
                "token), not the password: choose the API token credentials",
            )
        if version == "6" and isinstance(creds, PiholeApiToken):
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "this Pi-hole runs v6, which has no API token: choose the password credentials "
                "(the web interface password or an app password)",
            )
        return version

    async def _detect(self) -> ApiVersion:
        v6 = await self.send("GET", AUTH_PATH)
        if v6.status_code >= 500:
            raise IntegrationError.for_status(v6.status_code, v6.url)
        if v6.status_code in (200, 401) and parses(self, v6, V6Auth):
            return "6"
        v5 = await self.send("GET", V5_API_PATH, params={"version": ""})
        if v5.status_code >= 500:
            raise IntegrationError.for_status(v5.status_code, v5.url)
        if v5.status_code == 200 and parses(self, v5, V5ApiVersion):
            return "5"
        if v6.status_code == 404 and v5.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                "neither Pi-hole's v6 API (/api) nor its v5 API (/admin/api.php) answers at this "
                "URL: is it the Pi-hole's address?",
                status=404,
                url=v6.url,
            )
        raise IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            "the answers to /api/auth and /admin/api.php are not Pi-hole's: is the URL right "
            "and is this Pi-hole?",
            status=v5.status_code,
            url=v6.url,
        )

    def _forget_on_not_found(self, err: IntegrationError) -> None:
        if err.code is ErrorCode.NOT_FOUND:
            self.detected = None  # upgraded or replaced in place: look again next time

    # --- reading ---------------------------------------------------------------------------

    async def v6(self, path: str, model: type[T], **params: str | int) -> T:
        """``GET /api/...`` as ``model``."""
        try:
            response = await self.request("GET", path, params=params or None, expect=(200, 401))
        except IntegrationError as err:
            self._forget_on_not_found(err)
            raise
        if response.status_code == 401:  # only without a password: with one, request() raises
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Pi-hole asks for a password: choose the password credentials",
                status=401,
                url=response.url,
            )
        return self.parse(response, model)

    async def v5(self, model: type[T], **params: str | int) -> T:
        """``GET admin/api.php?<params>`` (with the token when there is one) as ``model``."""
        creds = self.config.credentials
        query: dict[str, str | int] = dict(params)
        if isinstance(creds, PiholeApiToken):
            query["auth"] = creds.api_token.get_secret_value()
        # api.php keeps a PHP session cookie that stays authorised after one good token: send
        # none, so that every call proves the token again.
        self.http.cookies.clear()
        try:
            response = await self.request("GET", V5_API_PATH, params=query)
        except IntegrationError as err:
            self._forget_on_not_found(err)
            raise
        data = self.parse(response, _ANY_JSON)
        if data == [] or data == {}:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Pi-hole rejected the API token (it answers [] to a call it does not authorise)"
                if isinstance(creds, PiholeApiToken)
                else "Pi-hole has a password: use its API token (Settings > API > Show API token)",
                status=response.status_code,
                url=response.url,
            )
        if isinstance(data, dict) and data.get("FTLnotrunning"):
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                "Pi-hole's FTL engine is not running (check `pihole status` on the Pi-hole)",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, data, model)


def parses(client: ServiceClient, response: httpx.Response, model: type[Any]) -> bool:
    """Whether ``response`` is ``model``'s JSON."""
    try:
        client.parse(response, model)
    except IntegrationError:
        return False
    return True


def v6_error(response: httpx.Response) -> V6ErrorDetail | None:
    """The ``error`` object of a v6 error answer, None when it is not one."""
    try:
        return V6Error.model_validate_json(response.content).error
    except ValueError:
        return None
