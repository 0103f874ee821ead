"""Re-record the Caddy fixtures from the real Caddy on loopback.

Starts the services with tests/live/services/<svc>/run.sh when needed (install them first with
tests/live/services/install.sh caddy syncthing nodered) and writes one JSON file per exchange to
tests/integrations/caddy/fixtures/. A second, short-lived Caddy with nothing but an admin address
gives the answers of a Caddy without sites ("_minimal", "_empty"). The "not that service"
answers come from Syncthing (an HTML page) and Node-RED (other JSON).

usage (from the repository root): .venv/bin/python tests/integrations/caddy/record.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, TODAY, Recorder, debian_version
from tests.live.services import ensure_service
from tests.live.specs.caddy import AUTH_URL, SITE_URL
from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEEP_HEADERS = ("content-type", "www-authenticate", "server")
START_TIMEOUT_S = 15.0


RECORDER = Recorder("caddy", keep_headers=KEEP_HEADERS)


def record(name: str, response: httpx.Response, source: str, **options: Any) -> Path:
    RECORDER.record(name, response, source, trim=HTML_TRIM, **options)
    return RECORDER.written[-1]


@contextmanager
def bare_caddy() -> Iterator[str]:
    """A Caddy whose config is only its admin address, on a free loopback port."""
    admin = f"127.0.0.1:{free_port()}"
    with tempfile.TemporaryDirectory(prefix="tilewire-caddy-") as home:
        config = Path(home) / "caddy.json"
        config.write_text(json.dumps({"admin": {"listen": admin}}))
        env = {**os.environ, "HOME": home, "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home}
        proc = subprocess.Popen(
            ["caddy", "run", "--config", str(config)],
            env=env,
            cwd=home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            with httpx.Client(trust_env=False, timeout=2) as c:
                while True:
                    try:
                        if c.get(f"http://{admin}/config/").status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the bare Caddy did not start")
                    time.sleep(0.2)
            yield f"http://{admin}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> int:
    try:
        svc = ensure_service("caddy")
        syncthing = ensure_service("syncthing")
        nodered = ensure_service("nodered")
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        print(f"record: service unavailable: {exc}", file=sys.stderr)
        return 1
    source = (
        f"Caddy {svc.version}, caddy {debian_version('caddy')} from Debian bookworm "
        f"(tests/live/services/caddy/run.sh), recorded on loopback {TODAY}"
    )
    written: list[Path] = []
    with httpx.Client(trust_env=False, timeout=10) as c:
        written.append(record("config", c.get(f"{svc.url}/config/"), source))
        written.append(record("upstreams", c.get(f"{svc.url}/reverse_proxy/upstreams"), source))
        wrong_host = {"Host": "caddy.lan"}
        written.append(
            record(
                "host_not_allowed",
                c.get(f"{svc.url}/config/", headers=wrong_host),
                source,
                request_headers=wrong_host,
            )
        )
        written.append(record("not_found", c.get(f"{svc.url}/no-such-endpoint"), source))
        proxied = f"{source}; admin API behind Caddy's basicauth on another site"
        written.append(
            record(
                "proxy_unauthorized",
                c.get(f"{AUTH_URL}/config/", auth=("admin", "wrong-password")),
                proxied,
                request_headers={"authorization": "Basic YWRtaW46d3JvbmctcGFzc3dvcmQ="},
            )
        )
        written.append(
            record(
                "site_not_admin",
                c.get(f"{SITE_URL}/config/"),
                f"{source}; the proxied site's port instead of the admin API's",
            )
        )
        with bare_caddy() as bare:
            minimal = f"{source}; a second Caddy whose config is only its admin address"
            written.append(record("config_minimal", c.get(f"{bare}/config/"), minimal))
            written.append(
                record("upstreams_empty", c.get(f"{bare}/reverse_proxy/upstreams"), minimal)
            )
        written.append(
            record(
                "not_that_service",
                c.get(f"{syncthing.url}/"),
                f"Syncthing {syncthing.version} GUI page (GET /, Debian bookworm), body trimmed "
                f"to the first {HTML_TRIM} characters; recorded on loopback {TODAY}. Used as "
                "'not that service': an HTML page where Caddy's admin API was expected.",
            )
        )
        written.append(
            record(
                "other_json",
                c.get(f"{nodered.url}/auth/login"),
                f"Node-RED {nodered.version} GET /auth/login (npm); recorded on loopback {TODAY}. "
                "Used as 'not that service': a JSON object that is not a Caddy config.",
            )
        )
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
