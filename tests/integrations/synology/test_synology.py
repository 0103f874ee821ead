"""Synology DSM against the DSM Login Web API Guide's login and error codes and the system and
storage answers of DSM 6.2 and 7.0 (see each fixture's source)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.optional import unsupported
from integrations.synology import integration
from integrations.synology.client import SynologyDSMClient
from integrations.synology.definition import SynologyDisk, SynologyStatus, SynologyVolume
from tests.integrations.families.synology import (
    ACCOUNT,
    AUTH_API,
    BASE,
    INFO_API,
    PASSWORD,
    FakeSynology,
    check_a_session_refused_after_a_new_login,
    check_login_session,
    error,
    refused_login,
)
from tests.integrations.families.synology import config as synology_config
from tests.integrations.upstream import Clients, fixture_body, secret_check

ID = "synology"
DSM_INFO = ("SYNO.DSM.Info", "getinfo")
SYSTEM = ("SYNO.Core.System", "info")
UTILIZATION = ("SYNO.Core.System.Utilization", "get")
STORAGE = ("SYNO.Storage.CGI.Storage", "load_info")
ROUTES: dict[tuple[str, str], Any] = {
    DSM_INFO: "dsm_info",
    SYSTEM: "system",
    UTILIZATION: "utilization",
    STORAGE: "storage",
}

MakeClient = Callable[..., SynologyDSMClient]
body = partial(fixture_body, ID)
config = synology_config
assert_no_secret = secret_check(PASSWORD)


@pytest.fixture
def make_client(clients: Clients) -> MakeClient:
    def make(fake: FakeSynology, *args: Any, **kwargs: Any) -> SynologyDSMClient:
        client: SynologyDSMClient = clients(config(*args, **kwargs), fake.transport)
        return client

    return make


def fake(routes: dict[tuple[str, str], Any] | None = None) -> FakeSynology:
    return FakeSynology(ID, {**ROUTES, **(routes or {})})


async def test_connection_reports_the_dsm_version_and_model(make_client: MakeClient) -> None:
    dsm = fake()
    info = await integration.test_connection(make_client(dsm))
    assert info.version == "7.2.1-69057 Update 5"
    assert info.details == {"model": "DS920+", "build": "69057"}
    # SYNO.DSM.Info speaks version 2 only: asked in it, in the session
    asked = next(r for r in dsm.requests if r.url.params.get("api") == DSM_INFO[0])
    assert asked.url.path == "/webapi/entry.cgi"
    assert asked.url.params["version"] == "2"
    assert asked.url.params["_sid"] == dsm.sessions[0]


async def test_discovery_asks_for_the_apis_it_uses_and_logs_in_with_a_form(
    make_client: MakeClient,
) -> None:
    dsm = fake()
    await integration.test_connection(make_client(dsm))
    query = dsm.requests[0].url.params
    assert dsm.requests[0].url.path == "/webapi/entry.cgi"
    assert (query["api"], query["method"], query["version"]) == (INFO_API, "query", "1")
    assert query["query"].split(",") == [
        AUTH_API,
        "SYNO.DSM.Info",
        "SYNO.Core.System",
        "SYNO.Core.System.Utilization",
        "SYNO.Storage.CGI.Storage",
    ]
    login = dsm.logins[0]
    assert login == {
        "api": AUTH_API,
        "version": "6",  # the guide's version, below DSM 7's highest (7)
        "method": "login",
        "account": ACCOUNT,
        "passwd": PASSWORD,
        "format": "sid",
    }  # no session name: DSM's own APIs belong to no application


async def test_an_older_dsm_answers_discovery_at_query_cgi_and_logs_in_at_auth_cgi(
    make_client: MakeClient,
) -> None:
    dsm = FakeSynology(ID, ROUTES, info="api_info_dsm6", info_path="/webapi/query.cgi")
    info = await integration.test_connection(make_client(dsm))
    assert info.version == "7.2.1-69057 Update 5"
    paths = [r.url.path for r in dsm.requests]
    assert paths[:3] == ["/webapi/entry.cgi", "/webapi/query.cgi", "/webapi/auth.cgi"]
    assert dsm.logins[0]["version"] == "6"


async def test_a_pasted_webapi_address_is_the_dsm_address(make_client: MakeClient) -> None:
    dsm = fake()
    await integration.test_connection(make_client(dsm, url=f"{BASE}/webapi"))
    assert dsm.requests[0].url.path == "/webapi/entry.cgi"


async def test_system_is_system_resources(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "system")
    memory = body("utilization")["data"]["memory"]
    used_kib = memory["total_real"] - memory["avail_real"] - memory["buffer"] - memory["cached"]
    assert payload == SystemResources(
        cpu_percent=20.0,  # user 12 + system 5 + other 3
        cpu_count=4,
        memory_used=used_kib * 1024,
        memory_total=memory["total_real"] * 1024,
        memory_percent=40.0,
        load1=1.25,
        load5=0.8,
        load15=0.48,
        uptime_seconds=336 * 3600 + 3 * 60 + 4,
    )
    assert used_kib * 100 // memory["total_real"] == 40  # DSM's real_usage agrees


async def test_system_without_dsm_s_usage_percentage_computes_it(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("utilization"))
    del answer["data"]["memory"]["real_usage"]
    answer["data"]["cpu"] = {"user_load": 70, "system_load": 40, "other_load": 0}
    payload = await integration.fetch_data(make_client(fake({UTILIZATION: answer})), "system")
    assert isinstance(payload, SystemResources)
    assert payload.memory_percent == 40.0
    assert payload.cpu_percent == 100.0  # capped
    assert payload.load1 is None


async def test_status(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "status")
    assert payload == SynologyStatus(
        model="DS920+",
        version="DSM 7.2.1-69057 Update 5",
        cpu="INTEL Celeron J4125",
        cpu_cores=4,
        memory_total=4096 * 1024 * 1024,
        temperature=47.0,
        temperature_warning=False,
        uptime_seconds=1209784,
    )


async def test_status_says_when_dsm_warns_about_the_temperature(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("system"))
    answer["data"].update(sys_temp=71, sys_tempwarn=True, up_time="garbled")
    payload = await integration.fetch_data(make_client(fake({SYSTEM: answer})), "status")
    assert isinstance(payload, SynologyStatus)
    assert payload.temperature_warning is True and payload.temperature == 71
    assert payload.uptime_seconds is None


async def test_storage_volumes_and_disks(make_client: MakeClient) -> None:
    dsm = fake()
    payload = await integration.fetch_data(make_client(dsm), "storage")
    asked = next(r for r in dsm.requests if r.url.params.get("api") == STORAGE[0])
    assert asked.url.params["method"] == asked.url.params["action"] == "load_info"
    assert payload.model_dump() == {
        "used_bytes": 6_760_000_000_000,
        "total_bytes": 11_680_000_000_000,
        "volume_count": 2,
        "volumes_not_normal": 1,
        "volumes": [
            SynologyVolume(
                id="volume_1",
                path="/volume1",
                status="normal",
                filesystem="btrfs",
                used_bytes=5_760_000_000_000,
                total_bytes=7_680_000_000_000,
                used_percent=75.0,
            ).model_dump(),
            SynologyVolume(
                id="volume_2",
                path="/volume2",
                status="degraded",
                filesystem="ext4",
                used_bytes=1_000_000_000_000,
                total_bytes=4_000_000_000_000,
                used_percent=25.0,
            ).model_dump(),
        ],
        "disk_count": 3,
        "disks_not_normal": 1,
        "disks": [
            SynologyDisk(
                id="sata1",
                name="Drive 1",
                model="WDC WD80EFZZ-68BTXN0",
                status="normal",
                smart_status="normal",
                temperature=38,
                size_bytes=8001563222016,
                ssd=False,
            ).model_dump(),
            SynologyDisk(
                id="sata2",
                name="Drive 2",
                model="WDC WD80EFZZ-68BTXN0",
                status="crashed",
                smart_status="failing",
                temperature=41,
                size_bytes=8001563222016,
                ssd=False,
            ).model_dump(),
            SynologyDisk(
                id="nvme0n1",
                name="Drive 3",
                model="Samsung SSD 980 500GB",
                status="normal",
                smart_status="normal",
                temperature=52.5,
                size_bytes=500107862016,
                ssd=True,
            ).model_dump(),
        ],
    }


async def test_storage_lists_at_most_50_of_each_and_counts_them_all(
    make_client: MakeClient,
) -> None:
    answer = copy.deepcopy(body("storage"))
    disk, volume = answer["data"]["disks"][1], answer["data"]["volumes"][0]
    answer["data"]["disks"] = [{**disk, "id": f"sd{n}"} for n in range(60)]
    answer["data"]["volumes"] = [{**volume, "id": f"volume_{n}"} for n in range(55)]
    payload = await integration.fetch_data(make_client(fake({STORAGE: answer})), "storage")
    dumped = payload.model_dump()
    assert (dumped["disk_count"], len(dumped["disks"]), dumped["disks_not_normal"]) == (60, 50, 60)
    assert (dumped["volume_count"], len(dumped["volumes"])) == (55, 50)
    assert dumped["total_bytes"] == 55 * 7_680_000_000_000


async def test_one_login_serves_many_calls_and_a_dropped_session_is_renewed_once(
    make_client: MakeClient,
) -> None:
    await check_login_session(ID, make_client, fake(), "system")


async def test_a_session_refused_after_a_new_login_is_unauthorized(
    make_client: MakeClient,
) -> None:
    await check_a_session_refused_after_a_new_login(ID, make_client, fake(), "status")


async def test_a_wrong_password_is_unauthorized_and_not_retried_at_once(
    make_client: MakeClient,
) -> None:
    dsm = fake()
    client = make_client(dsm, "wrong-password")
    for _ in range(2):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert "no such account or incorrect password (error 400)" in caught.value.message
        assert_no_secret(caught.value, "wrong-password")
    assert dsm.calls[(AUTH_API, "login")] == 1  # held back: DSM's auto block counts failures


@pytest.mark.parametrize(
    ("refusal", "cause"),
    [
        ("login_two_factor", "error 403: a two-factor authentication code is required"),
        ("login_two_factor_enforced", "error 406: DSM enforces two-factor authentication"),
    ],
)
async def test_a_two_factor_account_is_a_clear_unauthorized(
    make_client: MakeClient, refusal: str, cause: str
) -> None:
    dsm = FakeSynology(ID, ROUTES, password="not-this-one", refusal=refusal)
    err = await refused_login(ID, make_client, dsm, PASSWORD)
    assert err.code is ErrorCode.UNAUTHORIZED
    assert cause in err.message
    assert "use an account without two-factor authentication" in err.message


async def test_a_blocked_address_is_forbidden_and_says_where_to_unblock_it(
    make_client: MakeClient,
) -> None:
    dsm = FakeSynology(ID, ROUTES, password="not-this-one", refusal="login_blocked")
    err = await refused_login(ID, make_client, dsm, PASSWORD)
    assert err.code is ErrorCode.FORBIDDEN
    assert "Auto Block" in err.message


@pytest.mark.parametrize(
    ("answer", "code", "words"),
    [
        (error(401), ErrorCode.UNAUTHORIZED, "the account is disabled (error 401)"),
        (error(402), ErrorCode.FORBIDDEN, "administrators group"),
        (error(409), ErrorCode.UNAUTHORIZED, "sign in to DSM once"),
        (error(999), ErrorCode.UPSTREAM_ERROR, "refused the login (error 999)"),
        ({"success": False}, ErrorCode.UPSTREAM_ERROR, "refused the login (no error code)"),
    ],
)
async def test_other_login_refusals(
    make_client: MakeClient, answer: dict[str, Any], code: ErrorCode, words: str
) -> None:
    dsm = FakeSynology(ID, ROUTES, password="not-this-one", refusal=answer)
    err = await refused_login(ID, make_client, dsm, PASSWORD)
    assert err.code is code
    assert words in err.message


async def test_a_user_who_is_no_administrator_is_forbidden(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({STORAGE: "no_permission"})), "storage")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "administrators group" in caught.value.message
    assert "error 105" in caught.value.message


async def test_an_api_this_dsm_lacks_is_unsupported(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("api_info"))
    del answer["data"]["SYNO.Storage.CGI.Storage"]
    dsm = FakeSynology(ID, ROUTES, info=answer)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(dsm), "storage")
    assert caught.value.code is ErrorCode.NOT_FOUND and unsupported(caught.value)
    assert "SYNO.Storage.CGI.Storage" in caught.value.message


async def test_an_unknown_method_is_unsupported(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({SYSTEM: error(103)})), "status")
    assert caught.value.code is ErrorCode.NOT_FOUND and unsupported(caught.value)
    assert "error 103" in caught.value.message


async def test_a_failing_call_is_an_upstream_error_naming_the_code(
    make_client: MakeClient,
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({UTILIZATION: error(117)})), "system")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "error 117: the network connection is unstable" in caught.value.message


async def test_no_synology_at_the_url_is_not_found(make_client: MakeClient) -> None:
    dsm = FakeSynology(ID, ROUTES, info_path="/nowhere")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(dsm))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "/webapi/entry.cgi" in caught.value.message


async def test_an_api_path_leaving_webapi_is_an_invalid_response(
    make_client: MakeClient,
) -> None:
    answer = copy.deepcopy(body("api_info"))
    answer["data"][AUTH_API]["path"] = "http://elsewhere.test/steal.cgi"
    dsm = FakeSynology(ID, ROUTES, info=answer)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(dsm))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert dsm.logins == []


async def test_an_unexpected_shape_is_an_invalid_response(make_client: MakeClient) -> None:
    answer = {"success": True, "data": {"cpu": "busy"}}
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({UTILIZATION: answer})), "system")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_closing_the_client_logs_out(clients: Clients) -> None:
    dsm = fake()
    client = clients(config(), dsm.transport)
    await integration.test_connection(client)
    await client.aclose()
    assert dsm.logouts == [dsm.sessions[0]]
    assert dsm.live == set()
