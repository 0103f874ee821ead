"""Omada integration against fixtures transcribed from the Omada Controller web API v2 as the
sources in each fixture describe it (controller 5.x; answers recorded from 5.12.9)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode
from integrations.omada import integration
from integrations.omada.client import OmadaClient
from integrations.omada.definition import (
    OmadaClientCounts,
    OmadaDeviceCounts,
    OmadaOverview,
    OmadaSite,
    OmadaSites,
)
from tests.integrations.upstream import (
    FakeUpstream,
    MemorySessions,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "omada"
BASE = "https://omada.test:8043"
USERNAME = "dashboard"
PASSWORD = "correct horse battery"
CID = "123bee230c77bbb45d9c8545d04d700a"
DEFAULT_SITE = "64e4e4a0b0c2d53a1c9f0a11"
CABIN_SITE = "65a1f2c3d4e5f60718293a4b"
SESSION_COOKIE = "TPOMADA_SESSIONID"

INFO = ("GET", "/api/info")
LOGIN = ("POST", f"/{CID}/api/v2/login")
SITES = ("GET", f"/{CID}/api/v2/sites")


def overview_route(site: str = DEFAULT_SITE) -> tuple[str, str]:
    return ("GET", f"/{CID}/api/v2/sites/{site}/dashboard/overviewDiagram")


def alerts_route(site: str = DEFAULT_SITE) -> tuple[str, str]:
    return ("GET", f"/{CID}/api/v2/sites/{site}/alerts/num")


def config(password: str = PASSWORD, *, url: str = BASE, site: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": USERNAME, "password": password},
    }
    if site is not None:
        data["extra"] = {"site": site}
    return data


body = partial(fixture_body, ID)
refused = partial(refusal, ID)
MakeClient = Callable[..., OmadaClient]


def answer(name: str, **changes: Any) -> httpx.Response:
    """A fixture's answer with some of its ``result`` changed."""
    data = fixture(ID, name)
    data["response"]["body"]["result"] = {**data["response"]["body"]["result"], **changes}
    return response_of(data)


def site(number: int) -> dict[str, str]:
    return {"id": f"{number:024x}", "name": f"Site {number}"}


