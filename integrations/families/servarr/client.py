"""The Servarr API client Sonarr, Radarr, Lidarr and Readarr share: one API key in the
``X-Api-Key`` header, every route under ``/api/<version>``, and a check that the app answering
is the one configured.

The apps also take the key as the ``apikey`` query parameter; the header keeps it out of URLs.
A missing or wrong key is HTTP 401 with an empty body. Sonarr and Radarr serve API v3, Lidarr
and Readarr API v1, and each answers 404 under the other prefix; all four answer
``/system/status`` with their ``appName``, which is how a Radarr URL configured as Sonarr is
told apart from a wrong key or a wrong path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.servarr.definition import ServarrSettings
from integrations.families.servarr.models import SystemStatus

T = TypeVar("T")

API_KEY_HEADER = "X-Api-Key"
STATUS_PATH = "system/status"
API_VERSIONS = ("v3", "v1")
"""Every API generation a Servarr app serves (Sonarr and Radarr v3, Lidarr and Readarr v1)."""


class ServarrClient(ServiceClient):
    """A client of one Servarr app; subclasses name the app and its API generation."""

    app_name: ClassVar[str]
    """The ``appName`` the app reports in ``/system/status``."""
    api_version: ClassVar[str]

    @property
    def settings(self) -> ServarrSettings:
        extra = self.config.extra
        return extra if isinstance(extra, ServarrSettings) else ServarrSettings()

    api_key_header = API_KEY_HEADER

    def path(self, route: str, version: str | None = None) -> str:
        return f"api/{version or self.api_version}/{route}"

    async def call(
        self,
        route: str,
        *,
        params: Mapping[str, str | int] | None = None,
        expect: tuple[int, ...] = (200,),
        version: str | None = None,
    ) -> httpx.Response:
        """``GET /api/<version>/<route>``; a rejected key is UNAUTHORIZED, named as such."""
        response = await self.request(
            "GET", self.path(route, version), params=params, expect=(*expect, 401)
        )
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"{self.app_name} rejected the API key (HTTP 401): copy it from Settings > "
                "General > Security > API Key",
                status=401,
                url=response.url,
            )
        return response

    async def get(
        self,
        route: str,
        model: type[T] | TypeAdapter[T],
        params: Mapping[str, str | int] | None = None,
    ) -> T:
        """The JSON answer of ``GET /api/<version>/<route>`` as ``model``."""
        return self.parse(await self.call(route, params=params), model)

    async def system_status(self) -> SystemStatus:
        """``/system/status``, from the configured app: another app there is INVALID_RESPONSE,
        named, whichever API generation it serves."""
        response = await self.call(STATUS_PATH, expect=(200, 404))
        if response.status_code == 404:
            raise await self._other_app(response)
        status = self.parse(response, SystemStatus)
        if status.app_name is not None and status.app_name.lower() != self.app_name.lower():
            raise self._not_this_app(status, response)
        return status

    def _not_this_app(self, status: SystemStatus, response: httpx.Response) -> IntegrationError:
        return IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            f"this URL answers as {status.app_name} {status.version}, not {self.app_name}: "
            f"is the URL right, or is this App meant to be a {status.app_name} App?",
            status=response.status_code,
            url=response.url,
        )

    async def _other_app(self, missing: httpx.Response) -> IntegrationError:
        """What to report when this app's API generation is not served: another Servarr app
        if one answers under another generation, NOT_FOUND otherwise."""
        for version in API_VERSIONS:
            if version == self.api_version:
                continue
            response = await self.request(
                "GET", self.path(STATUS_PATH, version), expect=(200, 401, 404)
            )
            if response.status_code != 200:
                continue
            try:
                status = self.parse(response, SystemStatus)
            except IntegrationError:
                continue
            if status.app_name is not None:
                return self._not_this_app(status, response)
        return IntegrationError(
            ErrorCode.NOT_FOUND,
            f"no {self.app_name} API {self.api_version} at this URL (HTTP 404): is the base URL "
            f"right, including the URL base set in {self.app_name}'s Settings > General?",
            status=404,
            url=missing.url,
        )
