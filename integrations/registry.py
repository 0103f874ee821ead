"""Every integration Tilewire knows, discovered from the subpackages of ``integrations``.

Adding an integration is: create ``integrations/<id>/`` whose ``__init__`` exposes
``integration``, an instance of the ``Integration`` subclass (whose ``id`` is ``<id>``) that its
``definition`` module declares. The module is not named ``integration``: the package attribute
would hide it.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import Any

from pydantic import BaseModel

import integrations
from integrations.types import Integration

SHARED_PACKAGES = frozenset({"families"})
"""Subpackages of ``integrations`` that are no integration: the code families share."""

logger = logging.getLogger(__name__)


class UnknownIntegration(KeyError):
    def __init__(self, integration_id: str) -> None:
        super().__init__(integration_id)
        self.integration_id = integration_id

    def __str__(self) -> str:
        return f"unknown integration type {self.integration_id!r}"


class Registry:
    """The integrations by id: those of this package, discovered on the first read (importing
    their definitions, not their clients), and those registered (plugins, tests)."""

    def __init__(self) -> None:
        self._integrations: dict[str, Integration[Any]] = {}
        self._broken: dict[str, str] = {}
        self._payloads: dict[str, type[BaseModel]] = {}
        self._discovered = False

    def register(self, integration: Integration[Any]) -> Integration[Any]:
        """Add an integration; its id must be unique."""
        existing = self._integrations.get(integration.id)
        if existing is not None and existing is not integration:
            raise ValueError(f"integration id {integration.id!r} is registered twice")
        self._integrations[integration.id] = integration
        self._payloads.clear()
        return integration

    def discover(self) -> None:
        """Import every integration package once. A package that fails to load is logged and
        left out (see ``broken``) rather than taking every other integration down with it."""
        if self._discovered:
            return
        self._discovered = True
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
                self.register(found)
            except Exception as err:
                self._broken[info.name] = f"{type(err).__name__}: {err}"
                logger.error("integration package %s failed to load: %s", info.name, err)

    def load_plugin(self, module_name: str) -> Integration[Any]:
        """Register the ``integration`` of a module outside this package (TILEWIRE_PLUGINS)."""
        module = importlib.import_module(module_name)
        found = getattr(module, "integration", None)
        if not isinstance(found, Integration):
            raise TypeError(f"plugin {module_name} does not expose `integration`")
        return self.register(found)

    def reset(self) -> None:
        """Forget every integration, registered or discovered: the next read discovers again."""
        self._integrations.clear()
        self._broken.clear()
        self._payloads.clear()
        self._discovered = False

    def broken(self) -> dict[str, str]:
        """Integration packages that failed to load, with why."""
        self.discover()
        return dict(self._broken)

    def get(self, integration_id: str) -> Integration[Any]:
        self.discover()
        try:
            return self._integrations[integration_id]
        except KeyError:
            raise UnknownIntegration(integration_id) from None

    def for_app(self, integration_type: str | None) -> Integration[Any] | None:
        """The integration an App's ``integration_type`` names, or None if it has none."""
        return None if integration_type is None else self.get(integration_type)

    def all(self, category: str | None = None) -> list[Integration[Any]]:
        """Every integration (of ``category``, any case), by name."""
        self.discover()
        found = sorted(self._integrations.values(), key=lambda item: item.name.lower())
        if category is None:
            return found
        wanted = category.lower()
        return [item for item in found if wanted in (c.lower() for c in item.categories)]

    def ids(self) -> list[str]:
        """Every integration's id, in the order of ``all``."""
        return [item.id for item in self.all()]

    def payload_model(self, name: str) -> type[BaseModel]:
        """The endpoint payload model of that class name (names are unique across
        integrations).

        Looked up for every value read from a shared cache, so the index is built once (and
        again after a registration)."""
        if not self._payloads:
            for integration in self.all():
                for endpoint in integration.endpoints.values():
                    self._payloads[endpoint.payload.__name__] = endpoint.payload
        try:
            return self._payloads[name]
        except KeyError:
            raise KeyError(f"no endpoint payload model named {name!r}") from None


registry = Registry()
"""The registry Tilewire serves from."""
