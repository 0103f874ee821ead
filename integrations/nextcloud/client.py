"""The serverinfo OCS API: one info call, authorised by the serverinfo token or an admin login.

serverinfo accepts the token set with ``occ config:app:set serverinfo token --value <token>``
in the ``NC-Token`` header, or else the request's user if it is an admin (HTTP basic auth with
an app password). Anything else is answered HTTP 401 with an OCS envelope whose
``meta.status`` is ``failure``: a wrong token, a wrong password and a user who is not an admin
all look the same, so the message names every cause. Nextcloud slows down and finally refuses
(429) an address that fails too often (brute-force protection).
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.nextcloud.definition import NextcloudSettings, NextcloudToken
from integrations.nextcloud.models import Envelope, Info, InfoAnswer

INFO_PATH = "ocs/v2.php/apps/serverinfo/api/v1/info"
TOKEN_HEADER = "NC-Token"
OCS_HEADERS = {"OCS-APIRequest": "true"}
OCS_OK = "ok"
OCS_UNAUTHORIZED = frozenset({401, 997})
"""OCS status codes of a refused login (997 is OCS v1's "not logged in")."""
OCS_FORBIDDEN = frozenset({403, 996})


class NextcloudClient(ServiceClient):
    """A serverinfo client: the NC-Token header, or basic auth of an admin user."""

    basic_auth = True

    @property
    def settings(self) -> NextcloudSettings:
        extra = self.config.extra
        return extra if isinstance(extra, NextcloudSettings) else NextcloudSettings()

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(NextcloudToken)
        if creds is None:
            return dict(OCS_HEADERS)
        return {**OCS_HEADERS, TOKEN_HEADER: creds.token.get_secret_value()}

    def _refused(self, response: httpx.Response) -> IntegrationError:
        if self.credentials_as(NextcloudToken) is not None:
            message = (
                "Nextcloud rejected the serverinfo token (NC-Token): check it against "
                "`occ config:app:get serverinfo token`"
            )
        else:
            message = (
                "Nextcloud rejected the login, or the user is not an admin: serverinfo answers "
                "admins only (use an app password if two-factor login is on)"
            )
        return IntegrationError(
            ErrorCode.UNAUTHORIZED, message, status=response.status_code, url=response.url
        )

    async def info(self, *, apps: bool = False) -> Info:
        """The serverinfo data; ``apps`` asks for installed apps and app store updates too
        (the server then queries the app store, so it is slower)."""
        params = {
            "format": "json",
            "skipApps": "false" if apps else "true",
            "skipUpdate": "true",
        }
        response = await self.request("GET", INFO_PATH, params=params, expect=(200, 401))
        if response.status_code == 401:
            raise self._refused(response)
        meta = self.parse(response, Envelope).ocs.meta
        if meta.status != OCS_OK:
            if meta.statuscode in OCS_UNAUTHORIZED:
                raise self._refused(response)
            code = (
                ErrorCode.FORBIDDEN
                if meta.statuscode in OCS_FORBIDDEN
                else ErrorCode.UPSTREAM_ERROR
            )
            raise IntegrationError(
                code,
                f"Nextcloud refused the serverinfo call (OCS status {meta.statuscode})",
                status=response.status_code,
                url=response.url,
            )
        return self.parse(response, InfoAnswer).ocs.data
