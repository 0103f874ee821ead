"""UrBackup Server's web interface API: ``POST /x?a=<action>`` with a form body, a session id
(``ses``) in that body, JSON answers, always HTTP 200.

The login is the web interface's own (``urbackupserver/www/js/urbackup.js``, ``login1`` and
``login2``; checked by ``Helper::checkPassword`` in ``urbackupserver/serverinterface``):

1. ``a=salt`` with ``username`` opens a session (``ses``) and answers the user's ``salt``,
   ``pbkdf2_rounds`` and a one-time ``rnd``;
2. the client hashes: ``h = md5_hex(salt + password)``; when ``pbkdf2_rounds > 0``,
   ``h = hex(PBKDF2-HMAC-SHA256(bytes.fromhex(h), salt, pbkdf2_rounds, 32 bytes))``; then
   ``md5_hex(rnd + h)``;
3. ``a=login`` with ``username``, that hash as ``password`` and ``ses`` logs the session in.

A server without any user account logs anyone in: ``a=login`` without a username answers
``success`` and a new ``session``. Sessions end after 30 minutes unused (or on a restart), after
which every action answers ``{"error": 1}``: that is the "log in again" signal. Failed logins
lock an address out for 10 minutes after more than 10 in 40 seconds (``error: 3``).

Neither the password, its hashes nor the session id is ever in a URL: they travel in the body.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pydantic import AnyHttpUrl

from integrations.base import ServiceClient
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.sessions import LoginRules
from integrations.urbackup.definition import UrBackupAccount
from integrations.urbackup.models import Login, Salt

T = TypeVar("T")

API_PATH = "x"
"""The one path of the API; the action is the query's ``a``."""
SESSION_FIELD = "ses"
NO_SESSION = 1
"""``error`` of every action for a session the server does not know."""
NO_SUCH_USER = 0
WRONG_PASSWORD = 2
LOCKED_OUT = 3
NO_RIGHTS = "none"


def login_hash(password: str, salt: str, rounds: int, rnd: str) -> str:
    """The ``password`` the web interface sends to ``a=login`` (see the module docstring)."""
    # MD5 because UrBackup's protocol prescribes it (the PBKDF2 rounds are what protect the
    # stored hash); usedforsecurity=False keeps FIPS-mode Pythons from refusing it.
    digest = hashlib.md5((salt + password).encode(), usedforsecurity=False).hexdigest()
    if rounds > 0:
        derived = hashlib.pbkdf2_hmac("sha256", bytes.fromhex(digest), salt.encode(), rounds)
        digest = derived.hex()
    return hashlib.md5((rnd + digest).encode(), usedforsecurity=False).hexdigest()


def without_action_path(config: ServiceConfig) -> ServiceConfig:
    """The config with a trailing ``/x`` (the API's path, which people paste) taken off."""
    base = config.base_url
    if not base.endswith("/x"):
        return config
    return config.model_copy(update={"url": AnyHttpUrl(base.removesuffix("/x") + "/")})


