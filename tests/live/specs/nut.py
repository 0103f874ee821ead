"""NUT upsd 2.8.0 (Debian) on 127.0.0.1:18200 with the dummy-ups UPS "dummy"; user admin /
adminpass123 may LOGIN. NUT speaks its own line protocol, not HTTP: the probes use a socket."""

from __future__ import annotations

import socket

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec

HOST, PORT = "127.0.0.1", 18200


def ask(*commands: str) -> list[str]:
    """Each command's first answer line, on one connection."""
    answers = []
    with socket.create_connection((HOST, PORT), timeout=3) as sock, sock.makefile("rw") as io:
        for command in commands:
            io.write(f"{command}\n")
            io.flush()
            answers.append(io.readline().rstrip("\n"))
    return answers


def _nut_ready(client: httpx.Client, url: str) -> bool:
    try:
        status = ask("GET VAR dummy ups.status")[0]
    except OSError:
        return False
    return status.startswith("VAR dummy ups.status")  # not ERR DATA-STALE / DRIVER-NOT-CONNECTED


def _nut_version(client: httpx.Client, url: str) -> str:
    answer = ask("VER")[0]  # "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/"
    return answer.split("upsd ", 1)[1].split(" ", 1)[0]


SPEC = ServiceSpec(
    "/lib/nut/upsd", f"http://{HOST}:{PORT}", USERNAME, PASSWORD, _nut_ready, _nut_version
)