class FakeOmada:
    """An Omada Controller's rules over the recorded answers: ``/api/info`` and the login are
    open, the login hands out a new session cookie and CSRF token, every other call answers
    errorCode -1200 (or ``ended_with``) without both, and ``end_sessions`` forgets them all.
    ``sites`` are paged as the controller pages them, at most ``page_cap`` a page."""

    def __init__(
        self,
        *,
        sites: list[dict[str, str]] | None = None,
        page_cap: int = 1000,
        routes: dict[tuple[str, str], Any] | None = None,
        ended_with: Callable[[], httpx.Response] | None = None,
    ) -> None:
        self.sites = sites if sites is not None else body("sites")["result"]["data"]
        self.page_cap = page_cap
        self.sessions: dict[str, str] = {}
        self.handed_out: list[str] = []
        self.ended_with = ended_with or (lambda: response_of(fixture(ID, "session_expired")))
        api = {
            SITES: self.list_sites,
            overview_route(): "overview_diagram",
            alerts_route(): "alerts_num",
            overview_route(CABIN_SITE): "overview_diagram",
            alerts_route(CABIN_SITE): "alerts_num",
            **(routes or {}),
        }
        self.upstream = FakeUpstream(
            ID,
            {INFO: "api_info", LOGIN: self.login, **api},
            refuse=self.refuse,
            open_routes={INFO, LOGIN},
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if sent != {"username": USERNAME, "password": PASSWORD}:
            return response_of(fixture(ID, "login_wrong_password"))
        number = len(self.handed_out) // 2 + 1
        session, token = f"session-{number}-9f8e7d", f"csrf-{number}-b1a2c3"
        self.sessions[session] = token
        self.handed_out += [session, token]
        data = fixture(ID, "login")
        data["response"]["body"]["result"]["token"] = token
        data["response"]["headers"]["set-cookie"] = f"{SESSION_COOKIE}={session}; Path=/; HttpOnly"
        return response_of(data)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        cookie = request.headers.get("cookie", "")
        session = cookie.removeprefix(f"{SESSION_COOKIE}=") if cookie else ""
        token = self.sessions.get(session)
        if token is None or request.headers.get("csrf-token") != token:
            return self.ended_with()
        return None

    def list_sites(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["currentPage"])
        size = min(int(request.url.params["currentPageSize"]), self.page_cap)
        shown = self.sites[(page - 1) * size : page * size]
        return answer(
            "sites", totalRows=len(self.sites), currentPage=page, currentSize=size, data=shown
        )

    def end_sessions(self) -> None:
        self.sessions.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[LOGIN]

    def requests_to(self, key: tuple[str, str]) -> list[httpx.Request]:
        return [r for r in self.upstream.requests if (r.method, r.url.path) == key]


assert_no_secret = secret_check(PASSWORD)


# --- connection test ---------------------------------------------------------------------------


async def test_connection_says_the_version_and_the_site(make_client: MakeClient) -> None:
    fake = FakeOmada()
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.version == body("api_info")["result"]["controllerVer"] == "5.12.9"
    assert info.details == {"apiVersion": "3", "sites": "2", "site": "Default"}
    assert fake.logins == 1
    (listed,) = fake.requests_to(SITES)
    assert dict(listed.url.params) == {"currentPage": "1", "currentPageSize": "1"}


async def test_the_login_sends_the_credentials_and_later_calls_the_session(
    make_client: MakeClient,
) -> None:
    fake = FakeOmada()
    await integration.test_connection(make_client(fake.upstream))
    (login,) = fake.requests_to(LOGIN)
    assert json.loads(login.content) == {"username": USERNAME, "password": PASSWORD}
    (listed,) = fake.requests_to(SITES)
    assert listed.headers["csrf-token"] == "csrf-1-b1a2c3"
    assert listed.headers["cookie"] == f"{SESSION_COOKIE}=session-1-9f8e7d"
    assert "csrf-token" not in fake.requests_to(INFO)[0].headers


async def test_connection_with_a_site_name_finds_it_ignoring_case(
    make_client: MakeClient,
) -> None:
    info = await integration.test_connection(make_client(FakeOmada().upstream, site="cabin"))
    assert info.details["site"] == "Cabin"


async def test_an_unknown_site_is_not_found_naming_the_sites(make_client: MakeClient) -> None:
    err = await refused(make_client(FakeOmada().upstream, site="Office"))
    assert err.code is ErrorCode.NOT_FOUND
    assert "'Office'" in err.message and "Default, Cabin" in err.message


async def test_a_controller_without_sites_for_the_account_is_not_found(
    make_client: MakeClient,
) -> None:
    err = await refused(make_client(FakeOmada(sites=[]).upstream))
    assert err.code is ErrorCode.NOT_FOUND
    assert "no site" in err.message


async def test_a_url_copied_from_the_web_interface_still_reaches_the_api(
    make_client: MakeClient,
) -> None:
    fake = FakeOmada()
    info = await integration.test_connection(make_client(fake.upstream, url=f"{BASE}/{CID}/login"))
    assert info.version == "5.12.9"
    assert fake.upstream.calls[INFO] == 1


# --- overview ------------------------------------------------------------------------------------


async def test_overview(make_client: MakeClient) -> None:
    fake = FakeOmada()
    payload = await integration.fetch_data(make_client(fake.upstream), "overview")
    assert payload == OmadaOverview(
        site="Default",
        site_id=DEFAULT_SITE,
        gateways=OmadaDeviceCounts(total=1, connected=1, disconnected=0),
        switches=OmadaDeviceCounts(total=2, connected=1, disconnected=1),
        access_points=OmadaDeviceCounts(total=3, connected=2, disconnected=1, isolated=0),
        clients=OmadaClientCounts(total=27, wired=9, wireless=18, guests=4),
        alerts=3,
    )
    diagram = body("overview_diagram")["result"]
    assert payload.clients.total == diagram["totalClientNum"]
    assert payload.alerts == body("alerts_num")["result"]["alertNum"]


async def test_overview_of_the_configured_site(make_client: MakeClient) -> None:
    fake = FakeOmada()
    payload = await integration.fetch_data(make_client(fake.upstream, site="Cabin"), "overview")
    assert (payload.site, payload.site_id) == ("Cabin", CABIN_SITE)
    assert fake.upstream.calls[overview_route(CABIN_SITE)] == 1
    assert fake.upstream.calls[overview_route()] == 0


async def test_the_site_is_looked_up_once(make_client: MakeClient) -> None:
    fake = FakeOmada()
    client = make_client(fake.upstream)
    for _ in range(3):
        await integration.fetch_data(client, "overview")
    assert fake.upstream.calls[SITES] == 1
    assert fake.upstream.calls[overview_route()] == 3
    assert fake.logins == 1


async def test_a_site_that_fails_is_looked_up_again(make_client: MakeClient) -> None:
    fake = FakeOmada()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "overview")
    fake.upstream.route(*overview_route(), "server_error")
    err = await refused(client, "overview")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    fake.upstream.route(*overview_route(), "overview_diagram")
    await integration.fetch_data(client, "overview")
    assert fake.upstream.calls[SITES] == 2


