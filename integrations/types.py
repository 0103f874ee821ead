"""What an integration is: metadata, config schema, endpoints, and the two operations."""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from integrations import tls
from integrations.actions import Action, ActionInput, ActionResult, collect, origin_only
from integrations.addresses import AddressPolicy
from integrations.base import LIMITS, ServiceClient
from integrations.config import (
    ConfigModel,
    Credentials,
    FormField,
    NoCredentials,
    ServiceConfig,
    SocketServiceConfig,
    build_config_model,
    check_credential_sets,
)
from integrations.config_schema import alternatives, config_form, config_json_schema, fresh
from integrations.errors import ErrorCode, IntegrationError

ClientT = TypeVar("ClientT", bound=ServiceClient)
PayloadT = TypeVar("PayloadT", bound=BaseModel)
FetchFn = Callable[[Any, Any], Awaitable[BaseModel]]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One kind of live data an integration serves."""

    id: str
    name: str
    description: str
    payload: type[BaseModel]
    ttl: float
    """Seconds a fetched value stays fresh."""
    min_refresh: float
    """The shortest refresh interval a widget may ask for, in seconds."""
    method: str


def endpoint(
    id: str,
    *,
    name: str,
    description: str,
    ttl: float = 10.0,
    min_refresh: float | None = None,
) -> Callable[
    [Callable[[Any, ClientT], Awaitable[PayloadT]]], Callable[[Any, ClientT], Awaitable[PayloadT]]
]:
    """Declare an integration method as an endpoint; its return annotation is the payload type."""

    def mark(
        fn: Callable[[Any, ClientT], Awaitable[PayloadT]],
    ) -> Callable[[Any, ClientT], Awaitable[PayloadT]]:
        fn.__tilewire_endpoint__ = {  # type: ignore[attr-defined]
            "id": id,
            "name": name,
            "description": description,
            "ttl": ttl,
            "min_refresh": ttl if min_refresh is None else min_refresh,
        }
        return fn

    return mark


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """What a successful connection test found."""

    version: str | None = None
    details: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, version: str | None, details: Mapping[str, str | None]) -> ServiceInfo:
        """The version, and those of ``details`` that have a value."""
        return cls(version, {key: value for key, value in details.items() if value})


@dataclass(frozen=True, slots=True)
class IntegrationData:
    """One endpoint's data as served: the payload, its age, and any error fetching it."""

    payload: BaseModel | None
    fetched_at: datetime | None
    expires_at: datetime | None
    stale: bool = False
    error: IntegrationError | None = None


def _return_type(method: Callable[..., Any]) -> Any:
    """The return annotation alone, evaluated (the parameters may name a client class that
    is imported on first use only)."""
    stub = types.SimpleNamespace(
        __annotations__={"return": method.__annotations__.get("return")},
        __globals__=getattr(method, "__globals__", {}),
    )
    return typing.get_type_hints(stub).get("return")


def _import_object(path: str) -> object:
    """The object ``"package.module:name"`` names, importing its module."""
    module, sep, name = path.partition(":")
    if not (module and sep and name):
        raise ValueError(f"{path!r} is not of the form 'package.module:name'")
    return getattr(importlib.import_module(module), name)


class _LazyConfigModel:
    """An integration's ``config_model``, built when first read and then kept on the class in
    place of this descriptor."""

    def __get__(self, instance: object, owner: type[Integration[Any]]) -> type[ServiceConfig]:
        model = build_config_model(
            f"{owner.__name__}Config", owner.credentials, owner.extra, owner.config_base
        )
        setattr(owner, "config_model", model)  # noqa: B010
        return model


_LAZY_CONFIG_MODEL = _LazyConfigModel()


