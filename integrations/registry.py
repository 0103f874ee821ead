"""Every integration Tilewire knows, discovered from the subpackages of ``integrations``.

Adding an integration is: create ``integrations/<id>/`` whose ``__init__`` exposes
``integration``, an instance of the ``Integration`` subclass (whose ``id`` is ``<id>``) that its
``definition`` module declares. The module is not named ``integration``: the package attribute
would hide it.
"""

from __future__ import annotations

import builtins
import importlib
import logging
import pkgutil
from typing import Any

from pydantic import BaseModel

import integrations
from integrations.types import Integration

SHARED_PACKAGES = frozenset({"families"})
"""Subpackages of ``integrations`` that are no integration: the code families share."""

_registry: dict[str, Integration[Any]] = {}
_broken: dict[str, str] = {}
_payloads: dict[str, type[BaseModel]] = {}
_discovered = False
logger = logging.getLogger(__name__)


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
    _payloads.clear()
    return integration


def discover() -> None:
    """Import every integration package once. A package that fails to load is logged and
    left out (see ``broken``) rather than taking every other integration down with it."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for info in pkgutil.iter_modules(integrations.__path__):
        if not info.ispkg or info.name in SHARED_PACKAGES:
            continue
        try:
            module = importlib.import_module(f"integrations.{info.name}")
            found = getattr(module, "integration", None)
            if not isinstance(found, Integration):
                raise TypeError(f"integrations.{info.name} does not expose `integration`")
            if found.id != info.name:
                raise TypeError(f"integrations.{info.name} declares id {found.id!r}")
            register(found)
        except Exception as err:
            _broken[info.name] = f"{type(err).__name__}: {err}"
            logger.error("integration package %s failed to load: %s", info.name, err)


def broken() -> dict[str, str]:
    """Integration packages that failed to load, with why."""
    discover()
    return dict(_broken)


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


def payload_model(name: str) -> type[BaseModel]:
    """The endpoint payload model of that class name (names are unique across integrations).

    Looked up for every value read from a shared cache, so the index is built once (and again
    after a registration)."""
    if not _payloads:
        for integration in list():
            for endpoint in integration.endpoints.values():
                _payloads[endpoint.payload.__name__] = endpoint.payload
    try:
        return _payloads[name]
    except KeyError:
        raise KeyError(f"no endpoint payload model named {name!r}") from None


def load_plugin(module_name: str) -> Integration[Any]:
    """Register the ``integration`` of a module outside this package (TILEWIRE_PLUGINS)."""
    module = importlib.import_module(module_name)
    found = getattr(module, "integration", None)
    if not isinstance(found, Integration):
        raise TypeError(f"plugin {module_name} does not expose `integration`")
    return register(found)


def for_app(integration_type: str | None) -> Integration[Any] | None:
    """The integration an App's ``integration_type`` names, or None if it has none."""
    return None if integration_type is None else get(integration_type)
