"""The Omada Controller web API (v2): a login session of a cookie and a CSRF token.

Every path but ``GET /api/info`` starts with the controller's id (``omadacId``), which that
unauthenticated call gives (with the version); it is asked once and kept. The login
(``POST /{omadacId}/api/v2/login`` with the username and password) answers the CSRF token in
``result.token`` and the session in the ``TPOMADA_SESSIONID`` cookie; every later call sends
both, the token as ``Csrf-Token``. The session is kept as one value (the token and the login's
cookies, so that other processes can use it too) and the cookies are sent from it, not from the
client's jar.

The controller answers errors with HTTP 200 and a non-zero ``errorCode``: -30109 for a wrong
username or password, -1200 for a request without a (live) session, -1005 and -1505 for an
account not allowed to do or see something, -1600 for a path this controller does not have.
A session that ended (``errorCode`` -1200, -44108 or -44109, a 401 or 403, or the login page
where JSON was asked for) is replaced by one new login, once.
"""

from __future__ import annotations

import asyncio
import json
import re
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import httpx
from pydantic import AnyHttpUrl

from integrations.base import ServiceClient
from integrations.config import ServiceConfig, UsernamePassword, secret_values
from integrations.errors import MAX_DETAIL_LENGTH, ErrorCode, IntegrationError, upstream_detail
from integrations.omada.definition import OmadaSettings
from integrations.omada.models import Answer, ControllerInfo, LoginResult, Site, SitePage
from integrations.optional import Unsupported
from integrations.sessions import LoginRules

T = TypeVar("T")

INFO_PATH = "api/info"
CSRF_HEADER = "Csrf-Token"
WRONG_CREDENTIALS = -30109
"""``errorCode`` of a login with a wrong username or password."""
WRONG_CREDENTIALS_MESSAGE = (
    "Omada rejected the username or password (use a local account of the controller)"
)
SESSION_ENDED = frozenset({-1200, -44108, -44109})
"""``errorCode`` of a call without a live session: not logged in (-1200), and the Open API
guide's general "CSRF token is invalid" (-44108) and "session id is invalid" (-44109)."""
NOT_ALLOWED = frozenset({-1005, -1505})
"""``errorCode`` of "Operation forbidden" (-1005) and "the current user does not have
permissions to access this site" (-1505)."""
NO_SUCH_PATH = frozenset({-1600})
"""``errorCode`` of "Unsupported request path": this controller version has no such call."""
PAGE_SIZE = 100
"""Sites asked for per page when looking one up."""
MAX_PAGES = 10
"""Pages of sites read at most (1000 sites when looking one up by name)."""
MAX_SESSION_COOKIES = 8
MAX_COOKIE_CHARS = 4096
CONTROLLER_PATH = re.compile(r"/[0-9a-fA-F]{32}(/login)?/?$")
"""The end of a URL copied from the controller's web interface (``/{omadacId}/``, maybe
``/login``): the API lives next to it, not under it."""


def without_controller_path(config: ServiceConfig) -> ServiceConfig:
    """The config with a trailing ``/{omadacId}`` (or ``/{omadacId}/login``) taken off."""
    base = config.base_url
    trimmed = CONTROLLER_PATH.sub("", base)
    if trimmed == base:
        return config
    return config.model_copy(update={"url": AnyHttpUrl(trimmed + "/")})


def session_cookies(response: httpx.Response) -> dict[str, str]:
    """The cookies the login answer sets (TPOMADA_SESSIONID among them), read from its
    ``Set-Cookie`` headers rather than through a cookie policy: a controller at an IP address
    or with ``Secure`` cookies over http is still served."""
    found: dict[str, str] = {}
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            continue
        for name, morsel in jar.items():
            if len(found) < MAX_SESSION_COOKIES and len(morsel.value) <= MAX_COOKIE_CHARS:
                found[name] = morsel.value
    return found


def encode_session(token: str, cookies: dict[str, str]) -> str:
    return json.dumps({"token": token, "cookies": cookies}, separators=(",", ":"))


