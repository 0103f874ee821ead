"""Proxmox VE integration against fixtures transcribed from the Proxmox VE 8 API documentation."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from functools import partial
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.proxmox import integration
from integrations.proxmox.client import ProxmoxClient
from integrations.proxmox.definition import ProxmoxResources
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    MemorySessions,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "proxmox"
SECRET = "8a5c2e1f-3b4d-4e6f-9a0b-1c2d3e4f5a6b"
PASSWORD = "pve-password-123"
BASE = "https://pve.test:8006"
TICKET = ("POST", "/api2/json/access/ticket")
VERSION = ("GET", "/api2/json/version")
RESOURCES = ("GET", "/api2/json/cluster/resources")
NODES = ("GET", "/api2/json/nodes")
NODE_STATUS = ("GET", "/api2/json/nodes/pve1/status")
CSRF = fixture(ID, "access_ticket")["response"]["body"]["data"]["CSRFPreventionToken"]
API = {
    VERSION: "version",
    RESOURCES: "cluster_resources",
    NODES: "nodes",
    NODE_STATUS: "node_status",
}


def token_config(secret: str = SECRET, **extra: Any) -> dict[str, Any]:
    creds = {"type": "apiToken", "user": "root@pam", "tokenId": "tilewire", "secret": secret}
    return {"url": BASE, "credentials": creds, "extra": extra}


def password_config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    creds = {"type": "usernamePassword", "username": "root@pam", "password": password}
    return {"url": url, "credentials": creds}


body = partial(fixture_body, ID)


def respond(name: str) -> httpx.Response:
    """A fixture's response with Proxmox's reason in the status line, as pveproxy sends it."""
    data = fixture(ID, name)
    response = response_of(data)
    reason = data["response"].get("reason")
    if reason:
        response.extensions["reason_phrase"] = reason.encode()
    return response


assert_no_secret = secret_check(always=(SECRET, PASSWORD, "PVE:root@pam"))


class FakeProxmox:
    """pveproxy's authentication over the transcribed answers: the API token header, or a
    ticket from /access/ticket sent as the PVEAuthCookie cookie; 401 'No ticket' otherwise, and
    a restart (or two hours) invalidates every ticket."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.tickets: list[str] = []
        self.valid: set[str] = set()
        api = {key: self.served(value) for key, value in {**API, **(routes or {})}.items()}
        self.upstream = FakeUpstream(
            ID,
            {TICKET: self.login, **api},
            refuse=self.refuse,
            open_routes={TICKET} - api.keys(),
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if form != {"username": ["root@pam"], "password": [PASSWORD]}:
            return respond("access_ticket_failed")
        ticket = f"PVE:root@pam:4EEC61E{len(self.tickets) + 1}::signature"
        self.tickets.append(ticket)
        self.valid.add(ticket)
        data = fixture(ID, "access_ticket")
        data["response"]["body"]["data"]["ticket"] = ticket
        return response_of(data)

    @staticmethod
    def served(value: Any) -> Any:
        """A fixture name is answered with its reason phrase (``respond``)."""
        if isinstance(value, str):
            return lambda request: respond(value)
        return value

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        header = request.headers.get("authorization")
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        if header is not None:
            if header != f"PVEAPIToken=root@pam!tilewire={SECRET}":
                return respond("invalid_token")
        elif "PVEAuthCookie" not in cookie or cookie["PVEAuthCookie"].value not in self.valid:
            return respond("no_ticket")
        elif request.method == "POST" and request.headers.get("csrfpreventiontoken") != CSRF:
            return respond("invalid_csrf_token")
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[TICKET]


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., ProxmoxClient]:
    return lambda upstream, config=None: clients(config or token_config(), upstream)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.default_port == 8006
    assert integration.verification == "Built from the Proxmox VE API documentation, version 8"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.user", "string"),
        ("credentials.tokenId", "string"),
        ("credentials.secret", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("extra.node", "string"),
    ]
    resources, node = integration.endpoints["resources"], integration.endpoints["node"]
    assert (resources.payload, resources.ttl, resources.min_refresh) == (ProxmoxResources, 15, 5)
    assert (node.payload, node.ttl, node.min_refresh) == (SystemResources, 10, 5)


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_token(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    info = await integration.test_connection(make_client(fake.upstream))

    version = body("version")["data"]
    assert info == ServiceInfo(
        version=version["version"],
        details={"release": version["release"], "repoid": version["repoid"]},
    )
    assert info.version == "8.2.4"
    assert fake.logins == 0
    (request,) = fake.upstream.requests
    assert request.url.path == "/api2/json/version"
    assert request.headers["authorization"] == f"PVEAPIToken=root@pam!tilewire={SECRET}"
    assert "cookie" not in request.headers


async def test_connection_with_password(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    info = await integration.test_connection(make_client(fake.upstream, password_config()))

    assert info.version == body("version")["data"]["version"]
    assert fake.logins == 1
    login, version = fake.upstream.requests
    assert parse_qs(login.content.decode()) == {"username": ["root@pam"], "password": [PASSWORD]}
    assert "authorization" not in version.headers
    assert version.headers["cookie"] == f"PVEAuthCookie={fake.tickets[0]}"


async def test_resources_match_cluster_resources(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox()
    result = await integration.fetch_data(make_client(fake.upstream), "resources")

    raw = body("cluster_resources")["data"]
    assert isinstance(result, ProxmoxResources)
    nodes = sorted((r for r in raw if r["type"] == "node"), key=lambda r: r["node"])
    assert [n.name for n in result.nodes] == [r["node"] for r in nodes] == ["pve1", "pve2"]
    pve1, pve2 = result.nodes
    assert pve1.status == "online"
    assert pve1.cpu_percent == round(nodes[0]["cpu"] * 100, 2) == 4.23
    assert (pve1.memory_used, pve1.memory_total) == (nodes[0]["mem"], nodes[0]["maxmem"])
    assert pve1.uptime_seconds == nodes[0]["uptime"]
    # an offline node has no live figures, only its capacity
    assert (pve2.status, pve2.cpu_percent, pve2.memory_used) == ("offline", None, None)
    assert pve2.memory_total == nodes[1]["maxmem"]
    assert result.nodes_online == 1

    guests = [r for r in raw if r["type"] in ("qemu", "lxc") and not r.get("template")]
    vms = [g for g in guests if g["type"] == "qemu"]
    cts = [g for g in guests if g["type"] == "lxc"]
    assert result.vms_total == len(vms) == 3  # the template 9000 is not a VM to count
    assert result.vms_running == sum(g["status"] == "running" for g in vms) == 1
    assert result.vms_stopped == sum(g["status"] == "stopped" for g in vms) == 1
    assert result.containers_total == len(cts) == 3
    assert result.containers_running == 2
    assert result.containers_stopped == 1
    assert 9000 not in [g.vmid for g in result.guests]

    # running guests first, busiest first
    assert [g.name for g in result.guests] == [
        "jellyfin",
        "homeassistant",
        "pihole",
        "windows11",
        "k3s-worker",
        "backup-ct",
    ]
    jellyfin = result.guests[0]
    raw_jellyfin = next(g for g in raw if g.get("name") == "jellyfin")
    assert jellyfin.type == "lxc"
    assert jellyfin.vmid == raw_jellyfin["vmid"]
    assert jellyfin.node == "pve1"
    assert jellyfin.cpu_percent == round(raw_jellyfin["cpu"] * 100, 2) == 25.44
    assert jellyfin.memory_used == raw_jellyfin["mem"]
    assert jellyfin.memory_total == raw_jellyfin["maxmem"]
    unknown = result.guests[-2]
    assert (unknown.status, unknown.cpu_percent, unknown.memory_total) == ("unknown", None, None)


async def test_resources_keep_the_twenty_busiest(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    template = next(r for r in body("cluster_resources")["data"] if r.get("name") == "pihole")
    raw = []
    for n in range(30):
        guest = copy.deepcopy(template)
        guest.update(id=f"lxc/{300 + n}", vmid=300 + n, name=f"ct{n}", cpu=n / 100)
        raw.append(guest)
    fake = FakeProxmox({RESOURCES: httpx.Response(200, json={"data": raw})})
    result = await integration.fetch_data(make_client(fake.upstream), "resources")

    assert isinstance(result, ProxmoxResources)
    assert result.containers_total == result.containers_running == 30
    assert len(result.guests) == 20
    assert [g.name for g in result.guests[:3]] == ["ct29", "ct28", "ct27"]
    assert result.guests[-1].name == "ct10"


async def test_node_defaults_to_the_first_online_node(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox()
    result = await integration.fetch_data(make_client(fake.upstream), "node")

    status = body("node_status")["data"]
    assert isinstance(result, SystemResources)
    assert result.hostname == "pve1"  # pve2 is listed first, but offline
    assert result.cpu_percent == round(status["cpu"] * 100, 2)
    assert result.cpu_count == status["cpuinfo"]["cpus"] == 16
    assert result.memory_used == status["memory"]["used"]
    assert result.memory_total == status["memory"]["total"]
    assert result.memory_percent == round(
        status["memory"]["used"] / status["memory"]["total"] * 100, 2
    )
    assert [result.load1, result.load5, result.load15] == [float(v) for v in status["loadavg"]]
    assert result.uptime_seconds == status["uptime"]
    (disk,) = result.disks
    assert (disk.mount, disk.used, disk.total) == (
        "/",
        status["rootfs"]["used"],
        status["rootfs"]["total"],
    )
    assert fake.upstream.calls[NODES] == 1


async def test_node_configured(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    result = await integration.fetch_data(
        make_client(fake.upstream, token_config(node="pve1")), "node"
    )

    assert isinstance(result, SystemResources)
    assert result.hostname == "pve1"
    assert fake.upstream.calls[NODES] == 0


async def test_unknown_node_is_not_found(make_client: Callable[..., ProxmoxClient]) -> None:
    refused = httpx.Response(
        500, json={"data": None}, extensions={"reason_phrase": b"hostname lookup 'pve9' failed"}
    )
    fake = FakeProxmox({("GET", "/api2/json/nodes/pve9/status"): refused})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, token_config(node="pve9")), "node")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message == "no node named 'pve9' in this cluster (nodes: pve1, pve2)"


async def test_offline_node_says_why(make_client: Callable[..., ProxmoxClient]) -> None:
    offline = httpx.Response(
        595, json={"data": None}, extensions={"reason_phrase": b"No route to host"}
    )
    fake = FakeProxmox({("GET", "/api2/json/nodes/pve2/status"): offline})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, token_config(node="pve2")), "node")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 595
    assert caught.value.message.endswith(": No route to host")


# --- sessions -----------------------------------------------------------------------------------


async def test_ticket_reused(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    client = make_client(fake.upstream, password_config())
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "resources"),
        integration.fetch_data(client, "node"),
    )
    assert fake.logins == 1


async def test_expired_ticket_logs_in_again_once(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox()
    client = make_client(fake.upstream, password_config())
    await integration.fetch_data(client, "resources")
    fake.restart()  # the ticket's two hours are over: 401 No ticket

    result = await integration.fetch_data(client, "resources")

    assert isinstance(result, ProxmoxResources)
    assert fake.logins == 2
    first, retried = [r for r in fake.upstream.requests if r.url.path == RESOURCES[1]][1:]
    assert first.headers["cookie"] == f"PVEAuthCookie={fake.tickets[0]}"
    assert retried.headers["cookie"] == f"PVEAuthCookie={fake.tickets[1]}"


async def test_rejected_fresh_ticket_is_unauthorized_without_a_loop(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox({RESOURCES: lambda _r: respond("no_ticket")})
    client = make_client(fake.upstream, password_config())
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "resources")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 2
    assert_no_secret(caught.value, *fake.tickets)
    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "resources")
    assert fake.logins == 3


async def test_ticket_is_shared_between_processes(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox()
    store = MemorySessions()
    first = make_client(fake.upstream, password_config())
    first.share_sessions(store, "app-1")
    await integration.test_connection(first)
    assert store.data["app-1"] == f"{fake.tickets[0]} {CSRF}".encode()  # both, for writes

    second = make_client(fake.upstream, password_config())
    second.share_sessions(store, "app-1")
    await integration.fetch_data(second, "resources")
    assert fake.logins == 1
    assert fake.upstream.requests[-1].headers["cookie"] == f"PVEAuthCookie={fake.tickets[0]}"


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    client = make_client(fake.upstream, password_config("wrong-password"))
    for _ in range(2):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert caught.value.status == 401
        assert_no_secret(caught.value, "wrong-password")
    assert fake.logins == 1  # a rejected login is not retried at every refresh
    assert fake.upstream.calls[VERSION] == 0


async def test_two_factor_user_is_unauthorized(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    fake.upstream.route(*TICKET, "access_ticket_tfa")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, password_config()))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "API token" in caught.value.message
    assert fake.upstream.calls[VERSION] == 0


async def test_wrong_token_is_unauthorized(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, token_config("wrong-secret")))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/api2/json/version")
    assert "root@pam!tilewire" in err.message
    assert fake.logins == 0
    assert_no_secret(err, "wrong-secret")


