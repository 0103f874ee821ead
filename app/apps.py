"""AppService: the Apps on a dashboard and their encrypted integration config."""

from __future__ import annotations

import difflib
import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import orjson
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from tortoise.transactions import in_transaction

from app.crypto import DecryptionError, Keyring
from app.errors import INPUT, FieldError, FieldErrorCode, InvalidInput, NotFound, shown
from app.models import App, Widget, is_record_id
from integrations.addresses import DEFAULT_POLICY, AddressPolicy, validation_context
from integrations.config import (
    SecretState,
    ServiceConfig,
    check_config,
    masked,
    problems,
    to_storage,
)
from integrations.hub import Target
from integrations.registry import UnknownIntegration, registry
from integrations.types import Integration

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
CONFIG_FIELD = "integration_config"
CONFIG_ARGUMENT = "integrationConfig"
"""The ``argument`` of an App's integration config problems (their ``field`` is the path in
the config form: ``url``, ``credentials.password``)."""
NEEDS_TYPE = "integrationConfig needs an integrationType"
MAX_ALLOWED_ACTIONS = 200
AppChanged = Callable[[str], Awaitable[None]]
AppsEdited = Callable[[], Awaitable[None]]


class AppFields(BaseModel):
    """The plain fields of an App as the API accepts them (camelCase)."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )

    name: str = Field(min_length=1, max_length=100)
    url: AnyHttpUrl | None = None
    icon: str | None = Field(None, max_length=2048)
    description: str | None = Field(None, max_length=10_000)
    sort_order: int = Field(0, ge=-1_000_000, le=1_000_000)


class IntegrationFields(BaseModel):
    """The integration fields of an App's input, validated apart from the plain ones so that
    a bad name does not hide a bad config: a mutation reports every problem at once."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )

    integration_type: str | None = Field(None, max_length=64)
    integration_config: dict[str, Any] | None = None
    integration_enabled: bool | None = None
    allowed_actions: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        None, max_length=MAX_ALLOWED_ACTIONS
    )


_INTEGRATION_KEYS = {
    key for name, info in IntegrationFields.model_fields.items() for key in (name, info.alias)
}


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An App input's plain fields and its integration fields (unknown keys go with the
    plain ones, which refuse them)."""
    plain = {k: v for k, v in data.items() if k not in _INTEGRATION_KEYS}
    integration = {k: v for k, v in data.items() if k in _INTEGRATION_KEYS}
    return plain, integration


def _given(model: type[BaseModel], data: Mapping[str, Any]) -> set[str]:
    """Names of ``model``'s fields that ``data`` sets (by name or alias)."""
    return {
        name
        for name, info in model.model_fields.items()
        if name in data or (info.alias or name) in data
    }


def _pydantic_errors(
    err: ValidationError, argument: str = INPUT, forms: tuple[str, ...] = ()
) -> list[FieldError]:
    """``err`` as field errors in ``argument``; a problem inside one of ``forms`` (fields that
    hold a form of their own, such as integrationConfig) is one of that argument."""
    out = []
    for item in err.errors(include_input=False, include_url=False):
        loc = [str(p) for p in item["loc"]]
        where = argument
        if loc and loc[0] in forms:
            where = loc.pop(0)
        code = FieldErrorCode.of(item["type"])
        out.append(FieldError(".".join(loc) or None, code, item["msg"], where))
    return out


def _validated(
    model: type[ModelT],
    data: Mapping[str, Any],
    errors: list[FieldError],
    forms: tuple[str, ...] = (),
) -> ModelT | None:
    """``data`` validated as ``model``, or None with its problems added to ``errors``."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        errors.extend(_pydantic_errors(err, forms=forms))
        return None


def default_actions(integration: Integration[Any]) -> list[str]:
    """The actions an App allows unless an admin says otherwise: every one not destructive."""
    return [a.id for a in integration.actions.values() if not a.destructive]


def allowed_actions(app: App, integration: Integration[Any] | None) -> list[str]:
    """The ids of the actions ``app`` allows, in the integration's order."""
    if integration is None:
        return []
    if app.allowed_actions is None:
        return default_actions(integration)
    listed = set(app.allowed_actions)
    return [a for a in integration.actions if a in listed]


