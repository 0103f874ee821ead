"""Prometheus, through its HTTP API v1: an instant PromQL query and the scrape targets' health."""

from integrations.prometheus.definition import Prometheus

integration = Prometheus()

__all__ = ["Prometheus", "integration"]
