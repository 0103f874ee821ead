"""FRITZ!Box integration against TR-064 answers transcribed from AVM's documents ("TR-064 - First
Steps" 54 and the DeviceInfo, WANCommonInterfaceConfig, Hosts, WAN*Connection and
Layer3Forwarding service documents), behind HTTP digest authentication as the box has it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.fritzbox import integration
from integrations.fritzbox.client import FritzboxClient
from integrations.fritzbox.definition import FritzboxStatus
from integrations.optional import Unsupported
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    needs_digest,
    refusal,
    response_of,
    secret_check,
)

ID = "fritzbox"
BASE = "http://fritzbox.test:49000"
USER = "fritz4711"
PASSWORD = "fixture-box-password"
DESCRIPTION = ("GET", "/tr64desc.xml")
HOST_LIST = ("GET", "/devicehostlist.lua")
CONTROL = {
    "DeviceInfo": "/upnp/control/deviceinfo",
    "Layer3Forwarding": "/upnp/control/layer3forwarding",
    "Hosts": "/upnp/control/hosts",
    "WANCommonInterfaceConfig": "/upnp/control/wancommonifconfig1",
    "WANPPPConnection": "/upnp/control/wanpppconn1",
    "WANIPConnection": "/upnp/control/wanipconnection1",
}
ANSWERS: dict[str, Any] = {
    "DeviceInfo#GetInfo": "device_info",
    "WANCommonInterfaceConfig#GetCommonLinkProperties": "link_properties",
    "WANCommonInterfaceConfig#GetTotalBytesSent": "bytes_sent",
    "WANCommonInterfaceConfig#GetTotalBytesReceived": "bytes_received",
    "WANCommonInterfaceConfig#X_AVM-DE_GetOnlineMonitor": "online_monitor",
    "Layer3Forwarding#GetDefaultConnectionService": "default_connection",
    "WANPPPConnection#GetStatusInfo": "ppp_status",
    "WANPPPConnection#GetExternalIPAddress": "ppp_address",
    "WANIPConnection#GetStatusInfo": "ip_status",
    "WANIPConnection#GetExternalIPAddress": "ip_address",
    "Hosts#GetHostNumberOfEntries": "host_number",
    "Hosts#X_AVM-DE_GetHostListPath": "host_list_path",
}
"""``Service#Action`` → the fixture (or httpx.Response) that answers it."""

MakeClient = Callable[..., FritzboxClient]
body = partial(fixture_body, ID)
refused = partial(refusal, ID)
assert_no_secret = secret_check(PASSWORD)


def config(username: str = USER, password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "fritzboxLogin", "username": username, "password": password},
    }


