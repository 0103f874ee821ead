"""HTTP client for the Prometheus HTTP API v1.

Prometheus has no auth of its own; one in front of a reverse proxy usually asks for basic auth
or a bearer token, so the client sends whichever credential set is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError
from integrations.prometheus.models import Envelope

DataT = TypeVar("DataT")

ENVELOPE_STATUSES = (200, 400, 422, 500, 503)
"""HTTP statuses Prometheus answers with its JSON envelope; others come from elsewhere."""

REFUSED_QUERY = {
    "bad_data": "Prometheus rejected the query",
    "execution": "Prometheus could not evaluate the query",
}
"""Error types that mean the configured query (not the service) is at fault."""

MAX_DETAIL = 500
"""An execution error can list many series: more of it is quoted than of other services'."""


class PrometheusClient(ServiceClient):
    """Basic auth or a bearer token when configured (for a reverse proxy), none otherwise."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        bearer = self.credentials_as(BearerToken)
        if bearer is None:
            return {}
        return {"Authorization": f"Bearer {bearer.token.get_secret_value()}"}

    async def api(
        self,
        path: str,
        envelope: type[Envelope[DataT]],
        *,
        params: Mapping[str, str] | None = None,
    ) -> DataT:
        """The ``data`` of a successful answer; an error answer raises ``IntegrationError``."""
        response = await self.request("GET", path, params=params, expect=ENVELOPE_STATUSES)
        status = response.status_code
        if status == 200:
            answer = self.parse(response, envelope)
        else:
            try:
                answer = self.parse(response, envelope)
            except IntegrationError:
                # Not Prometheus's envelope: a proxy's or another server's error page.
                raise IntegrationError.for_status(status, response.url) from None
            if answer.status != "error":
                raise IntegrationError.for_status(status, response.url)
        if answer.status == "error":
            refused = REFUSED_QUERY.get(answer.error_type or "")
            if refused is not None and status in (400, 422):
                raise IntegrationError(
                    ErrorCode.INVALID_CONFIG,
                    f"{refused}: {self._clip(answer.error)}",
                    status=status,
                    url=response.url,
                )
            if status != 200:
                raise IntegrationError.for_status(status, response.url, self._detail(answer))
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"the service answered with an error ({self._detail(answer)}): is this Prometheus?",
                status=status,
                url=response.url,
            )
        if answer.data is None:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the response has no data: is the URL right and is this Prometheus?",
                status=status,
                url=response.url,
            )
        return answer.data

    def _clip(self, text: str | None) -> str:
        return self.detail(text, limit=MAX_DETAIL) or "no detail given"

    def _detail(self, envelope: Envelope[DataT]) -> str:
        return f"{envelope.error_type or 'error'}: {self._clip(envelope.error)}"