@pytest.mark.parametrize(
    "alerts", ["no_such_path", httpx.Response(404, text="404 page not found")], ids=["-1600", "404"]
)
async def test_a_controller_without_the_alert_count_leaves_it_empty(
    make_client: MakeClient, alerts: Any
) -> None:
    fake = FakeOmada(routes={alerts_route(): alerts})
    payload = await integration.fetch_data(make_client(fake.upstream), "overview")
    assert payload.alerts is None
    assert payload.clients.wireless == 18


async def test_missing_optional_counts_are_empty(make_client: MakeClient) -> None:
    data = fixture(ID, "overview_diagram")
    del data["response"]["body"]["result"]["isolatedApNum"]
    del data["response"]["body"]["result"]["guestNum"]
    fake = FakeOmada(routes={overview_route(): response_of(data)})
    payload = await integration.fetch_data(make_client(fake.upstream), "overview")
    assert payload.access_points.isolated is None
    assert payload.clients.guests is None
    assert payload.clients.total == 27


async def test_an_account_without_access_is_forbidden(make_client: MakeClient) -> None:
    fake = FakeOmada(routes={overview_route(): "forbidden"})
    err = await refused(make_client(fake.upstream), "overview")
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 200)
    assert "errorCode -1005: Operation forbidden." in err.message
    assert "Viewer" in err.message


async def test_a_server_error_envelope_is_upstream_error(make_client: MakeClient) -> None:
    fake = FakeOmada(routes={overview_route(): "server_error"})
    err = await refused(make_client(fake.upstream), "overview")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.message == "Omada answered errorCode -1500: Omada server error."
    assert err.url == f"{BASE}{overview_route()[1]}"


async def test_an_error_echoing_the_session_does_not_show_it(make_client: MakeClient) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        said = f"bad token {request.headers['csrf-token']} for {request.headers['cookie']}"
        return httpx.Response(200, json={"errorCode": -1, "msg": said})

    fake = FakeOmada(routes={overview_route(): echo})
    err = await refused(make_client(fake.upstream), "overview")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert "***" in err.message
    assert_no_secret(err, PASSWORD, *fake.handed_out)


async def test_an_unexpected_overview_is_invalid_response(make_client: MakeClient) -> None:
    fake = FakeOmada(routes={overview_route(): answer("overview_diagram", totalApNum="many")})
    err = await refused(make_client(fake.upstream), "overview")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "totalApNum" in err.message


# --- sites ---------------------------------------------------------------------------------------


async def test_sites(make_client: MakeClient) -> None:
    fake = FakeOmada()
    payload = await integration.fetch_data(make_client(fake.upstream), "sites")
    assert payload == OmadaSites(
        sites=[OmadaSite(id=s["id"], name=s["name"]) for s in body("sites")["result"]["data"]],
        total=2,
    )
    (listed,) = fake.requests_to(SITES)
    assert dict(listed.url.params) == {"currentPage": "1", "currentPageSize": "50"}


async def test_sites_are_bounded_to_50_with_the_total(make_client: MakeClient) -> None:
    fake = FakeOmada(sites=[site(n) for n in range(1, 121)])
    payload = await integration.fetch_data(make_client(fake.upstream), "sites")
    assert [s.name for s in payload.sites] == [f"Site {n}" for n in range(1, 51)]
    assert payload.total == 120
    assert fake.upstream.calls[SITES] == 1


async def test_smaller_pages_are_read_until_50(make_client: MakeClient) -> None:
    fake = FakeOmada(sites=[site(n) for n in range(1, 121)], page_cap=20)
    payload = await integration.fetch_data(make_client(fake.upstream), "sites")
    assert len(payload.sites) == 50 and payload.sites[-1].name == "Site 50"
    assert fake.upstream.calls[SITES] == 3


