"""Prometheus Alertmanager integration against answers recorded from Alertmanager 0.25.0,
shaped as its API v2 OpenAPI document defines them."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.alertmanager import integration
from integrations.alertmanager.client import AlertmanagerClient
from integrations.alertmanager.definition import (
    MAX_ALERTS,
    AlertmanagerAlerts,
    AlertmanagerSettings,
    AlertmanagerSilences,
)
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    needs_header,
    response_of,
    secret_check,
)

ID = "alertmanager"
USERNAME = "admin"
PASSWORD = "fixture-password"
TOKEN = "fixture-token"
BASE = "http://alertmanager.test:9093"
STATUS = ("GET", "/api/v2/status")
ALERTS = ("GET", "/api/v2/alerts")
SILENCES = ("GET", "/api/v2/silences")

MakeClient = Callable[..., AlertmanagerClient]

body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD, TOKEN)


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def config(password: str = PASSWORD, url: str = BASE, **extra: Any) -> dict[str, Any]:
    creds = {"type": "usernamePassword", "username": USERNAME, "password": password}
    return {"url": url, "credentials": creds, **({"extra": extra} if extra else {})}


def fake(routes: dict[tuple[str, str], Any] | None = None, header: str = "") -> FakeUpstream:
    """Alertmanager behind basic auth (``--web.config.file``): every route takes the password."""
    return FakeUpstream(
        ID,
        routes or {STATUS: "status", ALERTS: "alerts", SILENCES: "silences"},
        refuse=needs_header(
            ID, "authorization", header or basic(USERNAME, PASSWORD), "unauthorized"
        ),
    )


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == body("status")["versionInfo"]["version"] == "0.25.0"
    assert info.details == {"cluster": "disabled", "peers": "0"}


async def test_alerts_firing_most_severe_first(make_client: MakeClient) -> None:
    upstream = fake()
    alerts = await integration.fetch_data(make_client(upstream), "alerts")
    assert isinstance(alerts, AlertmanagerAlerts)
    assert (alerts.firing, alerts.suppressed, alerts.capped) == (3, 1, False)
    assert [(c.severity, c.count) for c in alerts.by_severity] == [
        ("critical", 1),
        ("warning", 1),
        ("none", 1),
    ]
    assert [(a.name, a.severity, a.state) for a in alerts.alerts] == [
        ("DiskFull", "critical", "active"),
        ("BackupLate", "warning", "active"),
        ("Watchdog", "none", "active"),
    ]
    disk = alerts.alerts[0]
    assert disk.summary == "Disk almost full on nas"
    assert disk.label("instance") == "nas:9100"
    assert disk.generator_url == "http://prometheus.local/graph?g0.expr=disk"
    assert alerts.alerts[2].summary == "Always firing"  # the description, without a summary
    recorded = {a["fingerprint"]: a["startsAt"] for a in body("alerts")}
    assert disk.starts_at == datetime.fromisoformat(recorded[disk.fingerprint])


async def test_alerts_asks_for_every_state(make_client: MakeClient) -> None:
    seen: list[httpx.QueryParams] = []

    def alerts(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        return response_of(fixture(ID, "alerts"))

    upstream = fake({ALERTS: alerts})
    await integration.fetch_data(make_client(upstream), "alerts")
    assert dict(seen[0]) == {"active": "true", "silenced": "true", "inhibited": "true"}


async def test_suppressed_alerts_listed_after_firing_when_asked(clients: Any) -> None:
    client = clients(config(includeSuppressed=True), fake())
    alerts = await integration.fetch_data(client, "alerts")
    assert isinstance(alerts, AlertmanagerAlerts)
    assert [a.name for a in alerts.alerts][-1] == "HighLoad"
    high = alerts.alerts[-1]
    assert (high.state, high.silenced, high.inhibited) == ("suppressed", True, False)
    assert alerts.firing == 3  # counts do not change


async def test_receiver_filter_is_sent(clients: Any) -> None:
    seen: list[httpx.QueryParams] = []

    def alerts(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        return response_of(fixture(ID, "alerts"))

    await integration.fetch_data(
        clients(config(receiver="team-.*"), fake({ALERTS: alerts})), "alerts"
    )
    assert seen[0]["receiver"] == "team-.*"


def test_a_receiver_with_a_newline_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        AlertmanagerSettings.model_validate({"receiver": "a\nb"})
    assert "receiver" in str(caught.value)


async def test_alerts_are_bounded_newest_first(make_client: MakeClient) -> None:
    template = body("alerts")[1]  # DiskFull, critical
    start = datetime.now(UTC)
    many = []
    for n in range(MAX_ALERTS + 10):
        alert = copy.deepcopy(template)
        alert["fingerprint"] = f"{n:016x}"
        alert["labels"]["instance"] = f"host{n}:9100"
        alert["startsAt"] = (start - timedelta(minutes=n)).isoformat()
        many.append(alert)
    upstream = fake({ALERTS: many})
    alerts = await integration.fetch_data(make_client(upstream), "alerts")
    assert isinstance(alerts, AlertmanagerAlerts)
    assert (alerts.firing, alerts.capped, len(alerts.alerts)) == (MAX_ALERTS + 10, True, MAX_ALERTS)
    assert [a.fingerprint for a in alerts.alerts[:2]] == [f"{0:016x}", f"{1:016x}"]


async def test_silences_active_then_pending(make_client: MakeClient) -> None:
    silences = await integration.fetch_data(make_client(fake()), "silences")
    assert isinstance(silences, AlertmanagerSilences)
    assert (silences.active, silences.pending, silences.expired) == (1, 1, 1)
    assert [(s.state, s.comment) for s in silences.silences] == [
        ("active", "maintenance"),
        ("pending", "backup server migration"),
    ]
    assert silences.silences[0].matchers == ["alertname=HighLoad"]
    assert silences.silences[1].matchers == ["job=~back.*"]
    assert silences.silences[1].created_by == "ops"


async def test_a_wrong_password_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-password"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert_no_secret(caught.value, "wrong-password")


async def test_no_credentials_behind_auth_says_to_choose_some(clients: Any) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(
            clients({"url": BASE, "credentials": {"type": "none"}}, fake())
        )
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "choose basic auth or an access token" in caught.value.message


async def test_a_bearer_token_is_sent(clients: Any) -> None:
    upstream = fake(header=f"Bearer {TOKEN}")
    cfg = {"url": BASE, "credentials": {"type": "token", "token": TOKEN}}
    alerts = await integration.fetch_data(clients(cfg, upstream), "alerts")
    assert isinstance(alerts, AlertmanagerAlerts)
    assert alerts.firing == 3
