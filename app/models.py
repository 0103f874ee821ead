"""Tortoise ORM models: the Apps on a dashboard, the Widgets that show them, the API keys
that programs sign in with, and the record of every action run."""

from __future__ import annotations

import re
import uuid
from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.auth import Role

ID_MAX_LENGTH = 36
_ID_RE = re.compile(rf"[0-9A-Za-z_-]{{1,{ID_MAX_LENGTH}}}")


def new_id() -> str:
    return str(uuid.uuid4())


def is_record_id(value: str) -> bool:
    """Whether ``value`` can be the id of a stored App or Widget (ids are UUIDs).

    Every lookup by a client's id asks this first: anything else (too long for the column,
    a NUL byte PostgreSQL refuses, any other character) is simply not found, without a query
    the database would reject."""
    return _ID_RE.fullmatch(value) is not None


class App(Model):
    """A tile on the dashboard, and how to reach the service behind it."""

    id = fields.CharField(primary_key=True, max_length=ID_MAX_LENGTH, default=new_id)
    name = fields.CharField(max_length=100)
    url = fields.CharField(max_length=2048, null=True)
    icon = fields.CharField(max_length=2048, null=True)
    description: str | None = fields.TextField(null=True)
    sort_order = fields.IntField(default=0)
    integration_type = fields.CharField(max_length=64, null=True)
    integration_config: str | None = fields.TextField(null=True)
    """Encrypted envelope (app.crypto) of the integration config JSON, secrets included."""
    integration_enabled = fields.BooleanField(default=False)
    allowed_actions: list[str] | None = fields.JSONField(null=True)
    """The ids of the actions the App allows; None: every action that is not destructive."""
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "apps"
        ordering = ("sort_order", "name")


class WidgetType(StrEnum):
    INTEGRATION = "INTEGRATION"
    LINK = "LINK"
    NOTE = "NOTE"


class Widget(Model):
    """A block on the dashboard; an INTEGRATION widget shows one endpoint of one App.

    Deleting an App deletes its widgets (``app`` cascades): a widget without its App could
    only ever show an error.
    """

    id = fields.CharField(primary_key=True, max_length=ID_MAX_LENGTH, default=new_id)
    type = fields.CharEnumField(WidgetType, max_length=32)
    title = fields.CharField(max_length=100, null=True)
    position = fields.IntField(default=0)
    config: dict[str, Any] = fields.JSONField(default=dict)
    app: fields.ForeignKeyNullableRelation[App] = fields.ForeignKeyField(
        "models.App", related_name="widgets", null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "widgets"
        ordering = ("position", "created_at")


class ApiKey(Model):
    """A credential for a program: ``tw_<prefix>_<secret>``, shown once when created.

    Only the SHA-256 of the secret is stored; the prefix finds the row. Revoking deletes it."""

    id = fields.CharField(primary_key=True, max_length=36, default=new_id)
    name = fields.CharField(max_length=64, unique=True)
    role = fields.CharEnumField(Role, max_length=16)
    prefix = fields.CharField(max_length=16, unique=True)
    secret_hash = fields.CharField(max_length=64)
    """Hex SHA-256 of the secret part (high-entropy, so no slow hash is needed)."""
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    """Updated at most once a minute, not on every request."""

    class Meta:
        table = "api_keys"
        ordering = ("created_at", "name")


class RunOutcome(StrEnum):
    RUNNING = "RUNNING"
    """Sent to the service, not answered yet (or the process stopped meanwhile)."""
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class ActionRun(Model):
    """One run of an action: who, when, which App and action, the input (never a secret), the
    outcome and how long it took. Kept for the retention the settings say (App deleted or not:
    the App's id and name are copied, not referenced)."""

    id = fields.CharField(primary_key=True, max_length=ID_MAX_LENGTH, default=new_id)
    app_id = fields.CharField(max_length=ID_MAX_LENGTH, db_index=True)
    app_name = fields.CharField(max_length=100)
    integration_type = fields.CharField(max_length=64)
    action_id = fields.CharField(max_length=64)
    actor = fields.CharField(max_length=160, null=True)
    """Who ran it: the token's subject, the API key's name or the proxy's user (None with
    authentication off)."""
    actor_via = fields.CharField(max_length=16)
    role = fields.CharField(max_length=16, null=True)
    input: dict[str, Any] = fields.JSONField(default=dict)
    client_key = fields.CharField(max_length=200, null=True, unique=True)
    """The caller and its client key: a retry with the same key is answered from this row."""
    outcome = fields.CharEnumField(RunOutcome, max_length=16)
    error_code = fields.CharField(max_length=32, null=True)
    message = fields.TextField(default="")
    affected = fields.IntField(null=True)
    latency_ms = fields.FloatField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "action_runs"
        ordering = ("-created_at", "-id")
