"""NUT integration against the real upsd 2.8.0 (Debian) serving the dummy-ups driver's UPS on
loopback: the ``ups`` endpoint through Tilewire's GraphQL API, compared with what ``upsc`` (NUT's
own client) reports; the credentials checked by LOGIN."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.nut import integration
from integrations.nut.definition import NutUps
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.support.api import Api
from tests.support.availability import unavailable

pytestmark = pytest.mark.live

UPS = "dummy"
WRONG = "wrong-password"


def settings(svc: ServiceInfo, password: str | None = None, **extra: Any) -> dict[str, Any]:
    creds = {
        "type": "usernamePassword",
        "username": svc.username,
        "password": password or svc.password,
    }
    return {"url": svc.url, "credentials": creds, "extra": extra}


def upsc(svc: ServiceInfo) -> dict[str, str]:
    """``upsc dummy@127.0.0.1:18200``: NUT's own reading of every variable."""
    binary = shutil.which("upsc")
    if binary is None:
        unavailable("upsc not installed; run tests/live/services/install.sh nut")
    address = svc.url.removeprefix("http://")
    out = subprocess.run(
        [binary, f"{UPS}@{address}"], capture_output=True, text=True, timeout=10, check=True
    ).stdout
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


async def test_through_graphql_matches_upsc(api: Api, svc: ServiceInfo) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "nut",
        settings(svc),
        version=svc.version,
        wrong_credentials=settings(svc, WRONG),
        secrets=(svc.password, WRONG),
    )
    assert svc.version == "2.8.0"
    ups = NutUps.model_validate(payloads["ups"])
    values = upsc(svc)
    assert ups.name == UPS
    assert ups.status == values["ups.status"] == "OL CHRG"
    assert (ups.online, ups.on_battery, ups.low_battery) == (True, False, False)
    assert ups.status_text == "Online, Charging"
    assert ups.battery_charge == float(values["battery.charge"])
    assert ups.battery_runtime_seconds == int(values["battery.runtime"])
    assert ups.load == float(values["ups.load"])
    assert ups.input_voltage == float(values["input.voltage"])
    assert ups.output_voltage == float(values["output.voltage"])
    assert ups.model == values["ups.model"]
    assert ups.manufacturer == values["ups.mfr"]
    assert ups.ups_count == 1


async def test_without_credentials_reading_works(svc: ServiceInfo) -> None:
    config = integration.config_model.model_validate({"url": svc.url})
    client = integration.create_client(config)
    try:
        info = await integration.test_connection(client)
        ups = await integration.fetch_data(client, "ups")
    finally:
        await client.aclose()
    assert info.details == {"ups": UPS, "upses": "1"}
    assert isinstance(ups, NutUps) and ups.status == upsc(svc)["ups.status"]


@pytest.mark.parametrize(
    ("extra", "password", "code"),
    [({}, WRONG, ErrorCode.UNAUTHORIZED), ({"ups": "garage"}, None, ErrorCode.NOT_FOUND)],
    ids=["wrong-password", "unknown-ups"],
)
async def test_refusals(
    svc: ServiceInfo, extra: dict[str, str], password: str | None, code: ErrorCode
) -> None:
    config = integration.config_model.model_validate(settings(svc, password, **extra))
    client = integration.create_client(config)
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is code, caught.value
    assert WRONG not in str(caught.value) + repr(caught.value)
