"""The per-request context: who is asking, the services, and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.apps import AppService
from app.auth import Role
from app.widgets import WidgetService


@dataclass
class Services:
    """Long-lived services, built once at start-up."""

    apps: AppService
    widgets: WidgetService
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    services: Services
    role: Role | None
    auth_error: str | None = None
    request: Any = None
    response: Any = None
    loaders: dict[str, Any] = field(default_factory=dict)
