"""Zabbix's JSON-RPC API: an API token (Users, API tokens) as a bearer token; every answer is
HTTP 200 with ``result`` or ``error`` (a wrong token is ``-32602`` "Not authorized.", data
"Session terminated, re-login, please." in some versions)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError
from integrations.zabbix.models import Answer

T = TypeVar("T")

RPC_PATH = "api_jsonrpc.php"
NOT_AUTHORIZED = ("Not authorized", "Session terminated", "Not authorised")
TOKEN_REFUSED = (
    "Zabbix rejected the API token: create one under Users, API tokens (Zabbix 6.4 or later), "
    "for a user that may read the hosts whose problems you want"
)


class ZabbixClient(ServiceClient):
    """A Zabbix JSON-RPC client: the token header, errors unwrapped."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"} if token else {}

    async def rpc(self, method: str, params: dict[str, Any], model: type[T] | TypeAdapter[T]) -> T:
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
        headers = {"Content-Type": "application/json-rpc"}
        response = await self.request("POST", RPC_PATH, json=body, headers=headers)
        answer = self.parse(response, Answer)
        if answer.error is not None:
            text = f"{answer.error.message} {answer.error.data}"
            if any(marker in text for marker in NOT_AUTHORIZED):
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED, TOKEN_REFUSED, status=200, url=response.url
                )
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Zabbix refused {method}: {self.detail(text.strip())}",
                status=200,
                url=response.url,
            )
        return self.validate(response, answer.result, model)
