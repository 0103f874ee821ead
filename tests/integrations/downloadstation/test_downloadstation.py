"""Synology Download Station against the Download Station Official API's answers (2014-03-26)
and the DSM Login Web API Guide's login and error codes (see each fixture's source)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import (
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.downloadstation import integration
from integrations.downloadstation.client import DownloadStationClient
from integrations.downloadstation.definition import state_of
from integrations.errors import ErrorCode, IntegrationError
from integrations.optional import unsupported
from tests.integrations.families.synology import (
    AUTH_API,
    PASSWORD,
    FakeSynology,
    check_a_session_refused_after_a_new_login,
    check_login_session,
    error,
    refused_login,
)
from tests.integrations.families.synology import config as synology_config
from tests.integrations.upstream import Clients, fixture_body, secret_check

ID = "downloadstation"
INFO = ("SYNO.DownloadStation.Info", "getinfo")
TASKS = ("SYNO.DownloadStation.Task", "list")
STATISTIC = ("SYNO.DownloadStation.Statistic", "getinfo")
ROUTES: dict[tuple[str, str], Any] = {INFO: "info", TASKS: "tasks", STATISTIC: "statistic"}

MakeClient = Callable[..., DownloadStationClient]
body = partial(fixture_body, ID)
config = synology_config
assert_no_secret = secret_check(PASSWORD)


@pytest.fixture
def make_client(clients: Clients) -> MakeClient:
    def make(fake: FakeSynology, *args: Any, **kwargs: Any) -> DownloadStationClient:
        client: DownloadStationClient = clients(config(*args, **kwargs), fake.transport)
        return client

    return make


def fake(routes: dict[tuple[str, str], Any] | None = None) -> FakeSynology:
    return FakeSynology(ID, {**ROUTES, **(routes or {})})


def at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


async def test_connection_reports_the_download_station_version(make_client: MakeClient) -> None:
    station = fake()
    info = await integration.test_connection(make_client(station))
    assert info.version == "3.8-4235"
    assert info.details == {"manager": "yes"}
    asked = next(r for r in station.requests if r.url.params.get("api") == INFO[0])
    assert asked.url.path == "/webapi/DownloadStation/info.cgi"
    assert asked.url.params["version"] == "1"
    login = station.logins[0]
    assert login["session"] == "DownloadStation"  # as the Download Station guide asks
    assert login["version"] == "6" and login["format"] == "sid"


async def test_status_counts_the_tasks_and_adds_emule_to_the_speeds(
    make_client: MakeClient,
) -> None:
    station = fake()
    payload = await integration.fetch_data(make_client(station), "status")
    assert payload == DownloadClientStatus(
        download_speed=5242880 + 1000,
        upload_speed=524288 + 500,
        downloading=1,
        seeding=1,
        paused=1,
        queued=1,
        completed=1,
        errored=1,
        total=6,
        version="3.8-4235",
    )
    listed = next(r for r in station.requests if r.url.params.get("api") == TASKS[0])
    assert listed.url.path == "/webapi/DownloadStation/task.cgi"
    assert "additional" not in listed.url.params  # the statuses are enough


async def test_status_without_emule(make_client: MakeClient) -> None:
    stats = {"success": True, "data": {"speed_download": 10, "speed_upload": 20}}
    payload = await integration.fetch_data(make_client(fake({STATISTIC: stats})), "status")
    assert isinstance(payload, DownloadClientStatus)
    assert (payload.download_speed, payload.upload_speed) == (10, 20)


async def test_tasks_active_first_with_progress_speeds_and_time_left(
    make_client: MakeClient,
) -> None:
    station = fake()
    payload = await integration.fetch_data(make_client(station), "tasks")
    listed = next(r for r in station.requests if r.url.params.get("api") == TASKS[0])
    assert listed.url.params["additional"] == "detail,transfer"
    assert isinstance(payload, DownloadQueue)
    assert payload.total == 6
    fedora, ubuntu, *rest = payload.items  # both move data: the newest first
    assert ubuntu == DownloadItem(
        id="dbid_102",
        name="ubuntu-24.04.1-desktop-amd64.iso",
        state=DownloadState.DOWNLOADING,
        progress=round(1048576000 / 6203355136, 4),
        size=6203355136,  # sent as a string, as the guide's example does
        download_speed=5242880,
        upload_speed=262144,
        eta_seconds=(6203355136 - 1048576000) // 5242880,
        added_at=at(1764100000),
    )
    assert fedora.state is DownloadState.SEEDING and fedora.upload_speed == 262144
    assert fedora.progress == 1.0 and fedora.eta_seconds is None
    # then the others, newest first
    assert [item.id for item in rest] == ["dbid_106", "dbid_105", "dbid_103", "dbid_101"]
    broken, nzb, paused, finished = rest
    assert broken.state is DownloadState.ERROR
    assert nzb.state is DownloadState.QUEUED and nzb.progress == 0.0 and nzb.size == 0
    assert paused.state is DownloadState.PAUSED and paused.eta_seconds is None
    assert finished.state is DownloadState.COMPLETED and finished.added_at == at(1764000000)


async def test_tasks_are_at_most_50_and_long_titles_are_cut(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("tasks"))
    one = answer["data"]["tasks"][0]
    answer["data"]["tasks"] = [{**one, "id": f"dbid_{n}", "title": "x" * 500} for n in range(70)]
    payload = await integration.fetch_data(make_client(fake({TASKS: answer})), "tasks")
    assert isinstance(payload, DownloadQueue)
    assert payload.total == 70 and len(payload.items) == 50
    assert len(payload.items[0].name) == 200 and payload.items[0].name.endswith("…")


async def test_a_task_without_additional_data_still_lists(make_client: MakeClient) -> None:
    answer = {
        "success": True,
        "data": {
            "total": 1,
            "offset": 0,
            "tasks": [{"id": "dbid_9", "title": "t", "size": 0, "status": "finished"}],
        },
    }
    payload = await integration.fetch_data(make_client(fake({TASKS: answer})), "tasks")
    assert isinstance(payload, DownloadQueue)
    (item,) = payload.items
    assert (item.state, item.progress, item.added_at) == (DownloadState.COMPLETED, 1.0, None)


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("waiting", DownloadState.QUEUED),
        ("filehost_waiting", DownloadState.QUEUED),
        ("hash_checking", DownloadState.CHECKING),
        ("finishing", DownloadState.CHECKING),
        ("extracting", DownloadState.CHECKING),
        ("captcha_needed", DownloadState.UNKNOWN),
        (2, DownloadState.DOWNLOADING),
        (8, DownloadState.SEEDING),
        (7, DownloadState.UNKNOWN),
        (105, DownloadState.ERROR),
    ],
)
def test_statuses(status: str | int, state: DownloadState) -> None:
    assert state_of(status) is state


async def test_one_login_serves_many_calls_and_a_dropped_session_is_renewed_once(
    make_client: MakeClient,
) -> None:
    await check_login_session(ID, make_client, fake(), "tasks")


async def test_a_session_refused_after_a_new_login_is_unauthorized(
    make_client: MakeClient,
) -> None:
    await check_a_session_refused_after_a_new_login(ID, make_client, fake(), "tasks")


async def test_a_wrong_password_is_unauthorized(make_client: MakeClient) -> None:
    station = fake()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(station, "wrong-password"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "Download Station refused the login" in caught.value.message
    assert_no_secret(caught.value, "wrong-password")
    assert station.calls[(AUTH_API, "login")] == 1


async def test_a_two_factor_account_is_a_clear_unauthorized(make_client: MakeClient) -> None:
    station = FakeSynology(ID, ROUTES, password="not-this-one", refusal="login_two_factor")
    err = await refused_login(ID, make_client, station, PASSWORD)
    assert err.code is ErrorCode.UNAUTHORIZED
    assert "two-factor authentication" in err.message and "error 403" in err.message
    assert "use an account without two-factor authentication" in err.message


async def test_an_account_without_download_station_is_forbidden(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({TASKS: "no_permission"})), "tasks")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "Application Privileges" in caught.value.message


async def test_without_download_station_the_apis_are_missing(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("api_info"))
    for name in list(answer["data"]):
        if name.startswith("SYNO.DownloadStation"):
            del answer["data"][name]
    station = FakeSynology(ID, ROUTES, info=answer)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(station))
    assert caught.value.code is ErrorCode.NOT_FOUND and unsupported(caught.value)
    assert "is Download Station installed and running" in caught.value.message
    assert station.logins == []  # nothing to log in to


async def test_a_task_error_code_is_an_upstream_error(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({TASKS: error(100)})), "tasks")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "error 100: unknown error" in caught.value.message


async def test_an_unexpected_shape_is_an_invalid_response(make_client: MakeClient) -> None:
    answer = {"success": True, "data": {"tasks": "none"}}
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({TASKS: answer})), "tasks")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_a_web_page_in_place_of_the_api_is_an_invalid_response(
    make_client: MakeClient,
) -> None:
    page = httpx.Response(200, text="<html>DSM</html>", headers={"content-type": "text/html"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake({TASKS: lambda _r: page})), "tasks")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
