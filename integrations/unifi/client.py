"""The UniFi Network API: an API key in the ``X-API-KEY`` header, lists paged by offset.

The API lives under ``/proxy/network/integration/v1`` on UniFi OS consoles and under
``/integration/v1`` where the Network application is served without the UniFi OS proxy; the
client asks ``/v1/info`` under the first, then the second, and keeps the one that answers.
A missing or rejected key is answered with the shared error body (``code``
``api.authentication.*``), with HTTP 401; the documentation's own example pairs it with 400,
so both are read as UNAUTHORIZED.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient, together
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.unifi.definition import UnifiSettings
from integrations.unifi.models import AppInfo, ErrorMessage, Page

T = TypeVar("T")

API_KEY_HEADER = "X-API-KEY"
API_PREFIXES = ("proxy/network/integration/v1", "integration/v1")
PAGE_LIMIT = 200
"""The largest page the API serves."""
MAX_ITEMS = 5000
"""Items read from one list at most (25 pages)."""
AUTH_CODE_PREFIX = "api.authentication."

_ERROR: TypeAdapter[ErrorMessage] = TypeAdapter(ErrorMessage)


def _error_body(response: httpx.Response) -> ErrorMessage | None:
    try:
        return _ERROR.validate_json(response.content)
    except ValueError:
        return None


class UnifiClient(ServiceClient):
    """A UniFi Network API client authenticated by an API key."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.prefix: str | None = None
        """The API path found to answer (detected on first use)."""
        self._detect_lock = asyncio.Lock()

    @property
    def settings(self) -> UnifiSettings:
        extra = self.config.extra
        return extra if isinstance(extra, UnifiSettings) else UnifiSettings()

    api_key_header = API_KEY_HEADER

    async def call(
        self, path: str, *, params: Mapping[str, Any] | None = None, prefix: str | None = None
    ) -> httpx.Response:
        """``GET <prefix>/<path>``; a refused key is UNAUTHORIZED, other failures by status."""
        if prefix is None:
            prefix = await self.api_prefix()
        response = await self.request(
            "GET", f"{prefix}/{path}", params=params, expect=(200, 400, 401, 403, 404)
        )
        if response.status_code == 200:
            return response
        error = _error_body(response)
        if response.status_code == 401 or (
            error is not None and error.code.startswith(AUTH_CODE_PREFIX)
        ):
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "UniFi Network rejected the API key (create one under Settings > Control Plane "
                "> Integrations)",
                status=response.status_code,
                url=response.url,
            )
        raise IntegrationError.for_status(response.status_code, response.url)

    async def get(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, Any] | None = None,
    ) -> T:
        return self.parse(await self.call(path, params=params), model)

    async def api_prefix(self) -> str:
        """The API path of this console: detected once, by asking ``/v1/info``."""
        if self.prefix is None:
            async with self._detect_lock:
                if self.prefix is None:
                    self.prefix = await self._detect()
        return self.prefix

    async def _detect(self) -> str:
        for prefix in API_PREFIXES:
            try:
                response = await self.call("info", prefix=prefix)
            except IntegrationError as err:
                if err.code is ErrorCode.NOT_FOUND:
                    continue
                raise
            self.parse(response, AppInfo)  # a catch-all web page is not the Network API
            return prefix
        raise IntegrationError(
            ErrorCode.NOT_FOUND,
            "no UniFi Network API at this URL (neither /proxy/network/integration/v1 nor "
            "/integration/v1): use the console's address, and Network 9.0 or later",
            status=404,
            url=self.config.base_url,
        )

    async def info(self) -> AppInfo:
        return await self.get("info", AppInfo)

    async def everything(self, path: str, adapter: TypeAdapter[Page[T]]) -> tuple[list[T], int]:
        """Every item of a paged list (at most ``MAX_ITEMS``), and the list's full size."""
        first = await self.get(path, adapter, params={"offset": 0, "limit": PAGE_LIMIT})
        served = len(first.data)  # the page size the console actually serves
        wanted = min(first.total_count, MAX_ITEMS)
        offsets = range(served, wanted, served) if served else range(0)
        rest = await together(
            *(
                self.get(path, adapter, params={"offset": offset, "limit": PAGE_LIMIT})
                for offset in offsets
            )
        )
        items = list(first.data)
        for page in rest:
            items.extend(page.data)
        return items[:MAX_ITEMS], first.total_count