class UrBackupClient(ServiceClient):
    """A client of UrBackup Server's web interface API: a salted login (or an anonymous one)
    whose session id is sent in every request's body, renewed once when the server has
    forgotten it."""

    logs_in = LoginRules(keeps="token", ttl=1800.0, failure_hold=300.0)
    """The token is the session id; the server forgets a session unused for 30 minutes. A
    rejected login is not retried for 5 minutes: UrBackup locks an address out for 10 after
    more than 10 failures."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(without_action_path(config), **kwargs)

    # --- sending -------------------------------------------------------------------------

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
        """One exchange; an API call carries the current session id in its form body (read
        here, at sending, so that a call resent after a new login carries the new one)."""
        token = self.session.token
        if path == API_PATH and data is not None and token and SESSION_FIELD not in data:
            data = {**data, SESSION_FIELD: token}
        return await super().send(
            method,
            path,
            params=params,
            json=json,
            data=data,
            content=content,
            headers=headers,
            auth=auth,
        )

    async def action(self, name: str, model: type[T], **fields: str) -> T:
        """``POST /x?a=<name>`` with ``fields`` (and the session); the answer as ``model``."""
        response = await self.request("POST", API_PATH, params={"a": name}, data=fields)
        return self.parse(response, model)

    def session_expired(self, response: httpx.Response) -> bool:
        if response.status_code != 200:
            return False
        try:
            data = json.loads(response.content)
        except ValueError:
            return False
        return isinstance(data, dict) and data.get("error") == NO_SESSION

    def unauthorized_hint(self, response: httpx.Response) -> str | None:
        # UrBackup answers 200 to everything: a 401/403 comes from a proxy in front of it.
        return (
            f"the web server in front of UrBackup refused the request (HTTP "
            f"{response.status_code}): Tilewire logs in to UrBackup itself, not to a proxy"
        )

    # --- login ---------------------------------------------------------------------------

    async def login(self) -> str:
        account = self.credentials_as(UrBackupAccount)
        if account is None:
            return await self._anonymous_login()
        response, salt = await self._login_step("salt", Salt, {"username": account.username})
        if salt.error == LOCKED_OUT:
            raise locked_out(response)
        if salt.error == NO_SUCH_USER:
            raise refused(
                response,
                "UrBackup has no user of that name (a server without any user account takes "
                "the anonymous login instead)",
            )
        if salt.error is not None or not salt.ses or salt.salt is None:
            raise not_urbackup(response, "salt")
        password = login_hash(
            account.password.get_secret_value(), salt.salt, salt.pbkdf2_rounds, salt.rnd or ""
        )
        fields = {"username": account.username, "password": password, SESSION_FIELD: salt.ses}
        response, answer = await self._login_step("login", Login, fields)
        check_login(response, answer, anonymous=False)
        return salt.ses

    async def _anonymous_login(self) -> str:
        response, answer = await self._login_step("login", Login, {})
        check_login(response, answer, anonymous=True)
        if not answer.session:
            raise not_urbackup(response, "login")
        return answer.session

    async def _login_step(
        self, action: str, model: type[T], fields: dict[str, str]
    ) -> tuple[httpx.Response, T]:
        response = await self.send("POST", API_PATH, params={"a": action}, data=fields)
        if response.status_code != 200:
            raise await self.failure(response)
        return response, self.parse(response, model)


def error_of(response: httpx.Response, code: ErrorCode, message: str) -> IntegrationError:
    return IntegrationError(code, message, status=response.status_code, url=response.url)


def refused(response: httpx.Response, message: str) -> IntegrationError:
    return error_of(response, ErrorCode.UNAUTHORIZED, message)


def locked_out(response: httpx.Response) -> IntegrationError:
    return error_of(
        response,
        ErrorCode.RATE_LIMITED,
        "UrBackup locked this address out after too many failed logins (for 10 minutes)",
    )


def not_urbackup(response: httpx.Response, action: str) -> IntegrationError:
    return error_of(
        response,
        ErrorCode.INVALID_RESPONSE,
        f"the answer to a={action} is not UrBackup's: is this UrBackup Server's web interface "
        "(port 55414)?",
    )


def check_login(response: httpx.Response, answer: Login, *, anonymous: bool) -> None:
    """Raise what a login answer that is no success means."""
    if answer.creating_filescache:
        raise error_of(
            response, ErrorCode.UPSTREAM_ERROR, "UrBackup is starting: it builds its file index"
        )
    if answer.upgrading_database:
        steps = ""
        if answer.curr_db_version is not None and answer.target_db_version is not None:
            steps = f" (version {answer.curr_db_version} to {answer.target_db_version})"
        message = f"UrBackup is starting: it upgrades its database{steps}"
        raise error_of(response, ErrorCode.UPSTREAM_ERROR, message)
    if answer.error == LOCKED_OUT:
        raise locked_out(response)
    if answer.error == WRONG_PASSWORD:
        raise refused(response, "UrBackup rejected the password")
    if answer.error is not None:
        raise error_of(
            response,
            ErrorCode.UPSTREAM_ERROR,
            f"UrBackup dropped the login session (error {answer.error}): try again",
        )
    if answer.success is not True:
        if not anonymous:
            raise not_urbackup(response, "login")
        raise refused(
            response,
            "UrBackup has user accounts"
            + (" and LDAP" if answer.ldap_enabled else "")
            + ": choose the username and password credentials",
        )
    if answer.status == NO_RIGHTS:
        raise error_of(
            response,
            ErrorCode.FORBIDDEN,
            "this UrBackup user may not see the status page: give it the status right "
            "(Settings > Users)",
        )
