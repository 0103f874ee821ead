"""Alertmanager integration against the real Alertmanager (Debian 0.25.0) on loopback: the test
posts alerts and creates a silence through Alertmanager's API v2, then reads them back through
Tilewire's GraphQL API and compares with Alertmanager's own answers. Dates are relative to now;
every alert and label is unique to the test run, and the silence is expired afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from integrations.alertmanager import integration
from integrations.alertmanager.definition import AlertmanagerAlerts, AlertmanagerSilences
from integrations.errors import ErrorCode, IntegrationError
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG = "wrong-password"


def settings(svc: ServiceInfo, password: str | None = None, **extra: Any) -> dict[str, Any]:
    creds = {
        "type": "usernamePassword",
        "username": svc.username,
        "password": password or svc.password,
    }
    return {"url": svc.url, "credentials": creds, **({"extra": extra} if extra else {})}


@pytest.fixture
def raw(svc: ServiceInfo) -> Iterator[httpx.Client]:
    assert svc.username and svc.password
    with httpx.Client(
        base_url=f"{svc.url}/api/v2", auth=(svc.username, svc.password), trust_env=False, timeout=10
    ) as client:
        yield client


@pytest.fixture
def posted(raw: httpx.Client) -> Iterator[str]:
    """Three alerts of this run (critical, warning, and a warning silenced) and the silence;
    yields the run's id (label ``run``). The alerts end within minutes; the silence is expired."""
    run = uuid.uuid4().hex[:12]
    now = datetime.now(UTC)
    end = (now + timedelta(minutes=5)).isoformat()

    def alert(name: str, severity: str, summary: str, minutes_ago: int) -> dict[str, Any]:
        return {
            "labels": {"alertname": name, "severity": severity, "run": run},
            "annotations": {"summary": summary},
            "startsAt": (now - timedelta(minutes=minutes_ago)).isoformat(),
            "endsAt": end,
        }

    silence = {
        "matchers": [
            {"name": "run", "value": run, "isRegex": False, "isEqual": True},
            {"name": "alertname", "value": "TwQuiet", "isRegex": False, "isEqual": True},
        ],
        "startsAt": now.isoformat(),
        "endsAt": (now + timedelta(hours=1)).isoformat(),
        "createdBy": "tilewire-live",
        "comment": f"live test {run}",
    }
    silence_id = raw.post("/silences", json=silence).raise_for_status().json()["silenceID"]
    raw.post(
        "/alerts",
        json=[
            alert("TwDiskFull", "critical", f"disk full {run}", 2),
            alert("TwLoad", "warning", f"load high {run}", 1),
            alert("TwQuiet", "warning", f"silenced {run}", 3),
        ],
    ).raise_for_status()
    try:
        yield run
    finally:
        raw.delete(f"/silence/{silence_id}")


async def test_a_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    config = integration.config_model.model_validate(settings(svc, WRONG))
    client = integration.create_client(config)
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert WRONG not in str(caught.value) + repr(caught.value)


async def test_through_graphql_matches_alertmanager(
    api: Api, svc: ServiceInfo, raw: httpx.Client, posted: str
) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "alertmanager",
        settings(svc, includeSuppressed=True),
        version=svc.version,
        wrong_credentials=settings(svc, WRONG),
        secrets=(svc.password, WRONG),
    )
    run = posted
    listed = raw.get("/alerts").raise_for_status().json()
    alerts = AlertmanagerAlerts.model_validate(payloads["alerts"])
    assert alerts.firing == sum(a["status"]["state"] == "active" for a in listed)
    assert alerts.suppressed == sum(a["status"]["state"] == "suppressed" for a in listed)
    mine = {a.name: a for a in alerts.alerts if a.label("run") == run}
    assert set(mine) == {"TwDiskFull", "TwLoad", "TwQuiet"}
    assert (mine["TwDiskFull"].severity, mine["TwDiskFull"].summary) == (
        "critical",
        f"disk full {run}",
    )
    assert (mine["TwQuiet"].state, mine["TwQuiet"].silenced) == ("suppressed", True)
    assert mine["TwLoad"].state == "active"
    names = [a.name for a in alerts.alerts]
    assert names.index("TwDiskFull") < names.index("TwLoad") < names.index("TwQuiet")
    by = {c.severity: c.count for c in alerts.by_severity}
    firing = [a for a in listed if a["status"]["state"] == "active"]
    assert by.get("critical") == sum(a["labels"].get("severity") == "critical" for a in firing) >= 1

    silences = AlertmanagerSilences.model_validate(payloads["silences"])
    raw_silences = raw.get("/silences").raise_for_status().json()
    assert silences.active == sum(s["status"]["state"] == "active" for s in raw_silences) >= 1
    ours = next(s for s in silences.silences if s.comment == f"live test {run}")
    assert ours.matchers == [f"run={run}", "alertname=TwQuiet"]
    assert ours.created_by == "tilewire-live"


async def test_firing_only_by_default(api: Api, svc: ServiceInfo, posted: str) -> None:
    config = integration.config_model.model_validate(settings(svc))
    client = integration.create_client(config)
    try:
        alerts = await integration.fetch_data(client, "alerts")
    finally:
        await client.aclose()
    assert isinstance(alerts, AlertmanagerAlerts)
    mine = {a.name for a in alerts.alerts if a.label("run") == posted}
    assert mine == {"TwDiskFull", "TwLoad"}
