"""Prometheus: the result of one PromQL instant query, and the health of the scrape targets."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from integrations.capabilities import (
    MetricLabel,
    MetricQueryResult,
    MetricSample,
    ScrapeTarget,
    ScrapeTargets,
)
from integrations.config import (
    BearerToken,
    ConfigModel,
    NoCredentials,
    UsernamePassword,
    field,
)
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.prometheus.client import PrometheusClient
    from integrations.prometheus.models import ActiveTarget, InstantSample

HEALTH_STATES = ("up", "down", "unknown")


class PrometheusSettings(ConfigModel):
    """What the ``query`` endpoint asks Prometheus."""

    query: str = field(
        "Query",
        default="up",
        min_length=1,
        help="PromQL instant query whose result the widget shows, e.g. up or "
        "sum by (job) (rate(http_requests_total[5m])).",
    )


def _settings(client: PrometheusClient) -> PrometheusSettings:
    extra = client.config.extra
    return extra if isinstance(extra, PrometheusSettings) else PrometheusSettings()


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _sample(labels: dict[str, str], timestamp: float, text: str) -> MetricSample:
    try:
        number: float | None = float(text)
    except ValueError:
        number = None
    return MetricSample(
        labels=[MetricLabel(name=name, value=labels[name]) for name in sorted(labels)],
        value=number if number is not None and math.isfinite(number) else None,
        value_text=text,
        timestamp=_time(timestamp),
    )


def _vector_sample(item: InstantSample) -> MetricSample:
    return _sample(item.metric, *item.value)


def _target(item: ActiveTarget) -> ScrapeTarget:
    # A target not yet scraped reports Go's zero time and a zero duration.
    scraped = item.last_scrape is not None and item.last_scrape.year > 1970
    return ScrapeTarget(
        job=item.labels.get("job") or item.scrape_pool,
        instance=item.labels.get("instance", ""),
        health=item.health if item.health in HEALTH_STATES else "unknown",
        last_error=item.last_error or None,
        last_scrape=item.last_scrape if scraped else None,
        scrape_duration_seconds=item.last_scrape_duration if scraped else None,
    )


class Prometheus(Integration["PrometheusClient"]):
    """A Prometheus server (or anything speaking its HTTP API v1), optionally behind a proxy."""

    id = "prometheus"
    name = "Prometheus"
    icon = "prometheus"
    categories = ("monitoring", "metrics")
    docs_url = "https://prometheus.io/docs/prometheus/latest/querying/api/"
    verification = "Verified against a running Prometheus 2.42.0 (Debian bookworm)"
    default_port = 9090
    credentials = (NoCredentials, UsernamePassword, BearerToken)
    extra = PrometheusSettings
    client_class = "integrations.prometheus.client:PrometheusClient"

    async def test_connection(self, client: PrometheusClient) -> ServiceInfo:
        from integrations.prometheus.models import BuildInfo, Envelope

        info = await client.api("api/v1/status/buildinfo", Envelope[BuildInfo])
        details = {"revision": info.revision, "goVersion": info.go_version}
        return ServiceInfo.of(info.version, details)

    @endpoint(
        "query",
        name="Query",
        description="The instant result of the configured PromQL query.",
        ttl=15,
        min_refresh=5,
    )
    async def query(self, client: PrometheusClient) -> MetricQueryResult:
        from integrations.prometheus.models import (
            Envelope,
            MatrixResult,
            QueryData,
            ScalarResult,
            VectorResult,
        )

        promql = _settings(client).query
        data = await client.api("api/v1/query", Envelope[QueryData], params={"query": promql})
        if isinstance(data, VectorResult):
            samples = [_vector_sample(item) for item in data.result]
        elif isinstance(data, ScalarResult):
            samples = [_sample({}, *data.result)]
        elif isinstance(data, MatrixResult):
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "the query returns a range vector: use an instant query "
                "(drop the [range] selector, or wrap it in a function such as rate())",
            )
        else:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "the query returns a string, not numbers: use a query that returns a vector "
                "or a scalar",
            )
        return MetricQueryResult(query=promql, result_type=data.result_type, samples=samples)

    @endpoint(
        "targets",
        name="Scrape targets",
        description="Health of every active scrape target, with counts of up, down and unknown.",
        ttl=30,
        min_refresh=10,
    )
    async def targets(self, client: PrometheusClient) -> ScrapeTargets:
        from integrations.prometheus.models import Envelope, TargetsData

        # state=active: dropped targets (thousands under Kubernetes discovery) are not read.
        data = await client.api("api/v1/targets", Envelope[TargetsData], params={"state": "active"})
        targets = sorted(
            (_target(item) for item in data.active_targets),
            key=lambda target: (target.job, target.instance),
        )
        counts = {state: 0 for state in HEALTH_STATES}
        for target in targets:
            counts[target.health] += 1
        return ScrapeTargets(
            up=counts["up"], down=counts["down"], unknown=counts["unknown"], targets=targets
        )
