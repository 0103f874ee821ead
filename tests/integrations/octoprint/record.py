"""Re-record the OctoPrint fixtures from the real OctoPrint on loopback.

Starts OctoPrint if needed (tests/live/services/octoprint/run.sh: 127.0.0.1:18210, virtual
printer), then records an idle printer, a print in progress and paused (a small G-code file with
dwells, uploaded, printed, cancelled and deleted again), a disconnected printer (disconnected,
recorded, connected again), and the answers to a wrong API key; and the job commands the
actions send: pause, resume and cancel of that print, and the 409 OctoPrint gives to a pause
with nothing printing and with no printer connected.

usage (from the repository root, OctoPrint installed with tests/live/services/install.sh):
    .venv/bin/python tests/integrations/octoprint/record.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a file path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.live.recorder import HTML_TRIM, Recorder
from tests.live.services import ensure_service
from tests.live.specs.octoprint import API_KEY

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEEP_HEADERS = ("content-type",)
WRONG_KEY = "wrong-api-key"
PRINT_FILE = "tilewire-record.gcode"
WAIT_S = 30.0


def gcode() -> str:
    """About a minute of printing on the virtual printer: heat-up commands that do not wait,
    then extruding moves with one-second dwells (the dwells are what takes time)."""
    lines = ["; tilewire fixture print", "G21", "G90", "M82", "M104 S210", "M140 S60", "G28"]
    lines += ["G92 E0", "G1 Z0.2 F1200"]
    for i in range(1, 61):
        lines += [f"G1 X{10 + i} Y{10 + i} E{i * 0.05:.2f} F600", "G4 P1000"]
    lines += ["M104 S0", "M140 S0"]
    return "\n".join(lines) + "\n"


def recorder(source: str) -> Recorder:
    return Recorder("octoprint", source, keep_headers=KEEP_HEADERS, request_headers=("X-Api-Key",))


def wait_for(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"OctoPrint: {what} not reached after {WAIT_S:.0f} s")
        time.sleep(0.3)


def main() -> None:
    svc = ensure_service("octoprint")
    today = dt.date.today().isoformat()
    rec = recorder(
        f"OctoPrint {svc.version}, PyPI venv, virtual printer, recorded on loopback {today}"
    )
    with (
        httpx.Client(
            base_url=svc.url, headers={"X-Api-Key": API_KEY}, timeout=10.0, trust_env=False
        ) as c,
        httpx.Client(
            base_url=svc.url, headers={"X-Api-Key": WRONG_KEY}, timeout=10.0, trust_env=False
        ) as wrong,
    ):

        def job() -> dict[str, Any]:
            result: dict[str, Any] = c.get("/api/job").raise_for_status().json()
            return result

        rec.record("version", c.get("/api/version"))
        rec.record("currentuser", c.get("/api/currentuser"))
        rec.record("currentuser_guest", wrong.get("/api/currentuser"))
        rec.record("version_wrong_key", wrong.get("/api/version"))
        rec.record("printer_wrong_key", wrong.get("/api/printer"))
        rec.record(
            "not_that_service",
            httpx.get(f"{svc.url}/", trust_env=False, follow_redirects=True),
            trim=HTML_TRIM,
        )

        # an idle printer with nothing selected (cancelling a print deselects its file)
        rec.record("printer", c.get("/api/printer"))

        c.delete(f"/api/files/local/{PRINT_FILE}")
        c.post(
            "/api/files/local", files={"file": (PRINT_FILE, gcode().encode())}
        ).raise_for_status()

        def analysed() -> bool:
            info = c.get(f"/api/files/local/{PRINT_FILE}").json()
            return bool(info.get("gcodeAnalysis", {}).get("estimatedPrintTime"))

        wait_for("G-code analysis", analysed)
        pause = {"command": "pause", "action": "pause"}
        resume = {"command": "pause", "action": "resume"}
        cancel = {"command": "cancel"}

        def command(name: str, body: dict[str, Any]) -> None:
            rec.record(name, c.post("/api/job", json=body), request_body=body)

        select = {"command": "select", "print": False}
        c.post(f"/api/files/local/{PRINT_FILE}", json=select).raise_for_status()
        rec.record("job", c.get("/api/job"))
        command("job_pause_not_printing", pause)
        c.post("/api/job", json={"command": "start"}).raise_for_status()
        wait_for("a few seconds of printing", lambda: (job()["progress"]["printTime"] or 0) >= 4)
        rec.record("job_printing", c.get("/api/job"))
        rec.record("printer_printing", c.get("/api/printer"))
        command("job_pause", pause)
        wait_for("Paused", lambda: job()["state"] == "Paused")
        rec.record("job_paused", c.get("/api/job"))
        rec.record("printer_paused", c.get("/api/printer"))
        command("job_resume", resume)
        wait_for("Printing after resume", lambda: job()["state"] == "Printing")
        command("job_cancel", cancel)
        wait_for("Operational after cancel", lambda: job()["state"] == "Operational")
        c.delete(f"/api/files/local/{PRINT_FILE}").raise_for_status()

        c.post("/api/connection", json={"command": "disconnect"}).raise_for_status()
        wait_for("Offline", lambda: job()["state"] == "Offline")
        rec.record("printer_not_operational", c.get("/api/printer"))
        rec.record("job_offline", c.get("/api/job"))
        command("job_pause_not_operational", pause)
        connect = {"command": "connect", "port": "VIRTUAL", "baudrate": 115200}
        c.post("/api/connection", json=connect).raise_for_status()
        wait_for("Operational after connect", lambda: job()["state"] == "Operational")


if __name__ == "__main__":
    main()