def decode_session(kept: str | None) -> tuple[str, dict[str, str]] | None:
    """The CSRF token and cookies of a kept session; None without one (or a damaged one,
    which the next refusal replaces)."""
    if not kept:
        return None
    try:
        data = json.loads(kept)
        token, cookies = data["token"], data["cookies"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(token, str) or not isinstance(cookies, dict):
        return None
    return token, {str(k): str(v) for k, v in cookies.items()}


class OmadaClient(ServiceClient):
    """An Omada Controller web API client: the controller id found once, a login session."""

    logs_in = LoginRules(keeps="token", ttl=1800.0, failure_hold=300.0)
    """The session (CSRF token and cookies) is shared for half an hour at most; a controller
    that ends it sooner says so and gets one new login."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(without_controller_path(config), **kwargs)
        self.controller_info: ControllerInfo | None = None
        """``GET /api/info``'s answer, asked once (and again after a 404)."""
        self.chosen_site: Site | None = None
        """The site the overview shows, looked up once (and again after a failure)."""
        self._info_lock = asyncio.Lock()
        self._site_lock = asyncio.Lock()

    @property
    def settings(self) -> OmadaSettings:
        extra = self.config.extra
        return extra if isinstance(extra, OmadaSettings) else OmadaSettings()

    # --- session ---------------------------------------------------------------------------

    def default_headers(self) -> dict[str, str]:
        kept = decode_session(self.session.token)
        if kept is None:
            return {}
        token, cookies = kept
        headers = {CSRF_HEADER: token}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return headers

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Omada needs a username and password")
        controller = await self.controller()
        self.http.cookies.clear()  # the session travels in default_headers, not in the jar
        body = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", f"{controller.omadac_id}/api/v2/login", json=body)
        self.http.cookies.clear()
        if response.status_code != 200:
            raise await self.failure(response)
        answer = self.parse(response, Answer)
        if answer.error_code != 0:
            raise self._login_refused(response, answer)
        token = self.validate(response, answer.result, LoginResult).token
        return encode_session(token, session_cookies(response))

    def _login_refused(self, response: httpx.Response, answer: Answer) -> IntegrationError:
        said = self.detail(answer.msg)
        if answer.error_code == WRONG_CREDENTIALS:
            message = WRONG_CREDENTIALS_MESSAGE
        else:
            quoted = f"errorCode {answer.error_code}" + (f": {said}" if said else "")
            message = f"Omada refused the login ({quoted})"
        return IntegrationError(
            ErrorCode.UNAUTHORIZED, message, status=response.status_code, url=response.url
        )

    def session_expired(self, response: httpx.Response) -> bool:
        if super().session_expired(response):
            return True
        if response.status_code != 200:
            return False
        if response.headers.get("content-type", "").startswith("text/html"):
            return True  # the login page, served where JSON was asked for
        answer = self.try_parse(response, Answer)
        return answer is not None and answer.error_code in SESSION_ENDED

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return WRONG_CREDENTIALS_MESSAGE

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Omada does not let this account read the site (give it at least the Viewer role)"

    def detail(self, text: str | list[str] | None, *, limit: int = MAX_DETAIL_LENGTH) -> str:
        """As the base, with the CSRF token and each session cookie kept out on their own."""
        secrets = list(secret_values(self.config))
        kept = decode_session(self.session.token)
        if kept is not None:
            token, cookies = kept
            secrets += [token, *cookies.values()]
        return upstream_detail(text, secrets=secrets, limit=limit)

    # --- reading ---------------------------------------------------------------------------

    async def controller(self) -> ControllerInfo:
        """The controller's id and version (``GET /api/info``, no login), asked once."""
        if self.controller_info is None:
            async with self._info_lock:
                if self.controller_info is None:
                    response = await self.send("GET", INFO_PATH)
                    if response.status_code != 200:
                        raise await self.failure(response)
                    self.controller_info = self.result(response, ControllerInfo)
        return self.controller_info

    def result(self, response: httpx.Response, model: type[T]) -> T:
        """The envelope's ``result`` as ``model``; a non-zero ``errorCode`` is raised as what
        it means."""
        answer = self.parse(response, Answer)
        if answer.error_code != 0:
            raise self._refused(response, answer)
        return self.validate(response, answer.result, model)

    def _refused(self, response: httpx.Response, answer: Answer) -> IntegrationError:
        code, said = answer.error_code, self.detail(answer.msg)
        quoted = f"errorCode {code}" + (f": {said}" if said else "")
        status, url = response.status_code, response.url
        if code in NOT_ALLOWED:
            return IntegrationError(
                ErrorCode.FORBIDDEN,
                f"Omada does not let this account do this ({quoted}): give it access to the "
                "site, at least with the Viewer role",
                status=status,
                url=url,
            )
        if code in NO_SUCH_PATH:
            return Unsupported(
                ErrorCode.NOT_FOUND,
                f"this Omada Controller has no such call ({quoted})",
                status=status,
                url=url,
            )
        if code in SESSION_ENDED:
            return IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"Omada asks for a login ({quoted})",
                status=status,
                url=url,
            )
        return IntegrationError(
            ErrorCode.UPSTREAM_ERROR, f"Omada answered {quoted}", status=status, url=url
        )

    async def api(self, path: str, model: type[T], **params: str | int) -> T:
        """``GET /{omadacId}/api/v2/<path>``'s ``result`` as ``model`` (logged in)."""
        controller = await self.controller()
        try:
            response = await self.request(
                "GET", f"{controller.omadac_id}/api/v2/{path}", params=params or None
            )
        except IntegrationError as err:
            if err.code is ErrorCode.NOT_FOUND:
                self.controller_info = None  # reinstalled or replaced: ask for its id again
            raise
        return self.result(response, model)

    async def list_sites(self, limit: int, *, looking_for: str = "") -> tuple[list[Site], int]:
        """The sites this account sees, in the controller's order, at most ``limit`` (read
        page by page, stopping at a site matching ``looking_for``), and how many there are."""
        size = min(PAGE_SIZE, limit)
        sites: list[Site] = []
        total = 0
        for page in range(1, MAX_PAGES + 1):
            got = await self.api("sites", SitePage, currentPage=page, currentPageSize=size)
            total = got.total_rows
            sites.extend(got.data)
            if looking_for and matching(got.data, looking_for) is not None:
                break
            if not got.data or len(sites) >= min(total, limit):
                break
        return sites[:limit], total

    async def find_site(self) -> tuple[Site, int]:
        """The configured site (or the first one) and how many sites there are."""
        wanted = self.settings.site.strip()
        sites, total = await self.list_sites(
            PAGE_SIZE * MAX_PAGES if wanted else 1, looking_for=wanted
        )
        if not wanted:
            if not sites:
                raise IntegrationError(
                    ErrorCode.NOT_FOUND,
                    "Omada lists no site this account can see",
                    url=self.config.base_url,
                )
            return sites[0], total
        found = matching(sites, wanted)
        if found is None:
            names = ", ".join(site.name for site in sites[:10]) or "none"
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"Omada has no site {wanted!r} that this account can see (sites: {names})",
                url=self.config.base_url,
            )
        return found, total

    async def site(self) -> Site:
        """The site the overview shows, looked up once."""
        if self.chosen_site is None:
            async with self._site_lock:
                if self.chosen_site is None:
                    self.chosen_site, _ = await self.find_site()
        return self.chosen_site


def matching(sites: list[Site], wanted: str) -> Site | None:
    """The site named ``wanted`` (exactly, else ignoring case), or whose id it is."""
    folded = wanted.casefold()
    exact = [site for site in sites if site.name == wanted]
    folded_names = [site for site in sites if site.name.casefold() == folded]
    ids = [site for site in sites if site.id == wanted]
    found = exact or folded_names or ids
    return found[0] if found else None
