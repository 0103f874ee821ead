"""Re-record the Home Assistant fixtures from the real Home Assistant Core on loopback.

Starts it if needed (tests/live/services/homeassistant/run.sh: 127.0.0.1:18240, two template
sensors and an input_boolean, a long-lived access token minted at the first start). The token
is replaced by a fake in the fixtures.

usage (from the repository root, installed with tests/live/services/install.sh homeassistant):
    .venv/bin/python tests/integrations/homeassistant/record.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import httpx

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, Recorder
from tests.live.services import ensure_service
from tests.live.specs.homeassistant import token

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEEP_HEADERS = ("content-type",)
FAKE_TOKEN = "fixture-long-lived-access-token"
WRONG_TOKEN = "wrong-token"
TEMPLATE = "{{ states('sensor.svc_temperature') }} {{ state_attr('sensor.svc_temperature', 'unit_of_measurement') }}"
SWITCH = "input_boolean.tilewire_test"
SCRIPT = "script.tilewire_test"
AUTOMATION = "automation.tilewire_test"
BROKEN_TEMPLATE = "{{ states('sensor.svc_temperature' }}"


def recorder(source: str, secret: str) -> Recorder:
    return Recorder(
        "homeassistant",
        source,
        keep_headers=KEEP_HEADERS,
        request_headers=("Authorization",),
        fakes={secret: FAKE_TOKEN},
    )


def main() -> None:
    svc = ensure_service("homeassistant")
    secret = token()
    today = dt.date.today().isoformat()
    rec = recorder(
        f"Home Assistant Core {svc.version}, PyPI venv, recorded on loopback {today}", secret
    )
    auth = {"Authorization": f"Bearer {secret}"}
    wrong = {"Authorization": f"Bearer {WRONG_TOKEN}"}
    with httpx.Client(base_url=svc.url, timeout=10.0, trust_env=False) as c:
        rec.record("config", c.get("/api/config", headers=auth))
        rec.record("states", c.get("/api/states", headers=auth))
        for entity_id in ("sensor.svc_temperature", "sensor.svc_mode", "input_boolean.svc_switch"):
            name = "state_" + entity_id.split(".", 1)[1].removeprefix("svc_")
            rec.record(name, c.get(f"/api/states/{entity_id}", headers=auth))
        rec.record("state_not_found", c.get("/api/states/sensor.does_not_exist", headers=auth))
        good = {"template": TEMPLATE}
        rec.record("template", c.post("/api/template", json=good, headers=auth), request_body=good)
        broken = {"template": BROKEN_TEMPLATE}
        rec.record(
            "template_error",
            c.post("/api/template", json=broken, headers=auth),
            request_body=broken,
        )
        rec.record("unauthorized", c.get("/api/config", headers=wrong))
        rec.record(
            "template_unauthorized",
            c.post("/api/template", json=good, headers=wrong),
            request_body=good,
        )
        record_actions(rec, c, auth)
        rec.record("api_root", c.get("/api/", headers=auth))
        page = c.get("/", follow_redirects=True)
        rec.record("not_that_service", page, trim=HTML_TRIM)


def record_actions(rec: Recorder, c: httpx.Client, auth: dict[str, str]) -> None:
    """The service calls of the actions, on the entities run.sh configures for them; every
    change is undone (input_boolean.tilewire_test ends as it started, off)."""

    def call(domain: str, service: str, entity_id: str, name: str | None = None) -> None:
        body = {"entity_id": entity_id}
        response = c.post(f"/api/services/{domain}/{service}", json=body, headers=auth)
        if name is not None:
            rec.record(name, response, request_body=body)

    def switch_is(state: str) -> None:
        for _ in range(50):  # scripts and automations run after the call returns: 10 s at most
            if c.get(f"/api/states/{SWITCH}", headers=auth).json()["state"] == state:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{SWITCH} did not become {state}")

    rec.record("state_tilewire_test", c.get(f"/api/states/{SWITCH}", headers=auth))
    call("input_boolean", "turn_on", SWITCH, "service_turn_on")
    call("input_boolean", "turn_off", SWITCH, "service_turn_off")
    call("input_boolean", "toggle", SWITCH, "service_toggle")
    call("input_boolean", "turn_off", SWITCH)
    rec.record("state_script", c.get(f"/api/states/{SCRIPT}", headers=auth))
    call("script", "turn_on", SCRIPT, "service_script_turn_on")
    switch_is("on")
    call("input_boolean", "turn_off", SWITCH)
    rec.record("state_automation", c.get(f"/api/states/{AUTOMATION}", headers=auth))
    call("automation", "trigger", AUTOMATION, "service_automation_trigger")
    switch_is("on")
    call("input_boolean", "turn_off", SWITCH)
    call("sensor", "turn_on", "sensor.svc_temperature", "service_not_found")


if __name__ == "__main__":
    main()
