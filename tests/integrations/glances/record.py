"""Re-record the Glances fixtures from the real Glances 4.x (API v4) and 3.x (API v3) servers.

Starts the services if needed (tests/live/services/{glances,glances3}/run.sh) and writes one file
per exchange to tests/integrations/glances/fixtures/ (format: tests/integrations/upstream.py):
``v4_*`` from Glances 4, ``v3_*`` from Glances 3; ``not_that_service`` is Netdata's dashboard page
and ``other_json`` Netdata's /api/v1/info, both answered where Glances was expected.

usage (from the repository root, services installed with tests/live/services/install.sh):
    .venv/bin/python tests/integrations/glances/record.py
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.record_fixtures import client, not_that_service_source
from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import ServiceInfo, ensure_service

WRONG_PASSWORD = "wrong-password"
IDENTITY = "identity"
PLUGINS = ("system", "cpu", "mem", "load", "fs", "uptime")
DISABLED_PLUGIN = "sensors"  # disabled by both run scripts (no hardware sensors here anyway)


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"authorization": f"Basic {token}"}


def keep_json_string(rec: Recorder, response: httpx.Response) -> None:
    """A JSON string answer (the uptime plugin's "0:51:17") is kept as its raw text: a string
    ``body`` in a fixture is served as is, so the decoded string would not be JSON any more."""
    path = rec.written[-1]
    doc = json.loads(path.read_text())
    if isinstance(doc["response"]["body"], str) and response.text.lstrip().startswith('"'):
        doc["response"]["body"] = response.text
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def record_server(rec: Recorder, svc: ServiceInfo, api: str, other: str) -> None:
    assert svc.username and svc.password
    auth = (svc.username, svc.password)
    authorized = basic(*auth)
    # Glances 3.3's /api/3/status fails (500) when the request accepts deflate, which httpx
    # does by default: the status probes ask for an uncompressed answer.
    plain = {"accept-encoding": IDENTITY}
    prefix = f"v{api}_"
    with client() as c:
        rec.record(
            prefix + "status",
            c.get(f"{svc.url}/api/{api}/status", auth=auth, headers=plain),
            request_headers={**authorized, **plain},
        )
        # what this generation answers where the other one is probed first (detection)
        rec.record(
            prefix + f"status_v{other}_route",
            c.get(f"{svc.url}/api/{other}/status", auth=auth, headers=plain),
            request_headers={**authorized, **plain},
            trim=HTML_TRIM,
        )
        if api == "3":
            deflate = {"accept-encoding": "gzip, deflate"}
            rec.record(
                "v3_status_deflate",
                c.get(f"{svc.url}/api/3/status", auth=auth, headers=deflate),
                request_headers={**authorized, **deflate},
                trim=HTML_TRIM,
            )
            rec.record(
                "v3_help", c.get(f"{svc.url}/api/3/help", auth=auth), request_headers=authorized
            )
        for plugin in PLUGINS:
            response = rec.record(
                prefix + plugin,
                c.get(f"{svc.url}/api/{api}/{plugin}", auth=auth),
                request_headers=authorized,
            )
            keep_json_string(rec, response)
        # not trimmed: the "Unknown plugin" text comes after Glances 3's HTML boilerplate
        rec.record(
            prefix + "plugin_disabled",
            c.get(f"{svc.url}/api/{api}/{DISABLED_PLUGIN}", auth=auth),
            request_headers=authorized,
        )
        rec.record(
            prefix + "unauthorized",
            c.get(f"{svc.url}/api/{api}/mem", auth=(svc.username, WRONG_PASSWORD)),
            request_headers=basic(svc.username, WRONG_PASSWORD),
            trim=HTML_TRIM,
        )


def main() -> int:
    try:
        v4 = ensure_service("glances")
        v3 = ensure_service("glances3")
        netdata = ensure_service("netdata")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    rec = Recorder(
        "glances",
        f"Glances {v4.version} (REST API v4), glances[web] {v4.version} from PyPI in a venv, "
        f"recorded on loopback {TODAY}",
    )
    record_server(rec, v4, "4", "3")
    rec.source = (
        f"Glances {v3.version} (REST API v3), glances {debian_version('glances')} + python3-bottle "
        f"from Debian bookworm, recorded on loopback {TODAY}"
    )
    record_server(rec, v3, "3", "4")
    netdata_name = f"Netdata {netdata.version} (Debian bookworm)"
    with client() as c:
        rec.record(
            "not_that_service",
            c.get(f"{netdata.url}/"),
            trim=HTML_TRIM,
            source=not_that_service_source(netdata_name, "/"),
        )
        rec.record(
            "other_json",
            c.get(f"{netdata.url}/api/v1/info"),
            source=f"{netdata_name}: GET /api/v1/info, recorded on loopback {TODAY}. Used as "
            "'another service's JSON' (it has a version field too, in another format).",
        )
    for path in rec.written:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