async def test_missing_permission_is_forbidden(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox({NODE_STATUS: "permission_denied"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, token_config(node="pve1")), "node")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "PVEAuditor" in caught.value.message
    assert "Permission check failed (/nodes/pve1, Sys.Audit)" in caught.value.message
    assert_no_secret(caught.value)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_proxmox_is_invalid_response(
    make_client: Callable[..., ProxmoxClient], name: str
) -> None:
    fake = FakeProxmox({VERSION: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_html_login_answer_is_invalid_response(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    upstream = FakeUpstream(ID, {TICKET: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, password_config()))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox({RESOURCES: httpx.Response(500, text="")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "resources")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions ------------------------------------------------------------------------------------

COMMANDS = ("start", "shutdown", "stop", "reboot")
GUESTS = {"qemu": 100, "lxc": 101}  # the vmids of the transcribed answers


def power(kind: str, command: str, vmid: int | None = None) -> tuple[str, str]:
    return ("POST", f"/api2/json/nodes/pve1/{kind}/{vmid or GUESTS[kind]}/status/{command}")


def power_routes() -> dict[tuple[str, str], Any]:
    return {power(k, c): f"{k}_{c}" for k in GUESTS for c in COMMANDS}


async def act(
    client: ProxmoxClient, action_id: str, kind: str = "qemu", vmid: int = 100, node: str = "pve1"
) -> ActionResult:
    spec = integration.actions[action_id]
    value = spec.input.model_validate({"node": node, "kind": kind, "vmid": vmid})
    return await integration.run_action(client, action_id, value)


async def act_error(client: ProxmoxClient, action_id: str, **guest: Any) -> IntegrationError:
    with pytest.raises(IntegrationError) as caught:
        await act(client, action_id, **guest)
    return caught.value


def test_actions_declared() -> None:
    actions = integration.actions
    assert sorted(actions) == sorted(COMMANDS)
    assert [a for a in COMMANDS if actions[a].destructive] == ["shutdown", "stop", "reboot"]
    for spec in actions.values():
        assert spec.affects == ("resources",)
    form = {f.name: f for f in actions["start"].form()}
    assert form["kind"].kind.value == "select"
    assert form["kind"].options == ("qemu", "lxc")
    schema = actions["start"].json_schema()["properties"]
    assert schema["kind"]["enum"] == ["qemu", "lxc"]  # a field named like a form keyword
    assert (schema["vmid"]["minimum"], schema["vmid"]["maximum"]) == (100, 999_999_999)


@pytest.mark.parametrize("kind", GUESTS)
@pytest.mark.parametrize("command", COMMANDS)
async def test_power_command_with_token_reports_the_task(
    make_client: Callable[..., ProxmoxClient], kind: str, command: str
) -> None:
    recorded = fixture(ID, f"{kind}_{command}")
    upid = recorded["response"]["body"]["data"]
    fake = FakeProxmox(power_routes())
    result = await act(make_client(fake.upstream), command, kind, GUESTS[kind])

    word = "VM" if kind == "qemu" else "container"
    assert result == ActionResult(
        message=f"Proxmox VE is running {command} of {word} {GUESTS[kind]} on pve1 (task {upid})"
    )
    assert upid.startswith("UPID:pve1:") and f":{GUESTS[kind]}:" in upid
    (request,) = fake.upstream.requests
    assert (request.method, request.url.path) == (
        recorded["request"]["method"],
        recorded["request"]["path"],
    )
    assert request.content == b""  # no parameters: Proxmox's defaults
    assert request.headers["authorization"] == f"PVEAPIToken=root@pam!tilewire={SECRET}"
    assert "csrfpreventiontoken" not in request.headers  # a token needs no CSRF token


async def test_power_command_with_a_ticket_sends_its_csrf_token(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox(power_routes())
    await act(make_client(fake.upstream, password_config()), "start")
    login, post = fake.upstream.requests
    assert login.url.path == TICKET[1]
    assert post.headers["cookie"] == f"PVEAuthCookie={fake.tickets[0]}"
    assert post.headers["csrfpreventiontoken"] == CSRF


async def test_ticket_kept_without_its_csrf_token_is_renewed_once(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    # a session another process kept before writes needed the CSRF token: only the ticket
    fake = FakeProxmox(power_routes())
    store = MemorySessions()
    first = make_client(fake.upstream, password_config())
    first.share_sessions(store, "app-1")
    await integration.test_connection(first)
    store.data["app-1"] = fake.tickets[0].encode()
    second = make_client(fake.upstream, password_config())
    second.share_sessions(store, "app-1")

    await act(second, "start")
    posts = [r for r in fake.upstream.requests if r.method == "POST" and "status" in r.url.path]
    assert [r.headers.get("csrfpreventiontoken") for r in posts] == [None, CSRF]
    assert fake.logins == 2


async def test_missing_privilege_is_forbidden_and_names_it(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox({power("qemu", "start"): "power_permission_denied"})
    err = await act_error(make_client(fake.upstream), "start")
    assert err.code is ErrorCode.FORBIDDEN
    assert err.status == 403
    assert "needs the VM.PowerMgmt privilege on /vms/100" in err.message
    assert "(Permission check failed (/vms/100, VM.PowerMgmt))" in err.message
    assert "PVEAuditor" not in err.message  # the read-only hint does not apply
    assert_no_secret(err)


async def test_unknown_guest_is_not_found(make_client: Callable[..., ProxmoxClient]) -> None:
    fake = FakeProxmox({power("qemu", "start", 4242): "guest_not_found"})
    err = await act_error(make_client(fake.upstream), "start", vmid=4242)
    assert err.code is ErrorCode.NOT_FOUND
    assert err.message.startswith("Proxmox VE has no VM 4242 on pve1")
    assert "4242.conf' does not exist" in err.message


async def test_action_with_wrong_token_is_unauthorized(
    make_client: Callable[..., ProxmoxClient],
) -> None:
    fake = FakeProxmox(power_routes())
    err = await act_error(make_client(fake.upstream, token_config("wrong-secret")), "stop")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(err, "wrong-secret")


async def test_unreachable_node_quotes_proxmox(make_client: Callable[..., ProxmoxClient]) -> None:
    down = httpx.Response(595, extensions={"reason_phrase": b"No route to host"})
    fake = FakeProxmox({power("lxc", "reboot"): down})
    err = await act_error(make_client(fake.upstream), "reboot", kind="lxc", vmid=101)
    assert err.status == 595
    assert "No route to host" in err.message


@pytest.mark.parametrize(
    "guest",
    [
        {"node": "../access", "kind": "qemu", "vmid": 100},
        {"node": "pve1/qemu", "kind": "qemu", "vmid": 100},
        {"node": "http://x", "kind": "qemu", "vmid": 100},
        {"node": "pve1", "kind": "openvz", "vmid": 100},
        {"node": "pve1", "kind": "qemu", "vmid": 99},
        {"node": "pve1", "kind": "qemu", "vmid": 1_000_000_000},
        {"node": "pve1", "kind": "qemu", "vmid": "100"},
    ],
)
def test_guest_input_is_restricted(guest: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        integration.actions["stop"].input.model_validate(guest)
