"""NUT: a UPS's status, battery, load and voltages as upsd reports them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from integrations.addresses import AddressPolicy
from integrations.capabilities import Payload
from integrations.config import ConfigModel, NoCredentials, ServiceConfig, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.nut.client import NutClient, NutSession
    from integrations.nut.models import Ups

UPS_NAME_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
MAX_TEXT = 200

# ups.status flags (NUT 2.8.0 docs/nut-names.txt, "ups.status"), in the order they are shown.
FLAGS: dict[str, str] = {
    "OL": "Online",
    "OB": "On battery",
    "LB": "Low battery",
    "HB": "High battery",
    "RB": "Replace battery",
    "CHRG": "Charging",
    "DISCHRG": "Discharging",
    "BYPASS": "On bypass",
    "CAL": "Calibrating",
    "OFF": "Offline",
    "OVER": "Overloaded",
    "TRIM": "Trimming voltage",
    "BOOST": "Boosting voltage",
    "FSD": "Forced shutdown",
    "ALARM": "Alarm",
    "TEST": "Testing",
}


class NutSettings(ConfigModel):
    """Which UPS of the server to show."""

    ups: str | None = field(
        "UPS name",
        default=None,
        min_length=1,
        max_length=64,
        pattern=UPS_NAME_PATTERN,
        help="The UPS's name in ups.conf (upsc -l lists them); empty: the server's first UPS.",
    )


class NutUps(Payload):
    """One UPS as upsd reports it; a value the UPS's driver does not publish is None."""

    name: str = Field(description="the UPS's name on the server (ups.conf section)")
    description: str | None = Field(description="its desc from ups.conf")
    model: str | None = Field(description="ups.model, else device.model")
    manufacturer: str | None = Field(description="ups.mfr, else device.mfr")
    status: str = Field(description="ups.status as upsd sends it, e.g. 'OL CHRG'")
    status_text: str = Field(description="the status flags in words, e.g. 'Online, Charging'")
    flags: list[str] = Field(description="the status flags: OL, OB, LB, CHRG, RB, ...")
    online: bool = Field(description="on line power (OL)")
    on_battery: bool = Field(description="on battery (OB)")
    low_battery: bool = Field(description="battery low (LB): a shutdown is near")
    replace_battery: bool = Field(description="the UPS asks for a new battery (RB)")
    battery_charge: float | None = Field(description="battery.charge, percent 0-100")
    battery_runtime_seconds: int | None = Field(description="battery.runtime, seconds left")
    load: float | None = Field(description="ups.load, percent of the UPS's capacity")
    input_voltage: float | None = Field(description="input.voltage, volts")
    output_voltage: float | None = Field(description="output.voltage, volts")
    alarm: str | None = Field(description="ups.alarm, when the UPS raises one")
    ups_count: int = Field(description="how many UPSes the server serves")


def number(values: dict[str, str], name: str) -> float | None:
    try:
        return float(values[name])
    except (KeyError, ValueError):
        return None


def text(values: dict[str, str], *names: str) -> str | None:
    for name in names:
        if values.get(name):
            return values[name][:MAX_TEXT]
    return None


def ups_of(ups: Ups, values: dict[str, str], count: int) -> NutUps:
    status = values.get("ups.status", "")[:MAX_TEXT]
    flags = status.split()
    runtime = number(values, "battery.runtime")
    return NutUps(
        name=ups.name,
        description=ups.description[:MAX_TEXT] or None,
        model=text(values, "ups.model", "device.model"),
        manufacturer=text(values, "ups.mfr", "device.mfr"),
        status=status,
        status_text=", ".join(FLAGS.get(flag, flag) for flag in flags) or "Unknown",
        flags=flags,
        online="OL" in flags,
        on_battery="OB" in flags,
        low_battery="LB" in flags,
        replace_battery="RB" in flags,
        battery_charge=number(values, "battery.charge"),
        battery_runtime_seconds=round(runtime) if runtime is not None else None,
        load=number(values, "ups.load"),
        input_voltage=number(values, "input.voltage"),
        output_voltage=number(values, "output.voltage"),
        alarm=text(values, "ups.alarm"),
        ups_count=count,
    )


class Nut(Integration["NutClient"]):
    id = "nut"
    name = "NUT"
    icon = "nut"
    categories = ("monitoring", "power")
    docs_url = "https://networkupstools.org/docs/developer-guide.chunked/net-protocol.html"
    verification = "Verified against a running NUT upsd 2.8.0 (dummy-ups driver)"
    default_port = 3493
    credentials = (NoCredentials, UsernamePassword)
    extra = NutSettings
    client_class = "integrations.nut.client:NutClient"

    def create_client(
        self, config: ServiceConfig, *, addresses: AddressPolicy | None = None, **kwargs: Any
    ) -> NutClient:
        client = super().create_client(config, addresses=addresses, **kwargs)
        if addresses is not None:
            client.addresses = addresses  # the TCP connection is held to the App's policy
        return client

    async def _chosen(self, client: NutClient, session: NutSession) -> tuple[Ups, int]:
        """The configured UPS (NOT_FOUND if the server has none of that name), else the first;
        and how many the server serves."""
        from integrations.nut.models import parse_ups

        listed = [parse_ups(line) for line in await session.list("UPS")]
        upses = [ups for ups in listed if ups is not None]
        if len(upses) != len(listed):
            raise client.error(ErrorCode.INVALID_RESPONSE, "LIST UPS answered lines of no UPS")
        settings = client.config.extra
        wanted = settings.ups if isinstance(settings, NutSettings) else None
        if wanted is None:
            if not upses:
                raise client.error(ErrorCode.NOT_FOUND, "upsd serves no UPS (LIST UPS is empty)")
            return upses[0], len(upses)
        for ups in upses:
            if ups.name == wanted:
                return ups, len(upses)
        names = ", ".join(ups.name for ups in upses[:10]) or "none"
        raise client.error(
            ErrorCode.NOT_FOUND, f"upsd serves no UPS named {wanted!r} (it serves: {names})"
        )

    async def test_connection(self, client: NutClient) -> ServiceInfo:
        from integrations.nut.models import parse_version

        async with client.conversation() as session:
            version_line = await session.ask("VER")
            version = parse_version(version_line)
            if version is None:
                raise client.not_nut(version_line)
            ups, count = await self._chosen(client, session)
            logged_in = await client.log_in(session, ups.name)
        details = {"ups": ups.name, "upses": str(count)}
        if logged_in:
            details["login"] = "accepted"
        return ServiceInfo.of(version, details)

    @endpoint(
        "ups",
        name="UPS",
        description="The UPS's status (online, on battery, low battery), battery charge and "
        "runtime, load and voltages.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def ups(self, client: NutClient) -> NutUps:
        from integrations.nut.models import parse_var

        async with client.conversation() as session:
            ups, count = await self._chosen(client, session)
            lines = await session.list(f"VAR {ups.name}")
        values: dict[str, str] = {}
        for line in lines:
            parsed = parse_var(line, ups.name)
            if parsed is None:
                raise client.not_nut(line)
            values[parsed[0]] = parsed[1]
        if "ups.status" not in values:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE, f"{client.where}: UPS {ups.name} has no ups.status"
            )
        return ups_of(ups, values, count)
