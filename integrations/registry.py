"""Every integration Tilewire knows, discovered from the subpackages of ``integrations``.

Adding an integration is: create ``integrations/<id>/`` whose ``__init__`` exposes
``integration`` (an instance of an ``Integration`` subclass whose ``id`` is ``<id>``).
"""

from __future__ import annotations

import builtins
import importlib
import pkgutil
from typing import Any

import integrations
from integrations.types import Integration

_registry: dict[str, Integration[Any]] = {}
_discovered = False


class UnknownIntegration(KeyError):
    def __init__(self, integration_id: str) -> None:
        super().__init__(integration_id)
        self.integration_id = integration_id

    def __str__(self) -> str:
        return f"unknown integration type {self.integration_id!r}"


def register(integration: Integration[Any]) -> Integration[Any]:
    """Add an integration; its id must be unique."""
    existing = _registry.get(integration.id)
    if existing is not None and existing is not integration:
        raise ValueError(f"integration id {integration.id!r} is registered twice")
    _registry[integration.id] = integration
    return integration


def unregister(integration_id: str) -> None:
    _registry.pop(integration_id, None)


def discover() -> None:
    """Import every integration package once."""
    global _discovered
    if _discovered:
        return
    for info in pkgutil.iter_modules(integrations.__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"integrations.{info.name}")
        found = getattr(module, "integration", None)
        if not isinstance(found, Integration):
            raise TypeError(f"integrations.{info.name} does not expose `integration`")
        if found.id != info.name:
            raise TypeError(f"integrations.{info.name} declares id {found.id!r}")
        register(found)
    _discovered = True


def get(integration_id: str) -> Integration[Any]:
    discover()
    try:
        return _registry[integration_id]
    except KeyError:
        raise UnknownIntegration(integration_id) from None


def list(category: str | None = None) -> builtins.list[Integration[Any]]:
    discover()
    found = sorted(_registry.values(), key=lambda item: item.name.lower())
    if category is None:
        return found
    wanted = category.lower()
    return [item for item in found if wanted in (c.lower() for c in item.categories)]


def for_app(integration_type: str | None) -> Integration[Any] | None:
    """The integration an App's ``integration_type`` names, or None if it has none."""
    return None if integration_type is None else get(integration_type)