def _check_actions(integration: Integration[Any] | None, wanted: list[str]) -> list[FieldError]:
    """Problems of an allowedActions list: ids the integration has no action for."""
    if integration is None:
        message = "allowedActions needs an integrationType"
        return [FieldError("allowedActions", FieldErrorCode.MISSING, message)]
    known = integration.actions
    return [
        FieldError(
            f"allowedActions.{index}",
            FieldErrorCode.UNKNOWN_ACTION,
            f"{integration.name} has no action {shown(action_id)}; its actions: "
            + (", ".join(known) or "none"),
        )
        for index, action_id in enumerate(wanted)
        if action_id not in known
    ]


class StoredConfigInvalid(Exception):
    """An App's stored config decrypts but no longer passes its integration's validation
    (stored before a rule was tightened): it must be entered again."""

    def __init__(self, app_id: str, fields: list[str]) -> None:
        self.app_id = app_id
        super().__init__(
            f"the stored config of App {app_id} is no longer valid ({', '.join(fields)}): "
            "update the App with a valid config"
        )


@dataclass(frozen=True, slots=True)
class RotationFailure:
    """A row ``rotate-keys`` could not re-encrypt, and why (never a secret)."""

    app_id: str
    name: str
    reason: str


@dataclass(slots=True)
class Rotation:
    """What ``rotate-keys`` did: each row is re-encrypted on its own, the rest go on."""

    rotated: int = 0
    total: int = 0
    failed: list[RotationFailure] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IntegrationView:
    """An App's integration as shown to clients: secrets masked."""

    type: str
    enabled: bool
    config: dict[str, Any]
    secrets: list[SecretState]


