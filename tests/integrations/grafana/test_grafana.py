"""Grafana integration against answers transcribed from the Grafana 12.3 HTTP API
documentation and sources (values written for the tests)."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode
from integrations.grafana import integration
from integrations.grafana.client import GrafanaClient
from integrations.grafana.definition import MAX_ALERTS, GrafanaAlerts, GrafanaStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "grafana"
BASE = "http://grafana.test:3000"
USER, PASSWORD = "admin", "fixture-grafana-password"
TOKEN = "glsa_fixtureServiceAccountToken_0123abcd"
HEALTH = ("GET", "/api/health")
ORG = ("GET", "/api/org")
STATS = ("GET", "/api/admin/stats")
ALERTS = ("GET", "/api/alertmanager/grafana/api/v2/alerts")

MakeClient = Callable[..., GrafanaClient]
body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD, TOKEN)
refused = partial(refusal, ID)


def config(password: str = PASSWORD, token: str | None = None, url: str = BASE) -> dict[str, Any]:
    if token is not None:
        return {"url": url, "credentials": {"type": "token", "token": token}}
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": USER, "password": password},
    }


BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def fake(**routes: Any) -> FakeUpstream:
    """Grafana's rules: health open; the rest needs the admin's basic auth or the token, and
    the server statistics a server admin (the service account is refused with 403)."""
    served = {HEALTH: "health", ORG: "org", STATS: "stats", ALERTS: "alerts"}
    for name, value in routes.items():
        served[{"health": HEALTH, "org": ORG, "stats": STATS, "alerts": ALERTS}[name]] = value

    def refuse(request: httpx.Request) -> httpx.Response | None:
        auth = request.headers.get("authorization")
        if auth == BASIC:
            return None
        if auth == f"Bearer {TOKEN}":
            if request.url.path == STATS[1]:
                return response_of(fixture(ID, "forbidden"))
            return None
        return response_of(fixture(ID, "unauthorized"))

    return FakeUpstream(ID, served, refuse=refuse, open_routes=[HEALTH])


async def test_connection_names_version_and_organization(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "12.3.0"
    assert info.details == {"organization": "Main Org.", "database": "ok"}


async def test_connection_without_a_version(make_client: MakeClient) -> None:
    hidden = {"database": "ok"}  # [auth.anonymous] hide_version
    info = await integration.test_connection(make_client(fake(health=hidden)))
    assert info.version is None


async def test_stats(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await integration.fetch_data(make_client(upstream), "stats")
    assert isinstance(payload, GrafanaStats)
    assert (payload.dashboards, payload.datasources, payload.users) == (14, 3, 5)
    assert (payload.active_users, payload.daily_active_users, payload.active_sessions) == (3, 2, 4)
    assert (payload.orgs, payload.alerts, payload.snapshots, payload.playlists) == (1, 7, 2, 1)
    assert upstream.requests[-1].headers["authorization"] == BASIC


async def test_stats_of_an_older_grafana_without_daily_counts(make_client: MakeClient) -> None:
    older = {k: v for k, v in body("stats").items() if not k.startswith(("daily", "monthly"))}
    payload = await integration.fetch_data(make_client(fake(stats=older)), "stats")
    assert isinstance(payload, GrafanaStats) and payload.daily_active_users is None


async def test_stats_with_a_service_account_is_forbidden(make_client: MakeClient) -> None:
    err = await refused(make_client(fake(), token=TOKEN), "stats")
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "server admin" in err.message
    assert_no_secret(err)


async def test_alerts_firing_newest_first(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await integration.fetch_data(make_client(upstream, token=TOKEN), "alerts")
    assert isinstance(payload, GrafanaAlerts)
    assert payload.firing == 2
    nas, disk = payload.alerts
    assert (nas.name, nas.severity, nas.summary) == (
        "NasDown",
        "critical",
        "nas has not answered for 5 minutes",
    )
    assert disk.name == "DiskAlmostFull" and disk.started_at < nas.started_at
    sent = upstream.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert dict(sent.url.params) == {"active": "true", "silenced": "false", "inhibited": "false"}


async def test_many_alerts_are_counted_and_capped(make_client: MakeClient) -> None:
    template = body("alerts")[0]
    many = []
    for n in range(MAX_ALERTS + 7):
        alert = copy.deepcopy(template)
        alert["labels"]["alertname"] = f"a{n}" * 200
        alert["annotations"]["summary"] = "x" * 5000
        many.append(alert)
    payload = await integration.fetch_data(make_client(fake(alerts=many)), "alerts")
    assert isinstance(payload, GrafanaAlerts)
    assert payload.firing == MAX_ALERTS + 7 and len(payload.alerts) == MAX_ALERTS
    assert all(len(a.name) <= 200 and len(a.summary or "") <= 200 for a in payload.alerts)


@pytest.mark.parametrize("kind", ["password", "token"])
async def test_wrong_credentials_are_unauthorized_without_them(
    make_client: MakeClient, kind: str
) -> None:
    wrong = "wrong-secret-value"
    client = make_client(fake(), wrong) if kind == "password" else make_client(fake(), token=wrong)
    err = await refused(client)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert ("service account" in err.message) == (kind == "token")
    assert_no_secret(err, wrong, PASSWORD, TOKEN)


async def test_a_web_page_is_invalid_response(make_client: MakeClient) -> None:
    page = "not_that_service"
    err = await refused(make_client(fake(org=page, stats=page, alerts=page)))
    assert err.code is ErrorCode.INVALID_RESPONSE
    for endpoint_id in ("stats", "alerts"):
        err = await refused(make_client(fake(org=page, stats=page, alerts=page)), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert_no_secret(err)


@pytest.mark.parametrize(
    ("credentials", "field"),
    [
        ({"type": "usernamePassword", "username": USER}, "password"),
        ({"type": "token"}, "token"),
    ],
)
def test_settings_name_the_missing_field(credentials: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate({"url": BASE, "credentials": credentials})
    assert caught.value.errors()[0]["loc"][-1] == field