class FakeFritzbox(FakeUpstream):
    """A FRITZ!Box's TR-064 port: the description and the host list open (the list is
    reached with the session id its path carries), every SOAP action behind digest auth and
    dispatched on its SOAPACTION header, checked to be the documented envelope."""

    def __init__(self, description: str | None = None, user: str = USER, **answers: Any) -> None:
        self.answers = {**ANSWERS, **{k.replace("__", "#"): v for k, v in answers.items()}}
        self.actions: list[str] = []
        routes: dict[tuple[str, str], Any] = {
            DESCRIPTION: (
                "description"
                if description is None
                else httpx.Response(200, text=description, headers={"content-type": "text/xml"})
            ),
            HOST_LIST: self.host_list,
        }
        for path in CONTROL.values():
            routes[("POST", path)] = self.soap
        self.digest = needs_digest(ID, user, PASSWORD, "unauthorized")
        self.challenges = 0
        super().__init__(ID, routes, refuse=self.check, open_routes={DESCRIPTION, HOST_LIST})

    def check(self, request: httpx.Request) -> httpx.Response | None:
        refused = self.digest(request)
        self.challenges += refused is not None
        return refused

    def soap(self, request: httpx.Request) -> httpx.Response:
        soapaction = request.headers["soapaction"]
        assert soapaction.startswith('"urn:dslforum-org:service:') and soapaction.endswith('"')
        service_type, _, action = soapaction.strip('"').partition("#")
        service = service_type.split(":")[-2]
        assert request.url.path == CONTROL[service], (request.url.path, service)
        assert request.headers["content-type"] == 'text/xml; charset="utf-8"'
        content = request.content.decode()
        assert f'<u:{action} xmlns:u="{service_type}">' in content
        assert "http://schemas.xmlsoap.org/soap/envelope/" in content
        self.actions.append(f"{service}#{action}")
        answer = self.answers.get(f"{service}#{action}", "invalid_action")
        if isinstance(answer, httpx.Response):
            return answer
        return response_of(fixture(ID, answer))

    def host_list(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("sid") != "f00dfeedc0ffee42":
            return httpx.Response(403, text="Forbidden")
        return response_of(fixture(ID, "host_list"))


def answered(name: str) -> httpx.Response:
    return response_of(fixture(ID, name))


# --- the connection test -------------------------------------------------------------------


async def test_connection_reports_model_and_firmware(make_client: MakeClient) -> None:
    upstream = FakeFritzbox()
    info = await integration.test_connection(make_client(upstream))
    assert info.version == "154.07.57"
    assert info.details == {"model": "FRITZ!Box 7590", "firmware": "154.07.57"}
    assert upstream.actions == ["DeviceInfo#GetInfo"]
    # the description first, then the action: challenged once, answered once
    assert [r.url.path for r in upstream.requests] == [
        "/tr64desc.xml",
        "/upnp/control/deviceinfo",
        "/upnp/control/deviceinfo",
    ]
    for request in upstream.requests:
        assert PASSWORD not in str(request.headers) and PASSWORD.encode() not in request.content


async def test_a_wrong_password_is_unauthorized_without_the_password(
    make_client: MakeClient,
) -> None:
    error = await refused(make_client(FakeFritzbox(), USER, "wrong-password-1234"))
    assert error.code is ErrorCode.UNAUTHORIZED and error.status == 401
    assert "username or password" in error.message
    assert_no_secret(error, "wrong-password-1234", PASSWORD)


async def test_an_empty_username_logs_in_as_the_default_tr064_user(
    make_client: MakeClient,
) -> None:
    info = await integration.test_connection(make_client(FakeFritzbox(user="dslf-config"), ""))
    assert info.version == "154.07.57"


async def test_an_empty_username_refused_says_to_enter_one(make_client: MakeClient) -> None:
    error = await refused(make_client(FakeFritzbox(), ""))
    assert error.code is ErrorCode.UNAUTHORIZED
    assert "dslf-config" in error.message and "7.24" in error.message
    assert_no_secret(error)


async def test_503_after_too_many_failures_says_so(make_client: MakeClient) -> None:
    upstream = FakeFritzbox(DeviceInfo__GetInfo=answered("busy"))
    error = await refused(make_client(upstream))
    assert error.code is ErrorCode.UPSTREAM_ERROR and error.status == 503
    assert "too many requests with wrong credentials" in error.message


async def test_no_tr064_description_says_where_to_turn_it_on(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {})
    error = await refused(make_client(upstream))
    assert error.code is ErrorCode.NOT_FOUND and error.status == 404
    assert "Allow access for applications" in error.message and "49000" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>FRITZ!Box</body></html>",
        '<?xml version="1.0"?><!DOCTYPE root [<!ENTITY x "y">]><root>&x;</root>',
        "<root><device><serviceList><service><serviceType>urn:dslforum-org:service:"
        "DeviceInfo:1</serviceType><controlURL>//elsewhere.test/x</controlURL></service>"
        "</serviceList></device></root>",
        "<root>" + "<a/>" * 25_000 + "</root>",
    ],
    ids=["html", "dtd", "control-url-off-the-box", "too-many-elements"],
)
async def test_a_description_that_is_not_tr064_is_invalid(
    make_client: MakeClient, text: str
) -> None:
    upstream = FakeFritzbox(description=text)
    error = await refused(make_client(upstream))
    assert error.code is ErrorCode.INVALID_RESPONSE, error
    assert "TR-064" in error.message
    assert upstream.actions == []


async def test_an_answer_that_is_not_the_action_response_is_invalid(
    make_client: MakeClient,
) -> None:
    wrong = answered("bytes_sent")  # a GetTotalBytesSentResponse where GetInfo's is due
    error = await refused(make_client(FakeFritzbox(DeviceInfo__GetInfo=wrong)))
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert "GetInfoResponse" in error.message