async def test_a_site_far_down_the_list_is_found_page_by_page(make_client: MakeClient) -> None:
    far = site(150)["id"]
    fake = FakeOmada(
        sites=[site(n) for n in range(1, 251)],
        routes={overview_route(far): "overview_diagram", alerts_route(far): "alerts_num"},
    )
    payload = await integration.fetch_data(make_client(fake.upstream, site="Site 150"), "overview")
    assert (payload.site, payload.site_id) == ("Site 150", far)
    assert [dict(r.url.params)["currentPage"] for r in fake.requests_to(SITES)] == ["1", "2"]


# --- login and session -----------------------------------------------------------------------------


async def test_a_wrong_password_is_unauthorized_and_not_retried_at_once(
    make_client: MakeClient,
) -> None:
    fake = FakeOmada()
    client = make_client(fake.upstream, "wrong-password-1234")
    err = await refused(client)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 200)
    assert "username or password" in err.message
    assert_no_secret(err, "wrong-password-1234")
    again = await refused(client, "overview")
    assert again.code is ErrorCode.UNAUTHORIZED
    assert "not retried" in again.message
    assert fake.logins == 1


async def test_another_login_refusal_quotes_the_controller(make_client: MakeClient) -> None:
    refusal_answer = httpx.Response(200, json={"errorCode": -30245, "msg": "Account locked."})
    fake = FakeOmada()
    fake.upstream.route(*LOGIN, refusal_answer)
    err = await refused(make_client(fake.upstream))
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.message == "Omada refused the login (errorCode -30245: Account locked.)"


async def test_a_login_answer_without_a_token_is_invalid_response(make_client: MakeClient) -> None:
    fake = FakeOmada()
    fake.upstream.route(*LOGIN, answer("login", token=None))
    err = await refused(make_client(fake.upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE


@pytest.mark.parametrize(
    "ended_with",
    [
        lambda: response_of(fixture(ID, "session_expired")),
        lambda: response_of(fixture(ID, "login_page")),
        lambda: httpx.Response(401, text=""),
    ],
    ids=["errorCode-1200", "login-page", "401"],
)
async def test_an_ended_session_logs_in_again_once(
    make_client: MakeClient, ended_with: Callable[[], httpx.Response]
) -> None:
    fake = FakeOmada(ended_with=ended_with)
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "overview")
    fake.end_sessions()
    payload = await integration.fetch_data(client, "overview")
    assert payload.alerts == 3
    assert fake.logins == 2
    renewed = fake.requests_to(overview_route())[-1]
    assert renewed.headers["csrf-token"] == "csrf-2-b1a2c3"


async def test_a_session_refused_right_after_login_is_unauthorized(
    make_client: MakeClient,
) -> None:
    fake = FakeOmada()
    fake.upstream.refuse = lambda request: response_of(fixture(ID, "session_expired"))
    err = await refused(make_client(fake.upstream), "sites")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 2
    assert_no_secret(err, PASSWORD, *fake.handed_out)


async def test_processes_share_one_session(make_client: MakeClient) -> None:
    fake = FakeOmada()
    store = MemorySessions()
    first, second = make_client(fake.upstream), make_client(fake.upstream)
    for client in (first, second):
        client.share_sessions(store, "app-1:fingerprint")
    await integration.fetch_data(first, "sites")
    await integration.fetch_data(second, "sites")
    assert fake.logins == 1
    assert fake.requests_to(SITES)[-1].headers["csrf-token"] == "csrf-1-b1a2c3"


# --- not an Omada Controller ---------------------------------------------------------------------


async def test_another_web_page_is_invalid_response(make_client: MakeClient) -> None:
    err = await refused(make_client(FakeUpstream(ID, {INFO: "not_that_service"})))
    assert (err.code, err.status) == (ErrorCode.INVALID_RESPONSE, 200)
    assert err.message.startswith("the response is not JSON")


async def test_no_controller_at_the_url_is_not_found(make_client: MakeClient) -> None:
    err = await refused(make_client(FakeUpstream(ID, {})))
    assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
    assert err.url == f"{BASE}/api/info"


async def test_other_json_at_the_url_is_invalid_response(make_client: MakeClient) -> None:
    err = await refused(make_client(FakeUpstream(ID, {INFO: {"status": "ok"}})))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "errorCode" in err.message


async def test_a_controller_that_goes_away_is_asked_for_its_id_again(
    make_client: MakeClient,
) -> None:
    fake = FakeOmada()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "sites")
    del fake.upstream.routes[SITES]
    err = await refused(client, "sites")
    assert err.code is ErrorCode.NOT_FOUND
    assert client.controller_info is None
