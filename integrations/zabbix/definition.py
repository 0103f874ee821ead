"""Zabbix: the problems going on now, by severity, most severe and newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field, TypeAdapter

from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.zabbix.client import ZabbixClient

MAX_PROBLEMS = 50
FETCHED = 1000
SEVERITIES = ("not classified", "information", "warning", "average", "high", "disaster")


class ZabbixProblem(Payload):
    name: str
    severity: str = Field(
        description="not classified, information, warning, average, high, disaster"
    )
    since: datetime
    acknowledged: bool


class ZabbixProblems(Payload):
    """Problems going on now (not suppressed), counted by severity."""

    total: int = Field(description="at most 1000 counted")
    disaster: int
    high: int
    average: int
    warning: int
    information: int
    not_classified: int
    unacknowledged: int
    problems: list[ZabbixProblem] = Field(description="most severe, then newest first; at most 50")


class Zabbix(Integration["ZabbixClient"]):
    id = "zabbix"
    name = "Zabbix"
    icon = "zabbix"
    categories = ("monitoring",)
    docs_url = "https://www.zabbix.com/documentation/7.0/en/manual/api"
    verification = "Built from the Zabbix API documentation, version 7.0"
    default_port = 80
    credentials = (BearerToken,)
    client_class = "integrations.zabbix.client:ZabbixClient"

    async def test_connection(self, client: ZabbixClient) -> ServiceInfo:
        # apiinfo.version must be called without credentials; problem.get proves the token.
        problems = await self._problems(client)
        return ServiceInfo.of(None, {"problems": str(problems.total)})

    @endpoint(
        "problems",
        name="Problems",
        description="The problems going on now (not suppressed) counted by severity, and the "
        "50 most severe and newest with whether they were acknowledged.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def problems(self, client: ZabbixClient) -> ZabbixProblems:
        return await self._problems(client)

    async def _problems(self, client: ZabbixClient) -> ZabbixProblems:
        from integrations.zabbix.models import Problem

        params = {
            "output": ["eventid", "name", "severity", "clock", "acknowledged", "suppressed"],
            "suppressed": False,
            "sortfield": ["eventid"],
            "sortorder": "DESC",
            "limit": FETCHED,
        }
        found = await client.rpc("problem.get", params, TypeAdapter(list[Problem]))
        count = [0] * len(SEVERITIES)
        for problem in found:
            count[min(max(problem.severity, 0), 5)] += 1
        listed = sorted(found, key=lambda p: (-p.severity, -p.clock))[:MAX_PROBLEMS]
        return ZabbixProblems(
            total=len(found),
            disaster=count[5],
            high=count[4],
            average=count[3],
            warning=count[2],
            information=count[1],
            not_classified=count[0],
            unacknowledged=sum(1 for p in found if not p.acknowledged),
            problems=[
                ZabbixProblem(
                    name=p.name[:300],
                    severity=SEVERITIES[min(max(p.severity, 0), 5)],
                    since=datetime.fromtimestamp(p.clock, UTC),
                    acknowledged=bool(p.acknowledged),
                )
                for p in listed
            ],
        )
