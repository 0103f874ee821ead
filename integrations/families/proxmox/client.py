"""The Proxmox API (Proxmox VE and Proxmox Backup Server): an API token header, or a ticket from
a username and password.

An API token travels as ``Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET`` (Backup Server:
``PBSAPIToken=USER@REALM!TOKENID:SECRET``) and needs no session. A password login
(``POST /access/ticket``) returns a ticket that is sent as the ``PVEAuthCookie``
(``PBSAuthCookie``) cookie and lives two hours; Proxmox answers 401 to an expired one, so a 401
means "log in again" (once). Write requests (actions) also need the ticket's CSRF token in the
``CSRFPreventionToken`` header: the session keeps both, and sends both with every request.
Proxmox puts its error text in the HTTP status line (``403 Permission check failed (/, Sys.Audit)``)
and ``{"data": null}`` in the body, so that text is what errors quote.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import ClassVar, TypeVar

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword, secret_values
from integrations.errors import (
    MAX_DETAIL_LENGTH,
    ErrorCode,
    IntegrationError,
    Meanings,
    upstream_detail,
)
from integrations.families.proxmox.definition import ProxmoxApiToken
from integrations.families.proxmox.models import Data, Ticket
from integrations.sessions import LoginRules

T = TypeVar("T")

API = "api2/json/"
TICKET_PATH = API + "access/ticket"
CSRF_HEADER = "CSRFPreventionToken"
SESSION_SEPARATOR = " "
"""Between the ticket and its CSRF token in the kept session (neither contains a space)."""
TICKET_LIFETIME = 2 * 3600.0


def reason(response: httpx.Response) -> str | None:
    """Proxmox's own error text from the status line, when it gave one."""
    text = response.reason_phrase.strip()
    try:
        standard = HTTPStatus(response.status_code).phrase
    except ValueError:
        standard = ""
    return text if text != standard else None


class ProxmoxApiClient(ServiceClient):
    """A Proxmox API client: a token header, or a ticket renewed once on 401; each product
    names itself, its cookie, its token scheme and the role that may read what it shows."""

    product: ClassVar[str]
    """How messages name the service: Proxmox VE, Proxmox Backup Server."""
    cookie: ClassVar[str]
    """The ticket's cookie: PVEAuthCookie, PBSAuthCookie."""
    token_scheme: ClassVar[str]
    """The Authorization scheme of an API token: PVEAPIToken, PBSAPIToken."""
    token_separator: ClassVar[str]
    """Between the token's id and its secret: "=" for VE, ":" for Backup Server."""
    reader_role: ClassVar[str]
    """The role that lets a user or token read the dashboard's data (on /)."""

    logs_in = LoginRules(keeps="token", ttl=TICKET_LIFETIME - 300.0)
    """A session a little shorter than a ticket's life, so no process adopts one about to
    expire."""

    # --- auth ------------------------------------------------------------------------------

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(ProxmoxApiToken)
        if token is not None:
            secret = token.secret.get_secret_value()
            value = f"{token.user}!{token.token_id}{self.token_separator}{secret}"
            return {"Authorization": f"{self.token_scheme}={value}"}
        if not self.session.token:
            return {}
        ticket, _, csrf = self.session.token.partition(SESSION_SEPARATOR)
        headers = {"Cookie": f"{self.cookie}={ticket}"}
        if csrf:  # a session kept before actions existed has none: a write gets 401 and renews
            headers[CSRF_HEADER] = csrf
        return headers

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, f"{self.product} needs credentials")
        form = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", TICKET_PATH, data=form)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code,
                response.url,
                self.detail(reason(response)),
                meanings=self.login_refusals(),
            )
        answer = self.parse(response, Data[Ticket]).data
        if answer.need_tfa or not answer.ticket:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"this {self.product} user has two-factor authentication, which a dashboard "
                "cannot answer: use an API token instead",
                status=response.status_code,
                url=response.url,
            )
        if not answer.csrf_token:
            return answer.ticket
        return f"{answer.ticket}{SESSION_SEPARATOR}{answer.csrf_token}"

    def login_refusals(self) -> Meanings:
        return {
            401: (
                ErrorCode.UNAUTHORIZED,
                f"{self.product} rejected the username or password (write the user with its "
                "realm, e.g. root@pam)",
            )
        }

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def detail(self, text: str | list[str] | None, *, limit: int = MAX_DETAIL_LENGTH) -> str:
        """As the base, with the ticket and its CSRF token each kept out on its own."""
        secrets = secret_values(self.config)
        if self.session.token:
            secrets = (*secrets, *self.session.token.split(SESSION_SEPARATOR))
        return upstream_detail(text, secrets=secrets, limit=limit)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        token = self.credentials_as(ProxmoxApiToken)
        if token is None:
            return f"{self.product} rejected the session right after a fresh login"
        return (
            f"{self.product} rejected the API token {token.user}!{token.token_id}: check the "
            "user, token ID and secret, and that the token has not expired"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        detail = self.detail(reason(response))
        return (
            f"{self.product} denied access: give the user or token the {self.reader_role} role "
            "on / (a privilege-separated token needs its own permissions)"
            + (f" ({detail})" if detail else "")
        )

    async def failure(self, response: httpx.Response) -> IntegrationError:
        """Any status but a refusal quotes Proxmox's reason (595 "no route to host", ...)."""
        error = await super().failure(response)
        if error.code in (ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN):
            return error
        return IntegrationError.for_status(
            response.status_code, response.url, self.detail(reason(response))
        )

    # --- reading and writing ---------------------------------------------------------------

    async def post(self, path: str, model: type[T]) -> T:
        """``POST /api2/json/<path>`` without parameters; its ``data`` as ``model``."""
        envelope: type[Data[T]] = Data[model]  # type: ignore[valid-type]
        response = await self.request("POST", API + path)
        return self.parse(response, envelope).data

    async def api(
        self,
        path: str,
        model: type[T],
        *,
        params: dict[str, str] | None = None,
    ) -> T:
        """``GET /api2/json/<path>``'s ``data`` as ``model``."""
        envelope: type[Data[T]] = Data[model]  # type: ignore[valid-type]
        return (await self.get_json(API + path, envelope, params=params)).data