class Integration(Generic[ClientT]):
    """Base of every integration. Subclass, set the metadata, implement, decorate endpoints."""

    id: ClassVar[str]
    name: ClassVar[str]
    icon: ClassVar[str] = ""
    categories: ClassVar[tuple[str, ...]] = ()
    docs_url: ClassVar[str] = ""
    default_port: ClassVar[int | None] = None
    verification: ClassVar[str] = ""
    """How it was verified: "Verified against a running <service> <version>" or "Built from
    the <service> API documentation, version <x>"."""
    credentials: ClassVar[tuple[type[Credentials], ...]] = (NoCredentials,)
    extra: ClassVar[type[ConfigModel] | None] = None
    unix_socket: ClassVar[bool] = False
    """Whether the service may be reached over a unix socket: the config's URL then takes
    ``unix:///path/to/socket`` as well as http(s) (every other integration refuses it)."""
    config_base: ClassVar[type[ServiceConfig]] = ServiceConfig
    """The config's base model: ServiceConfig, or a subclass with connection rules of the
    integration's own (``url_takes_query``, the ``url`` field's help)."""
    client_class: ClassVar[type[ServiceClient] | str] = ServiceClient
    """The client class, or where to import it from (``"package.module:ClassName"``) when it
    is first needed: the HTTP client and the upstream models are most of an integration's
    code, and a server uses a few of its integrations, so they are not imported at start-up."""

    endpoints: ClassVar[dict[str, Endpoint]]
    actions: ClassVar[dict[str, Action]]
    """What it can do to its service (``integrations.actions``), by id."""
    config_model: ClassVar[type[ServiceConfig]]
    _json_schema: ClassVar[dict[str, Any] | None] = None
    _client: ClassVar[type[ServiceClient] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, Endpoint] = {}
        # Base classes first, so a subclass inherits its parent's endpoints and may override.
        for klass in reversed(cls.__mro__):
            own: set[str] = set()
            for attr, value in vars(klass).items():
                spec = getattr(value, "__tilewire_endpoint__", None)
                if spec is None:
                    continue
                payload = _return_type(value)
                if not (isinstance(payload, type) and issubclass(payload, BaseModel)):
                    raise TypeError(f"{cls.__name__}.{attr} must return a pydantic model")
                if spec["id"] in own:
                    raise TypeError(f"{klass.__name__}: duplicate endpoint id {spec['id']!r}")
                own.add(spec["id"])
                found[spec["id"]] = Endpoint(payload=payload, method=attr, **spec)
        cls.endpoints = found
        cls.actions = collect(cls, set(found))
        if "id" in cls.__dict__:  # an integration; without an id, a base its family shares
            name = f"{cls.__name__}Config"
            if cls.unix_socket and not issubclass(cls.config_base, SocketServiceConfig):
                if cls.config_base is not ServiceConfig:
                    raise TypeError(
                        f"{cls.__name__}: unix_socket needs a config_base derived from "
                        "SocketServiceConfig"
                    )
                cls.config_base = SocketServiceConfig
            check_credential_sets(name, cls.credentials)
            # Built on first use: a server loads every definition and validates the configs
            # of a few (the models of 94 integrations held 1.3 MiB at start-up, measured).
            setattr(cls, "config_model", _LAZY_CONFIG_MODEL)  # noqa: B010 (typed as the model)

    def form(self, *, picker: bool = False) -> list[FormField]:
        """The typed field list of the config form (see integrations.config_schema); with
        ``picker``, the ``credentials.type`` select that picks the credential set too."""
        return config_form(
            self._schema(), self.credentials, self.extra, picker=picker, connection=self.config_base
        )

    def credential_alternatives(self) -> list[tuple[str, str, str, list[FormField]]]:
        """Each credential set: (type, label, description, its form fields)."""
        return alternatives(self.credentials, self.form())

    def json_schema(self) -> dict[str, Any]:
        """The config's JSON Schema (2020-12), as a form validates it before sending."""
        return fresh(self._schema())

    def _schema(self) -> dict[str, Any]:
        cls = type(self)
        built: dict[str, Any] | None = cls.__dict__.get("_json_schema")
        if built is None:
            built = config_json_schema(self.config_model, self.credentials, self.extra)
            cls._json_schema = built
        return built

    def create_client(
        self, config: ServiceConfig, *, addresses: AddressPolicy | None = None, **kwargs: Any
    ) -> ClientT:
        """A long-lived client for one App's config (close it with ``aclose``), connecting only
        where ``addresses`` allows (the default policy when None; a ``transport`` given in
        ``kwargs`` is used as it is)."""
        if addresses is not None and kwargs.get("transport") is None:
            kwargs["transport"] = tls.transport_for(config, LIMITS, addresses)
        return self.load()(config, **kwargs)  # type: ignore[return-value]

    @classmethod
    def load(cls) -> type[ServiceClient]:
        """This integration's client class, imported if it is named by its path."""
        loaded = cls.__dict__.get("_client")
        if loaded is None:
            client: object = cls.client_class
            if isinstance(client, str):
                client = _import_object(client)
            if not (isinstance(client, type) and issubclass(client, ServiceClient)):
                raise TypeError(f"{cls.__name__}.client_class is not a ServiceClient")
            cls._client = loaded = client
        return loaded

    async def test_connection(self, client: ClientT) -> ServiceInfo:
        """Prove the credentials work (not just that the port answers) and say what was found."""
        raise NotImplementedError

    async def run_action(self, client: ClientT, action_id: str, input: ActionInput) -> ActionResult:
        """Run one action with its validated input, once; its requests reach the App's origin
        only. Raises IntegrationError (PartiallyApplied when some of it happened)."""
        spec = self.actions.get(action_id)
        if spec is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, f"{self.id} has no action {action_id!r}"
            )
        if not isinstance(input, spec.input):
            raise TypeError(f"action {action_id!r} takes {spec.input.__name__}")
        run = getattr(type(self), spec.method)
        with origin_only():
            result = await run(self, client, input)
        if not isinstance(result, ActionResult):
            raise TypeError(f"{type(self).__name__}.{spec.method} must return an ActionResult")
        return result

    async def fetch_data(self, client: ClientT, endpoint_id: str) -> BaseModel:
        spec = self.endpoints.get(endpoint_id)
        if spec is None:
            raise IntegrationError(
                ErrorCode.ENDPOINT_NOT_FOUND, f"{self.id} has no endpoint {endpoint_id!r}"
            )
        fetch: FetchFn = getattr(type(self), spec.method)
        return await fetch(self, client)