async def test_an_answer_lacking_a_documented_argument_is_invalid(
    make_client: MakeClient,
) -> None:
    text = body("device_info").replace("<NewUpTime>1209600</NewUpTime>", "")
    answer = httpx.Response(200, text=text, headers={"content-type": "text/xml"})
    error = await refused(make_client(FakeFritzbox(DeviceInfo__GetInfo=answer)))
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert "DeviceInfo#GetInfo" in error.message and "NewUpTime" in error.message


# --- status --------------------------------------------------------------------------------


async def test_status(make_client: MakeClient) -> None:
    upstream = FakeFritzbox()
    payload = await integration.fetch_data(make_client(upstream), "status")
    assert payload == FritzboxStatus(
        connected=True,
        connection_status="Connected",
        connection_type="PPP",
        external_ip="203.0.113.45",
        connection_uptime_seconds=259200,
        access_type="DSL",
        link_status="Up",
        max_download_bits_per_second=100_000_000,
        max_upload_bits_per_second=40_000_000,
        download_bytes_per_second=4518200,
        upload_bytes_per_second=152340,
        total_bytes_sent=1234567890,
        total_bytes_received=3987654321,
        known_devices=23,
        active_devices=2,
        model="FRITZ!Box 7590",
        firmware="154.07.57",
        uptime_seconds=1209600,
    )
    assert sorted(upstream.actions) == sorted(
        [
            "DeviceInfo#GetInfo",
            "WANCommonInterfaceConfig#GetCommonLinkProperties",
            "WANCommonInterfaceConfig#GetTotalBytesSent",
            "WANCommonInterfaceConfig#GetTotalBytesReceived",
            "WANCommonInterfaceConfig#X_AVM-DE_GetOnlineMonitor",
            "Layer3Forwarding#GetDefaultConnectionService",
            "WANPPPConnection#GetStatusInfo",
            "WANPPPConnection#GetExternalIPAddress",
            "Hosts#GetHostNumberOfEntries",
            "Hosts#X_AVM-DE_GetHostListPath",
        ]
    )
    monitor = next(r for r in upstream.requests if b"GetOnlineMonitor" in r.content)
    assert b"<NewSyncGroupIndex>0</NewSyncGroupIndex>" in monitor.content
    assert upstream.calls[HOST_LIST] == 1


async def test_the_description_is_read_once_and_the_challenge_met_once(
    make_client: MakeClient,
) -> None:
    upstream = FakeFritzbox()
    client = make_client(upstream)
    await integration.fetch_data(client, "status")
    first = len(upstream.requests)
    await integration.fetch_data(client, "status")
    assert upstream.calls[DESCRIPTION] == 1
    assert upstream.challenges == 1  # the first action's; every later one answered up front
    assert len(upstream.requests) - first == 11  # ten actions and the host list


async def test_status_of_a_box_online_over_ip_that_is_down(make_client: MakeClient) -> None:
    default = httpx.Response(
        200,
        text=body("default_connection").replace("1.WANPPPConnection.1", "1.WANIPConnection.1"),
        headers={"content-type": "text/xml"},
    )
    upstream = FakeFritzbox(Layer3Forwarding__GetDefaultConnectionService=default)
    payload = await integration.fetch_data(make_client(upstream), "status")
    assert isinstance(payload, FritzboxStatus)
    assert (payload.connected, payload.connection_status, payload.connection_type) == (
        False,
        "Disconnected",
        "IP",
    )
    assert payload.external_ip is None  # 0.0.0.0 while down
    assert payload.connection_uptime_seconds == 0
    assert "WANPPPConnection#GetStatusInfo" not in upstream.actions


async def test_a_box_listing_one_connection_is_not_asked_which(make_client: MakeClient) -> None:
    description = body("description")
    start = description.index("<service>\n<serviceType>urn:dslforum-org:service:WANPPP")
    end = description.index("</service>", start) + len("</service>\n")
    upstream = FakeFritzbox(description=description[:start] + description[end:])
    payload = await integration.fetch_data(make_client(upstream), "status")
    assert isinstance(payload, FritzboxStatus) and payload.connection_type == "IP"
    assert "Layer3Forwarding#GetDefaultConnectionService" not in upstream.actions


