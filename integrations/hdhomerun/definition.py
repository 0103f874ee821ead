"""HDHomeRun: the tuner device, its channel lineup, and what each tuner is watching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, TypeAdapter

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import NoCredentials
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.hdhomerun.client import HdhomerunClient
    from integrations.hdhomerun.models import Channel, Tuner

MAX_TUNERS = 16


class HdhomerunTuner(Payload):
    name: str = Field(description="tuner0, tuner1, ...")
    in_use: bool
    channel: str | None = Field(None, description="the virtual channel number, e.g. 5.1")
    channel_name: str | None = None
    signal_strength_percent: int | None = None
    signal_quality_percent: int | None = None
    symbol_quality_percent: int | None = None
    client: str | None = Field(None, description="the address the stream goes to")


class HdhomerunStatus(Payload):
    """The device, its lineup and its tuners."""

    name: str
    model: str | None = None
    firmware: str | None = None
    tuner_count: int | None = None
    tuners_in_use: int | None = Field(None, description="null where status.json is missing")
    channels: int = Field(description="channels in the lineup")
    hd_channels: int
    favorite_channels: int
    tuners: list[HdhomerunTuner]


def _tuner(tuner: Tuner) -> HdhomerunTuner:
    return HdhomerunTuner(
        name=tuner.resource,
        in_use=bool(tuner.vct_number or tuner.target_ip),
        channel=tuner.vct_number,
        channel_name=tuner.vct_name,
        signal_strength_percent=tuner.signal_strength,
        signal_quality_percent=tuner.signal_quality,
        symbol_quality_percent=tuner.symbol_quality,
        client=tuner.target_ip,
    )


def status_of(
    discover_name: str,
    model: str,
    firmware: str,
    tuner_count: int | None,
    lineup: list[Channel],
    tuners: list[Tuner] | None,
) -> HdhomerunStatus:
    listed = [_tuner(t) for t in (tuners or [])[:MAX_TUNERS]]
    return HdhomerunStatus(
        name=discover_name,
        model=model or None,
        firmware=firmware or None,
        tuner_count=tuner_count,
        tuners_in_use=sum(t.in_use for t in listed) if tuners is not None else None,
        channels=len(lineup),
        hd_channels=sum(1 for c in lineup if c.hd),
        favorite_channels=sum(1 for c in lineup if "favorite" in c.tags.split(",")),
        tuners=listed,
    )


class Hdhomerun(Integration["HdhomerunClient"]):
    id = "hdhomerun"
    name = "HDHomeRun"
    icon = "hdhomerun"
    categories = ("media",)
    docs_url = "https://info.hdhomerun.com/info/http_api"
    verification = "Built from the HDHomeRun HTTP Development Guide"
    default_port = 80
    credentials = (NoCredentials,)
    client_class = "integrations.hdhomerun.client:HdhomerunClient"

    async def test_connection(self, client: HdhomerunClient) -> ServiceInfo:
        from integrations.hdhomerun.models import Discover

        device = await client.get_json("discover.json", Discover)
        return ServiceInfo.of(
            device.firmware_version or None,
            {"device": device.friendly_name, "model": device.model_number},
        )

    @endpoint(
        "status",
        name="Status",
        description="The device, its channel lineup (all, HD, favorites) and each tuner's "
        "channel, signal and client.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def status(self, client: HdhomerunClient) -> HdhomerunStatus:
        from integrations.hdhomerun.models import Channel, Discover, Tuner

        device, lineup, tuners = await together(
            client.get_json("discover.json", Discover),
            client.get_json("lineup.json", TypeAdapter(list[Channel])),
            optional(client.get_json("status.json", TypeAdapter(list[Tuner]))),
        )
        return status_of(
            device.friendly_name or device.device_id or "HDHomeRun",
            device.model_number,
            device.firmware_version,
            device.tuner_count,
            lineup,
            tuners,
        )
