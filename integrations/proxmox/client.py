"""Proxmox VE's API: an API token header, or a ticket from a username and password.

An API token travels as ``Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET`` and needs no
session. A password login (``POST /access/ticket``) returns a ticket that is sent as the
``PVEAuthCookie`` cookie and lives two hours; Proxmox answers 401 to an expired one, so a 401
means "log in again" (once). Write requests would also need the CSRF token: Tilewire only reads.
Proxmox puts its error text in the HTTP status line (``403 Permission check failed (/, Sys.Audit)``)
and ``{"data": null}`` in the body, so that text is what errors quote.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, TypeVar

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.proxmox.definition import ProxmoxApiToken
from integrations.proxmox.models import Data, Ticket

T = TypeVar("T")

API = "api2/json/"
TICKET_PATH = API + "access/ticket"
COOKIE = "PVEAuthCookie"
MAX_REASON_LENGTH = 160
TICKET_LIFETIME = 2 * 3600.0
ANY_STATUS = tuple(range(100, 600))
"""Every status is looked at here, to quote Proxmox's reason (595 "no route to host", ...)."""


def reason(response: httpx.Response) -> str:
    """Proxmox's own error text from the status line, when it gave one."""
    text = response.reason_phrase.strip()
    try:
        standard = HTTPStatus(response.status_code).phrase
    except ValueError:
        standard = ""
    if not text or text == standard or len(text) > MAX_REASON_LENGTH:
        return ""
    return text


class ProxmoxClient(ServiceClient):
    """A Proxmox VE API client: a token header, or a ticket renewed once on 401."""

    uses_session = True
    session_ttl = TICKET_LIFETIME - 300.0
    """A little less than a ticket's life, so no process adopts one about to expire."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ticket: str | None = None

    # --- auth ------------------------------------------------------------------------------

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(ProxmoxApiToken)
        if token is not None:
            value = f"{token.user}!{token.token_id}={token.secret.get_secret_value()}"
            return {"Authorization": f"PVEAPIToken={value}"}
        return {"Cookie": f"{COOKIE}={self.ticket}"} if self.ticket else {}

    async def login(self) -> None:
        self.ticket = None
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Proxmox VE needs credentials")
        form = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", TICKET_PATH, data=form)
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Proxmox VE rejected the username or password (write the user with its realm, "
                "e.g. root@pam)",
                status=401,
                url=response.url,
            )
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url, reason(response))
        answer = self.parse(response, Data[Ticket]).data
        if answer.need_tfa or not answer.ticket:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "this Proxmox VE user has two-factor authentication, which a dashboard cannot "
                "answer: use an API token instead",
                status=response.status_code,
                url=response.url,
            )
        self.ticket = answer.ticket

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def export_session(self) -> bytes:
        return (self.ticket or "").encode()

    def import_session(self, data: bytes) -> None:
        self.ticket = data.decode() or None

    # --- reading ---------------------------------------------------------------------------

    async def api(
        self,
        path: str,
        model: type[T],
        *,
        params: dict[str, str] | None = None,
    ) -> T:
        """``GET /api2/json/<path>``'s ``data`` as ``model``; refusals say why."""
        response = await self.request("GET", API + path, params=params, expect=ANY_STATUS)
        if response.status_code == 401:
            raise self._unauthorized(response)
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Proxmox VE denied access: give the user or token the PVEAuditor role on / "
                "(a privilege-separated token needs its own permissions)"
                + (f" ({reason(response)})" if reason(response) else ""),
                status=403,
                url=response.url,
            )
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url, reason(response))
        envelope: type[Data[T]] = Data[model]  # type: ignore[valid-type]
        return self.parse(response, envelope).data

    def _unauthorized(self, response: httpx.Response) -> IntegrationError:
        token = self.credentials_as(ProxmoxApiToken)
        if token is not None:
            message = (
                f"Proxmox VE rejected the API token {token.user}!{token.token_id}: check the "
                "user, token ID and secret, and that the token has not expired"
            )
        else:
            message = "Proxmox VE rejected the session right after a fresh login"
        return IntegrationError(ErrorCode.UNAUTHORIZED, message, status=401, url=response.url)
