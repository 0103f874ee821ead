"""The parts of an HDHomeRun's HTTP answers Tilewire reads (HDHomeRun HTTP Development Guide)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Discover(UpstreamModel):
    """``GET /discover.json``."""

    friendly_name: str = Field("", alias="FriendlyName")
    model_number: str = Field("", alias="ModelNumber")
    firmware_version: str = Field("", alias="FirmwareVersion")
    device_id: str = Field("", alias="DeviceID")
    tuner_count: int | None = Field(None, alias="TunerCount")


class Channel(UpstreamModel):
    """One entry of ``GET /lineup.json``."""

    guide_number: str = Field(alias="GuideNumber")
    guide_name: str = Field("", alias="GuideName")
    hd: int = Field(0, alias="HD")
    tags: str = Field("", alias="Tags")
    """Comma separated: favorite, drm."""


class Tuner(UpstreamModel):
    """One entry of ``GET /status.json``: an idle tuner has only its ``Resource``."""

    resource: str = Field(alias="Resource")
    vct_number: str | None = Field(None, alias="VctNumber")
    vct_name: str | None = Field(None, alias="VctName")
    signal_strength: int | None = Field(None, alias="SignalStrengthPercent")
    signal_quality: int | None = Field(None, alias="SignalQualityPercent")
    symbol_quality: int | None = Field(None, alias="SymbolQualityPercent")
    target_ip: str | None = Field(None, alias="TargetIP")
