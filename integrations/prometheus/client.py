"""HTTP client for the Prometheus HTTP API v1.

Prometheus has no auth of its own; one in front of a reverse proxy usually asks for basic auth
or a bearer token, so the client sends whichever credential set is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import httpx
import msgspec
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError
from integrations.prometheus.models import (
    Answer,
    Envelope,
    InstantSample,
    QueryAnswer,
    SamplePair,
)

DataT = TypeVar("DataT")
AnswerT = TypeVar("AnswerT", bound=Answer)
STATUSES = ("success", "error")
NULL = msgspec.Raw(b"null")
PAIR: TypeAdapter[SamplePair] = TypeAdapter(SamplePair)

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
        self, path: str, model: type[DataT], *, params: Mapping[str, str] | None = None
    ) -> DataT:
        """The ``data`` of a successful answer as ``model``; an error answer raises
        ``IntegrationError``."""
        response = await self.request("GET", path, params=params, expect=ENVELOPE_STATUSES)

        def read() -> DataT:
            data = self._answer(response, Envelope).data
            if not data or data == NULL:
                raise _no_data(response)
            return self.parse(response, model, content=bytes(data))

        return await self.off_loop(response, read)

    async def query(self, promql: str, keep: int) -> tuple[str, list[InstantSample], int]:
        """An instant query's result type, the first ``keep`` samples of its result (a scalar
        is one sample without labels) and how many it holds. The samples past ``keep`` are
        never decoded, nor those of a matrix or a string, which Tilewire does not show."""
        params = {"query": promql}
        response = await self.request(
            "GET", "api/v1/query", params=params, expect=ENVELOPE_STATUSES
        )
        return await self.off_loop(response, lambda: self._query_result(response, keep))

    def _query_result(
        self, response: httpx.Response, keep: int
    ) -> tuple[str, list[InstantSample], int]:
        data = self._answer(response, QueryAnswer).data
        if data is None:
            raise _no_data(response)
        if data.result_type == "vector":
            every = self.decode(response, list[msgspec.Raw], data.result, at="data.result")
            kept = b"[" + b",".join(every[:keep]) + b"]"
            return "vector", self.parse(response, list[InstantSample], content=kept), len(every)
        if data.result_type == "scalar":
            pair = self.parse(response, PAIR, content=bytes(data.result))
            return "scalar", [InstantSample(metric={}, value=pair)], 1
        if data.result_type in ("matrix", "string"):
            return data.result_type, [], 0
        raise IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            "the response is not the JSON expected (resultType is none of vector, scalar, "
            "matrix, string): is the URL right and is this Prometheus?",
            status=response.status_code,
            url=response.url,
        )

    def _answer(self, response: httpx.Response, kind: type[AnswerT]) -> AnswerT:
        """The answer as ``kind``; an error answer, or another server's, raises."""
        status = response.status_code
        try:
            answer = self.decode(response, kind)
            if answer.status not in STATUSES:
                raise IntegrationError(
                    ErrorCode.INVALID_RESPONSE,
                    "the response is not the JSON expected (status is neither success nor "
                    "error): is the URL right and is this Prometheus?",
                    status=status,
                    url=response.url,
                )
        except IntegrationError:
            if status == 200:
                raise
            # Not Prometheus's envelope: a proxy's or another server's error page.
            raise IntegrationError.for_status(status, response.url) from None
        if answer.status == "success":
            if status != 200:
                raise IntegrationError.for_status(status, response.url)
            return answer
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

    def _clip(self, text: str | None) -> str:
        return self.detail(text, limit=MAX_DETAIL) or "no detail given"

    def _detail(self, envelope: Answer) -> str:
        return f"{envelope.error_type or 'error'}: {self._clip(envelope.error)}"


def _no_data(response: httpx.Response) -> IntegrationError:
    return IntegrationError(
        ErrorCode.INVALID_RESPONSE,
        "the response has no data: is the URL right and is this Prometheus?",
        status=response.status_code,
        url=response.url,
    )