class AppService:
    """Create, update, delete and read Apps; encrypts config on write, masks it on the way out."""

    def __init__(
        self,
        keyring: Keyring,
        on_change: AppChanged | None = None,
        addresses: AddressPolicy = DEFAULT_POLICY,
        on_edit: AppsEdited | None = None,
    ) -> None:
        self.keyring = keyring
        self._on_change = on_change
        """Told of an App whose config changed or that is gone (its cached data is outdated)."""
        self._on_edit = on_edit
        """Told of every change to any App, after ``generation`` moved (with Redis: bumps the
        cluster's counter, so that every process's cached responses see the change)."""
        self.addresses = addresses
        """Where an integration's URL may lead: a config whose URL it refuses is invalid."""
        self._decrypted: dict[str, tuple[str, dict[str, Any]]] = {}
        self._targets: dict[str, tuple[str, Target]] = {}
        self._reported: dict[str, str] = {}
        """App id -> the stored value whose failure was logged (each is logged once)."""
        self.generation = 0
        """Bumped by every change to any App: whatever was derived from Apps is outdated."""

    # --- reading -------------------------------------------------------------------------

    async def get(self, app_id: str) -> App | None:
        """The App with this id; None for any string that is not one, whatever it holds."""
        if not is_record_id(app_id):
            return None
        return await App.get_or_none(id=app_id)

    async def many(self, app_ids: Sequence[str]) -> list[App | None]:
        """The Apps with these ids, in their order (None where there is none), in one query."""
        wanted = {app_id for app_id in app_ids if is_record_id(app_id)}
        found = {app.id: app for app in await App.filter(id__in=wanted)} if wanted else {}
        return [found.get(app_id) for app_id in app_ids]

    async def require(self, app_id: str, field: str | None = None, argument: str = "id") -> App:
        """The App, or NotFound naming where its id was given (the ``id`` argument unless
        said otherwise)."""
        app = await self.get(app_id)
        if app is None:
            raise NotFound(field, "App", app_id, argument)
        return app

    async def list(self) -> list[App]:
        return await App.all()

    def stored_config(self, app: App) -> dict[str, Any] | None:
        """The decrypted config JSON (secrets in clear). Raises DecryptionError naming the App."""
        token = app.integration_config
        if token is None:
            return None
        cached = self._decrypted.get(app.id)
        if cached is not None and cached[0] == token:
            return cached[1]
        try:
            plain = self.keyring.decrypt(token, app_id=app.id, field_name=CONFIG_FIELD)
        except DecryptionError as err:
            self._report(app.id, token, err)
            raise
        data: dict[str, Any] = orjson.loads(plain)
        self._decrypted[app.id] = (token, data)
        return data

    def readable_config(self, app: App) -> tuple[dict[str, Any] | None, DecryptionError | None]:
        """The decrypted config, or why it cannot be read (to be replaced, not a crash)."""
        try:
            return self.stored_config(app), None
        except DecryptionError as err:
            return None, err

    def _report(self, app_id: str, token: str, err: Exception) -> None:
        """Log a stored config that cannot be used, once per stored value (not per request),
        without a traceback unless the log level is DEBUG."""
        if self._reported.get(app_id) == token:
            return
        self._reported[app_id] = token
        logger.warning("%s", err, exc_info=err if logger.isEnabledFor(logging.DEBUG) else None)

    def target(self, app: App) -> Target | None:
        """The validated config of an App with an integration, for talking to its service
        (decrypted and validated once per stored value, not once per request).

        Raises DecryptionError or StoredConfigInvalid, naming the App."""
        token = app.integration_config
        cached = self._targets.get(app.id)
        if (
            cached is not None
            and cached[0] == token
            and cached[1].integration.id == (app.integration_type)
        ):
            return cached[1]
        integration = registry.for_app(app.integration_type)
        data = self.stored_config(app)
        if integration is None or data is None or token is None:
            return None
        try:
            # Stored before the address policy may have changed: checked when connecting
            # instead, so that the App still shows, and its data says why it cannot be fetched.
            config = integration.config_model.model_validate(data, context=validation_context(None))
        except ValidationError as err:
            invalid = StoredConfigInvalid(app.id, [f"{p.field}: {p.code}" for p in problems(err)])
            self._report(app.id, token, invalid)
            raise invalid from None
        digest = hashlib.sha256(token.encode()).hexdigest()[:16]
        target = Target(app.id, integration, config, digest)
        self._targets[app.id] = (token, target)
        return target

    def view(self, app: App) -> IntegrationView | None:
        if app.integration_type is None:
            return None
        target = self.target(app)
        if target is None:
            return IntegrationView(app.integration_type, app.integration_enabled, {}, [])
        config, secrets = masked(target.config)
        return IntegrationView(app.integration_type, app.integration_enabled, config, secrets)

    # --- writing -------------------------------------------------------------------------

    def integration(self, integration_type: str) -> Integration[Any]:
        try:
            return registry.get(integration_type)
        except UnknownIntegration:
            ids = registry.ids()
            # The catalogue outgrew a message: name the closest ids, point to the rest.
            close = difflib.get_close_matches(integration_type[:64].lower(), ids, n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise InvalidInput.one(
                "integrationType",
                FieldErrorCode.UNKNOWN_INTEGRATION,
                f"unknown integration type {shown(integration_type)}; {hint}"
                f"the integrations query lists all {len(ids)}",
            ) from None

    def validate_config(
        self,
        integration: Integration[Any],
        config: Mapping[str, Any],
        stored: Mapping[str, Any] | None = None,
        argument: str = CONFIG_ARGUMENT,
        *,
        unreadable: DecryptionError | None = None,
        app_id: str | None = None,
    ) -> ServiceConfig:
        """``config`` (stored secrets merged in where it omits them) validated, or InvalidInput.

        A stored secret is reused only for the origin it was entered for; when ``config``
        names another (or the stored config is ``unreadable``), each secret it omits is a
        ``secret_reentry_required`` error, and nothing may be written or sent."""
        checked = check_config(
            integration.config_model,
            config,
            stored,
            unreadable=unreadable.reason if unreadable is not None else None,
            context=validation_context(self.addresses),
        )
        merge = checked.merge
        if merge.moved_to is not None and merge.withheld:
            logger.warning(
                "refused to reuse the stored secrets of App %s (%s), entered for %s, with %s: "
                "they must be entered again",
                app_id,
                ", ".join(merge.withheld),
                merge.entered_for,
                merge.moved_to,
            )
        if checked.config is None:
            raise InvalidInput(
                [
                    FieldError(p.field or None, FieldErrorCode.of(p.code), p.message, argument)
                    for p in checked.problems
                ]
            )
        return checked.config

    def _encrypt(self, app_id: str, config: ServiceConfig) -> str:
        plain = orjson.dumps(to_storage(config))
        return self.keyring.encrypt(plain, app_id=app_id, field_name=CONFIG_FIELD)

    async def create(self, data: Mapping[str, Any]) -> App:
        """A new App; InvalidInput with every problem of ``data`` (plain fields and config)."""
        plain, integration_data = _split(data)
        errors: list[FieldError] = []
        fields = _validated(AppFields, plain, errors)
        wanted = _validated(IntegrationFields, integration_data, errors, (CONFIG_ARGUMENT,))
        integration: Integration[Any] | None = None
        config: ServiceConfig | None = None
        if wanted is not None and wanted.integration_type is not None:
            try:
                integration = self.integration(wanted.integration_type)
                config = self.validate_config(integration, wanted.integration_config or {})
            except InvalidInput as err:
                errors += err.errors
        elif wanted is not None and wanted.integration_config is not None:
            errors.append(FieldError("integrationType", FieldErrorCode.MISSING, NEEDS_TYPE))
        # (an unknown integrationType is reported already: its actions cannot be checked)
        if (
            wanted is not None
            and wanted.allowed_actions is not None
            and (integration is not None or wanted.integration_type is None)
        ):
            errors += _check_actions(integration, wanted.allowed_actions)
        if errors or fields is None or wanted is None:
            raise InvalidInput(errors)
        app = App(
            name=fields.name,
            url=str(fields.url) if fields.url else None,
            icon=fields.icon,
            description=fields.description,
            sort_order=fields.sort_order,
        )
        if integration is not None and config is not None:
            app.integration_type = integration.id
            app.integration_config = self._encrypt(app.id, config)
            app.integration_enabled = (
                True if wanted.integration_enabled is None else wanted.integration_enabled
            )
            if wanted.allowed_actions is not None:
                app.allowed_actions = list(dict.fromkeys(wanted.allowed_actions))
        await app.save()
        await self._edited()
        logger.info("created App %s (%s)", app.id, app.integration_type or "no integration")
        return app

    async def update(self, app_id: str, data: Mapping[str, Any]) -> App:
        """Change the fields ``data`` gives; InvalidInput with every problem of ``data``."""
        app = await self.require(app_id)
        plain, integration_data = _split(data)
        errors: list[FieldError] = []
        fields = _validated(AppFields, {"name": app.name, **plain}, errors)
        wanted = _validated(IntegrationFields, integration_data, errors, (CONFIG_ARGUMENT,))
        given = _given(AppFields, plain) | _given(IntegrationFields, integration_data)
        dropping = (
            wanted is not None and "integration_type" in given and wanted.integration_type is None
        )
        new_config: tuple[Integration[Any], ServiceConfig] | None = None
        if (
            not dropping
            and wanted is not None
            and given & {"integration_type", "integration_config"}
        ):
            try:
                new_config = self._new_config(app, wanted)
            except InvalidInput as err:
                errors += err.errors
        if wanted is not None and "allowed_actions" in given and wanted.allowed_actions is not None:
            if new_config is not None:
                actions_of: Integration[Any] | None = new_config[0]
            elif dropping:
                actions_of = None
            else:
                actions_of = registry.for_app(app.integration_type)
            errors += _check_actions(actions_of, wanted.allowed_actions)
        if errors or fields is None or wanted is None:
            raise InvalidInput(errors)
        for attr in ("name", "icon", "description", "sort_order"):
            if attr in given:
                setattr(app, attr, getattr(fields, attr))
        if "url" in given:
            app.url = str(fields.url) if fields.url else None
        if "integration_enabled" in given and wanted.integration_enabled is not None:
            app.integration_enabled = wanted.integration_enabled
        config_changed = False
        dropped_type: str | None = None
        if "allowed_actions" in given:
            listed = wanted.allowed_actions
            app.allowed_actions = None if listed is None else list(dict.fromkeys(listed))
        if dropping:
            dropped_type = app.integration_type
            app.integration_type = None
            app.integration_config = None
            app.integration_enabled = False
            app.allowed_actions = None
            config_changed = True
        elif new_config is not None:
            integration, config = new_config
            if integration.id != app.integration_type:
                dropped_type = app.integration_type
                if "integration_enabled" not in given:
                    app.integration_enabled = True
                if "allowed_actions" not in given:
                    app.allowed_actions = None  # another service: its own defaults
            app.integration_type = integration.id
            app.integration_config = self._encrypt(app.id, config)
            config_changed = True
        async with in_transaction():
            await app.save()
            if dropped_type is not None:
                await self._drop_orphan_widgets(app)
        await self._edited()
        if config_changed:
            self._decrypted.pop(app.id, None)
            self._targets.pop(app.id, None)
            self._reported.pop(app.id, None)
            await self._changed(app.id)
        return app

    def _new_config(
        self, app: App, wanted: IntegrationFields
    ) -> tuple[Integration[Any], ServiceConfig]:
        """The integration and validated config an update sets (stored secrets reused where
        they may be), or InvalidInput."""
        new_type = wanted.integration_type or app.integration_type
        if new_type is None:
            raise InvalidInput.one("integrationType", FieldErrorCode.MISSING, NEEDS_TYPE)
        integration = self.integration(new_type)
        same_type = new_type == app.integration_type
        stored, unreadable = self.readable_config(app) if same_type else (None, None)
        incoming = wanted.integration_config
        if incoming is None and unreadable is not None:
            raise InvalidInput.one(
                None,
                FieldErrorCode.SECRET_REENTRY_REQUIRED,
                f"the stored config cannot be decrypted ({unreadable.reason}): "
                "send the whole integrationConfig, every secret included",
                CONFIG_ARGUMENT,
            )
        if incoming is None:
            incoming = dict(stored or {}) if same_type else {}
        config = self.validate_config(
            integration, incoming, stored, unreadable=unreadable, app_id=app.id
        )
        return integration, config

    async def _drop_orphan_widgets(self, app: App) -> None:
        """Widgets of endpoints the App's (new) integration does not have are deleted."""
        integration = registry.for_app(app.integration_type)
        endpoints = set(integration.endpoints) if integration is not None else set()
        for widget in await Widget.filter(app_id=app.id):
            if widget.config.get("endpointId") not in endpoints:
                await widget.delete()

    async def delete(self, app_id: str) -> str:
        app = await self.require(app_id)
        await app.delete()  # widgets cascade
        await self._edited()
        self._decrypted.pop(app_id, None)
        self._targets.pop(app_id, None)
        self._reported.pop(app_id, None)
        await self._changed(app_id)
        logger.info("deleted App %s", app_id)
        return app_id

    async def _edited(self) -> None:
        self.generation += 1
        if self._on_edit is not None:
            await self._on_edit()

    async def _changed(self, app_id: str) -> None:
        if self._on_change is not None:
            await self._on_change(app_id)

    async def rotate_keys(self) -> Rotation:
        """Re-encrypt every App's config under the newest key, each row in a transaction of
        its own: a row that cannot be decrypted is named in the result, the others rotate."""
        result = Rotation()
        ids = await App.filter(integration_config__isnull=False).values_list("id", flat=True)
        for app_id in ids:
            async with in_transaction():
                app = await App.filter(id=app_id).select_for_update().first()
                if app is None or app.integration_config is None:
                    continue  # deleted or cleared meanwhile
                result.total += 1
                token = app.integration_config
                if not self.keyring.needs_rotation(token):
                    continue
                try:
                    plain = self.keyring.decrypt(token, app_id=app.id, field_name=CONFIG_FIELD)
                except DecryptionError as err:
                    result.failed.append(RotationFailure(app.id, app.name, err.reason))
                    continue
                app.integration_config = self.keyring.encrypt(
                    plain, app_id=app.id, field_name=CONFIG_FIELD
                )
                await app.save(update_fields=["integration_config", "updated_at"])
                result.rotated += 1
        self._decrypted.clear()
        self._targets.clear()
        return result