async def test_a_box_without_online_monitor_or_host_list_leaves_those_empty(
    make_client: MakeClient,
) -> None:
    upstream = FakeFritzbox(
        **{
            "WANCommonInterfaceConfig__X_AVM-DE_GetOnlineMonitor": answered("invalid_action"),
            "Hosts__X_AVM-DE_GetHostListPath": answered("invalid_action"),
        }
    )
    payload = await integration.fetch_data(make_client(upstream), "status")
    assert isinstance(payload, FritzboxStatus)
    assert payload.download_bytes_per_second is None and payload.upload_bytes_per_second is None
    assert payload.active_devices is None
    assert (payload.known_devices, payload.total_bytes_received) == (23, 3987654321)
    assert upstream.calls[HOST_LIST] == 0


async def test_a_user_without_the_settings_right_is_forbidden(make_client: MakeClient) -> None:
    upstream = FakeFritzbox(WANCommonInterfaceConfig__GetTotalBytesSent=answered("not_authorized"))
    error = await refused(make_client(upstream), "status")
    assert error.code is ErrorCode.FORBIDDEN and error.status == 500
    assert "606" in error.message and "FRITZ!Box Settings" in error.message
    assert_no_secret(error)


async def test_refused_arguments_are_an_upstream_error(make_client: MakeClient) -> None:
    upstream = FakeFritzbox(
        **{"WANCommonInterfaceConfig__X_AVM-DE_GetOnlineMonitor": answered("invalid_args")}
    )
    error = await refused(make_client(upstream), "status")
    assert error.code is ErrorCode.UPSTREAM_ERROR
    assert "402" in error.message and "WANCommonInterfaceConfig#X_AVM-DE_GetOnlineMonitor" in (
        error.message
    )


async def test_a_required_action_the_box_lacks_fails_the_status(make_client: MakeClient) -> None:
    upstream = FakeFritzbox(WANCommonInterfaceConfig__GetTotalBytesSent=answered("invalid_action"))
    error = await refused(make_client(upstream), "status")
    assert isinstance(error, Unsupported) and error.code is ErrorCode.NOT_FOUND
    assert "Invalid Action" in error.message


async def test_an_unknown_upnp_error_quotes_the_box(make_client: MakeClient) -> None:
    text = (
        body("not_authorized")
        .replace("606", "899")
        .replace("Action not authorized", f"odd failure for {PASSWORD}")
    )
    answer = httpx.Response(500, text=text, headers={"content-type": "text/xml"})
    error = await refused(make_client(FakeFritzbox(DeviceInfo__GetInfo=answer)))
    assert error.code is ErrorCode.UPSTREAM_ERROR
    assert "899" in error.message and "odd failure" in error.message
    assert_no_secret(error)


async def test_a_500_without_a_fault_is_an_upstream_error(make_client: MakeClient) -> None:
    answer = httpx.Response(500, text="Internal Server Error")
    error = await refused(make_client(FakeFritzbox(DeviceInfo__GetInfo=answer)))
    assert error.code is ErrorCode.UPSTREAM_ERROR and error.status == 500


async def test_a_host_list_path_off_the_box_is_not_followed(make_client: MakeClient) -> None:
    text = body("host_list_path").replace(
        "/devicehostlist.lua?sid=f00dfeedc0ffee42", "//elsewhere.test/list"
    )
    answer = httpx.Response(200, text=text, headers={"content-type": "text/xml"})
    upstream = FakeFritzbox(**{"Hosts__X_AVM-DE_GetHostListPath": answer})
    error = await refused(make_client(upstream), "status")
    assert error.code is ErrorCode.INVALID_RESPONSE and "host list" in error.message
    assert upstream.calls[HOST_LIST] == 0


async def test_the_host_list_session_id_never_shows(make_client: MakeClient) -> None:
    upstream = FakeFritzbox()
    upstream.route(*HOST_LIST, httpx.Response(200, text="<html>not a list</html>"))
    error = await refused(make_client(upstream), "status")
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(error, "f00dfeedc0ffee42", PASSWORD)


async def test_a_call_to_a_service_the_box_does_not_list_is_unsupported(
    make_client: MakeClient,
) -> None:
    from integrations.fritzbox.models import HostNumber

    client = make_client(FakeFritzbox())
    with pytest.raises(IntegrationError) as caught:
        await client.call("urn:dslforum-org:service:X_AVM-DE_Nothing:1", "Get", HostNumber)
    assert isinstance(caught.value, Unsupported)
    assert "X_AVM-DE_Nothing" in caught.value.message
