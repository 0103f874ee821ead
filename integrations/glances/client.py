"""Glances' REST API: optional HTTP basic auth, and which API generation the server speaks.

Glances 4.x serves only ``/api/4`` and Glances 3.x only ``/api/3`` (each answers 404 to the
other). With ``apiVersion`` on ``auto`` the client asks ``/api/4/status`` first (the current
line, and the one v4 route that needs no credentials), then ``/api/3/status``, and remembers the
answer for as long as it lives. A route that later answers 404 (Glances upgraded or downgraded
in place) makes it look again, once per request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.glances.definition import GlancesSettings
from integrations.glances.models import Help, Status

T = TypeVar("T")

ApiVersion = Literal["4", "3"]
PROBE_ORDER: tuple[ApiVersion, ...] = ("4", "3")
UNKNOWN_PLUGIN = "Unknown plugin"
"""How both generations refuse a plugin that is disabled or does not exist (HTTP 400; JSON from
4.x, an HTML page from 3.x). A 404 means the route itself is missing."""
HELP_VERSION_PREFIX = "Glances "
UNCOMPRESSED = {"Accept-Encoding": "identity"}


def unknown_plugin(response: httpx.Response) -> bool:
    return response.status_code in (400, 404) and UNKNOWN_PLUGIN in response.text


class GlancesClient(ServiceClient):
    """A Glances REST client: basic auth when configured, API generation detected once."""

    basic_auth = True

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.detected: ApiVersion | None = None
        """The API generation found by detection (``auto`` only)."""
        self._detect_lock = asyncio.Lock()

    @property
    def settings(self) -> GlancesSettings:
        extra = self.config.extra
        return extra if isinstance(extra, GlancesSettings) else GlancesSettings()

    async def call(
        self,
        path: str,
        *,
        expect: tuple[int, ...] = (200,),
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """A GET with the configured credentials; a 401 is UNAUTHORIZED."""
        try:
            return await self.request("GET", path, expect=expect, headers=headers)
        except IntegrationError as err:
            if err.code is ErrorCode.UNAUTHORIZED and self.auth() is None:
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED,
                    "Glances asks for a username and password (HTTP 401): it runs with --password",
                    status=err.status,
                    url=err.url,
                ) from None
            raise

    async def status(
        self, version: ApiVersion, *, expect: tuple[int, ...] = (200,)
    ) -> httpx.Response:
        """``/api/<version>/status``, uncompressed: Glances 3.3 answers it with a 500 to any
        request that accepts deflate (it compresses an empty body and fails)."""
        return await self.call(f"api/{version}/status", expect=expect, headers=UNCOMPRESSED)

    # --- API generation --------------------------------------------------------------------

    async def api_version(self) -> ApiVersion:
        """The configured generation, or the detected one (detected on first use)."""
        configured = self.settings.api_version
        if configured != "auto":
            return configured
        if self.detected is None:
            async with self._detect_lock:
                if self.detected is None:
                    self.detected = await self._detect()
        return self.detected

    async def _detect(self) -> ApiVersion:
        for version in PROBE_ORDER:
            response = await self.status(version, expect=(200, 404))
            if response.status_code == 404:
                continue
            # A catch-all web server answers 200 to any path: make sure this is Glances.
            if version == "4":
                self.parse(response, Status)
            elif response.text.lstrip().startswith("<"):
                raise IntegrationError(
                    ErrorCode.INVALID_RESPONSE,
                    "the answer to /api/3/status is an HTML page: is the URL right and is this "
                    "Glances?",
                    status=response.status_code,
                    url=response.url,
                )
            return version
        raise IntegrationError(
            ErrorCode.NOT_FOUND,
            "neither Glances REST API v4 nor v3 answers at this URL: is the base URL right, and "
            "is Glances running as a web server (glances -w)?",
            status=404,
            url=response.url,
        )

    def _forget(self, version: ApiVersion) -> bool:
        """Drop a detected generation that stopped answering; whether detection may help."""
        if self.settings.api_version != "auto":
            return False
        if self.detected == version:
            self.detected = None
        return True

    # --- reading ---------------------------------------------------------------------------

    async def server_version(self) -> str:
        """The Glances version the server reports (``4.5.8``, ``3.3.1.1``)."""
        if await self.api_version() == "4":
            return self.parse(await self.status("4"), Status).version
        text = self.parse(await self.call("api/3/help"), Help).version
        return text.removeprefix(HELP_VERSION_PREFIX).strip()

    async def plugin(self, name: str, model: type[T] | TypeAdapter[T]) -> T:
        """One plugin's stats as ``model``; a disabled plugin is NOT_FOUND."""
        response = await self._fetch(name)
        if unknown_plugin(response):
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"the Glances plugin {name!r} is disabled on this server: enable it again "
                "(--disable-plugin option or glances.conf)",
                status=response.status_code,
                url=response.url,
            )
        return self.parse(response, model)

    async def optional_plugin(self, name: str, model: type[T] | TypeAdapter[T]) -> T | None:
        """One plugin's stats as ``model``, or None when the plugin is disabled."""
        response = await self._fetch(name)
        return None if unknown_plugin(response) else self.parse(response, model)

    async def _fetch(self, name: str) -> httpx.Response:
        """A plugin's answer: 200, or Glances' refusal of an unknown plugin."""
        version = await self.api_version()
        response = await self._plugin(version, name)
        if response.status_code == 404 and not unknown_plugin(response) and self._forget(version):
            renewed = await self.api_version()
            if renewed != version:
                response = await self._plugin(renewed, name)
        if response.status_code != 200 and not unknown_plugin(response):
            raise IntegrationError.for_status(response.status_code, response.url)
        return response

    async def _plugin(self, version: ApiVersion, name: str) -> httpx.Response:
        return await self.call(f"api/{version}/{name}", expect=(200, 400, 404))
