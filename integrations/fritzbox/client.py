"""TR-064 on a FRITZ!Box: SOAP actions POSTed to the control URLs its device description
(``/tr64desc.xml``) lists, with HTTP digest authentication (``digest_auth``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from xml.sax.saxutils import escape

import httpx
from pydantic import BaseModel, ValidationError

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.fritzbox.definition import DEFAULT_USER, FritzboxLogin, short_name
from integrations.fritzbox.models import (
    HOST_LIST_PATH,
    Fault,
    HostCounts,
    XmlError,
    fault_of,
    host_counts,
    services_of,
    soap_answer,
)
from integrations.optional import Unsupported

M = TypeVar("M", bound=BaseModel)

DESCRIPTION = "tr64desc.xml"
ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
    's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">'
    '<s:Body><u:{action} xmlns:u="{service}">{arguments}</u:{action}></s:Body></s:Envelope>'
)
NOT_TR064 = (
    "no TR-064 device description at /tr64desc.xml: use the box's TR-064 port (49000, or "
    "49443 for https) and turn on Home Network > Network > Network Settings > Allow access "
    "for applications"
)
BUSY = (
    "the FRITZ!Box answered 503 (service unavailable), as it also does for a while after too "
    "many requests with wrong credentials: check the username and password, then wait"
)
PERMISSION = (
    "the FRITZ!Box user may not do this (UPnP error 606, Action not authorized): give it the "
    "'FRITZ!Box Settings' permission under System > FRITZ!Box Users"
)

UPNP_ERRORS: dict[int, tuple[ErrorCode, str, bool]] = {
    401: (ErrorCode.NOT_FOUND, "does not offer {what} (UPnP error 401, Invalid Action)", True),
    402: (ErrorCode.UPSTREAM_ERROR, "refused the arguments of {what} (UPnP error 402)", False),
    501: (ErrorCode.UPSTREAM_ERROR, "could not carry out {what} (UPnP error 501)", False),
    606: (ErrorCode.FORBIDDEN, PERMISSION, False),
    713: (ErrorCode.NOT_FOUND, "has no such entry for {what} (UPnP error 713)", True),
    714: (ErrorCode.NOT_FOUND, "has no such entry for {what} (UPnP error 714)", True),
    820: (ErrorCode.UPSTREAM_ERROR, "failed internally at {what} (UPnP error 820)", False),
}
"""What the UPnP error codes of AVM's service documents mean, by code: the taxonomy entry,
the wording (``{what}`` is ``Service#Action``), and whether it says the box lacks the action
or entry (then ``Unsupported``, so an optional part of an endpoint is left empty)."""


class FritzboxClient(ServiceClient):
    """A FRITZ!Box's TR-064 interface: the description read once per client, then actions."""

    digest_auth = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._services: dict[str, str] | None = None

    def login_pair(self) -> tuple[str, str] | None:
        creds = self.credentials_as(FritzboxLogin)
        if creds is None:
            return None
        return creds.username or DEFAULT_USER, creds.password.get_secret_value()

    def unauthorized_hint(self, response: httpx.Response) -> str:
        creds = self.credentials_as(FritzboxLogin)
        if creds is not None and not creds.username:
            return (
                "the FRITZ!Box refused the password (without a username, TR-064's default "
                f"user {DEFAULT_USER} is used, which FRITZ!OS 7.24 and later no longer has: "
                "enter the username shown under System > FRITZ!Box Users)"
            )
        return (
            "the FRITZ!Box refused the username or password (those of a FRITZ!Box user, as "
            "listed under System > FRITZ!Box Users)"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            "the FRITZ!Box refused access to its TR-064 interface: is 'Allow access for "
            "applications' on (Home Network > Network > Network Settings)?"
        )

    async def failure(self, response: httpx.Response) -> IntegrationError:
        """A 503 is what the box also answers for a while after too many unauthenticated
        requests (First Steps 4.1.1), in place of a 401: said so."""
        if response.status_code == 503:
            return IntegrationError.for_status(
                503, response.url, meanings={503: (ErrorCode.UPSTREAM_ERROR, BUSY)}
            )
        return await super().failure(response)

    async def services(self) -> dict[str, str]:
        """Service type → control URL, from the device description (read once per client:
        the box's services do not change while it runs)."""
        if self._services is None:
            response = await self.request("GET", DESCRIPTION, expect=(200, 404))
            if response.status_code == 404:
                raise IntegrationError.for_status(
                    404, response.url, meanings={404: (ErrorCode.NOT_FOUND, NOT_TR064)}
                )
            try:
                services = await self.off_loop(response, lambda: services_of(response.content))
            except XmlError as err:
                raise self._not_tr064(response, err) from None
            self._services = services
        return self._services

    async def has(self, service_type: str) -> bool:
        return service_type in await self.services()

    async def call(
        self,
        service_type: str,
        action: str,
        model: type[M],
        arguments: Mapping[str, str | int] | None = None,
    ) -> M:
        """``action`` of ``service_type``, its out-arguments as ``model``. A UPnP error is
        mapped by ``UPNP_ERRORS``; a service the box does not list is ``Unsupported``."""
        control = (await self.services()).get(service_type)
        what = f"{short_name(service_type)}#{action}"
        if control is None:
            raise Unsupported(
                ErrorCode.NOT_FOUND,
                f"the FRITZ!Box does not offer {short_name(service_type)} (its TR-064 description "
                "does not list it)",
                url=self.config.base_url,
            )
        body = ENVELOPE.format(
            action=action,
            service=service_type,
            arguments="".join(
                f"<{name}>{escape(str(value))}</{name}>"
                for name, value in (arguments or {}).items()
            ),
        )
        response = await self.request(
            "POST",
            control,
            content=body.encode(),
            headers={
                "Content-Type": 'text/xml; charset="utf-8"',
                "SOAPACTION": f'"{service_type}#{action}"',
            },
            expect=(200, 500),
        )
        if response.status_code == 500:
            raise self._fault(response, what)
        try:
            answer = soap_answer(response.content, action)
        except XmlError as err:
            raise self._not_tr064(response, err) from None
        if isinstance(answer, Fault):  # a fault with 200: as the box means it
            raise self._upnp_error(response, answer, what)
        try:
            return model.model_validate(answer)
        except ValidationError as err:
            first = err.errors(include_input=False, include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"the FRITZ!Box's answer to {what} is not what TR-064 documents "
                f"({where}: {first['msg']})",
                status=response.status_code,
                url=response.url,
            ) from None

    async def host_counts(self, path: str) -> HostCounts:
        """The host list at ``path`` (which a Hosts action handed out): hosts listed and
        active. The path carries a session id: it is followed only as a path on the box,
        and never quoted."""
        if not HOST_LIST_PATH.match(path) or ".." in path:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the FRITZ!Box named a host list that is not a plain path on the box",
                url=self.config.base_url,
            )
        response = await self.request("GET", path)
        try:
            return await self.off_loop(response, lambda: host_counts(response.content))
        except XmlError as err:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"the FRITZ!Box's host list is not the XML expected ({self.detail(str(err))})",
                status=response.status_code,
                url=response.url,
            ) from None

    def _fault(self, response: httpx.Response, what: str) -> IntegrationError:
        fault = fault_of(response.content)
        if fault is None:
            return IntegrationError.for_status(response.status_code, response.url)
        return self._upnp_error(response, fault, what)

    def _upnp_error(self, response: httpx.Response, fault: Fault, what: str) -> IntegrationError:
        known = UPNP_ERRORS.get(fault.code) if fault.code is not None else None
        if known is None:
            said = self.detail(fault.description) or "no description"
            return IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"the FRITZ!Box refused {what} (UPnP error {fault.code}: {said})",
                status=response.status_code,
                url=response.url,
            )
        code, wording, lacks = known
        message = wording if code is ErrorCode.FORBIDDEN else f"the FRITZ!Box {wording}"
        kind = Unsupported if lacks else IntegrationError
        return kind(code, message.format(what=what), status=response.status_code, url=response.url)

    def _not_tr064(self, response: httpx.Response, err: XmlError) -> IntegrationError:
        return IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            f"the answer is not TR-064's XML ({self.detail(str(err))}): is the URL the "
            "FRITZ!Box's TR-064 port (49000, or 49443 for https)?",
            status=response.status_code,
            url=response.url,
        )
