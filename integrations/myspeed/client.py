"""MySpeed's API: open, or its password in the ``password`` header; a refusal is 401
``{"message": "Please provide the correct password in the header"}``. A read-only password level
lets anyone read (not run tests)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.myspeed.definition import MySpeedPassword


class MySpeedClient(ServiceClient):
    """A MySpeed client: the password header when configured."""

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(MySpeedPassword)
        return {"password": creds.password.get_secret_value()} if creds is not None else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "MySpeed asks for its password (the one set under Settings, Password)"
