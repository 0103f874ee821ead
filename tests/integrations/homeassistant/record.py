"""Re-record the Home Assistant fixtures from the real Home Assistant Core on loopback.

Starts it if needed (tests/live/services/homeassistant/run.sh: 127.0.0.1:18240, two template
sensors and an input_boolean, a long-lived access token minted at the first start). The token
is replaced by a fake in the fixtures.

usage (from the repository root, installed with tests/live/services/install.sh homeassistant):
    .venv/bin/python tests/integrations/homeassistant/record.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.services import ensure_service
from tests.live.specs.homeassistant import token

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEEP_HEADERS = ("content-type",)
HTML_TRIM = 300
FAKE_TOKEN = "fixture-long-lived-access-token"
WRONG_TOKEN = "wrong-token"
TEMPLATE = "{{ states('sensor.svc_temperature') }} {{ state_attr('sensor.svc_temperature', 'unit_of_measurement') }}"
BROKEN_TEMPLATE = "{{ states('sensor.svc_temperature' }}"


class Recorder:
    def __init__(self, source: str, secret: str) -> None:
        self.source = source
        self.secret = secret

    def record(
        self, name: str, response: httpx.Response, *, request_body: Any = None, trim: int = 0
    ) -> httpx.Response:
        req = response.request
        request: dict[str, Any] = {"method": req.method, "path": req.url.raw_path.decode()}
        if "authorization" in req.headers:
            auth = req.headers["authorization"].replace(self.secret, FAKE_TOKEN)
            request["headers"] = {"Authorization": auth}
        if request_body is not None:
            request["body"] = request_body
        headers = {k: response.headers[k] for k in KEEP_HEADERS if k in response.headers}
        body: Any
        if response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
        else:
            body = response.text[:trim] if trim else response.text
        doc = {
            "source": self.source,
            "request": request,
            "response": {"status": response.status_code, "headers": headers, "body": body},
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        assert self.secret not in text, f"{name}: the token would be written"
        FIXTURES.mkdir(parents=True, exist_ok=True)
        (FIXTURES / f"{name}.json").write_text(text)
        print(f"recorded {name}: HTTP {response.status_code}")
        return response


def main() -> None:
    svc = ensure_service("homeassistant")
    secret = token()
    today = dt.date.today().isoformat()
    rec = Recorder(
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
        rec.record("api_root", c.get("/api/", headers=auth))
        page = c.get("/", follow_redirects=True)
        rec.record("not_that_service", page, trim=HTML_TRIM)


if __name__ == "__main__":
    main()
