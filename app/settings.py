"""Every setting Tilewire reads, from the environment, in one place."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.cors import parse_origins
from app.hosts import HostPatternError, normalize_pattern
from integrations.addresses import AddressPolicy, IPNetwork, SettingNames, parse_networks
from integrations.bodies import DEFAULT_MAX_RESPONSE_BYTES

GENERATE_HINT = (
    "generate one with `tilewire generate-key` "
    "(or: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SettingsError(Exception):
    """The environment does not describe a Tilewire that can start."""


class Settings(BaseSettings):
    """Tilewire's configuration. Each field is one environment variable (see README)."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    env: Environment = Field(
        Environment.DEVELOPMENT, validation_alias=AliasChoices("TILEWIRE_ENV", "env")
    )
    data_dir: Path = Field(
        Path("data"), validation_alias=AliasChoices("TILEWIRE_DATA_DIR", "data_dir")
    )
    database_url: str | None = Field(
        None, validation_alias=AliasChoices("DATABASE_URL", "database_url")
    )
    integration_encryption_key: str | None = Field(
        None,
        validation_alias=AliasChoices("INTEGRATION_ENCRYPTION_KEY", "integration_encryption_key"),
        repr=False,
    )
    jwt_secret: str | None = Field(
        None, validation_alias=AliasChoices("JWT_SECRET", "jwt_secret"), repr=False
    )
    host: str = Field("127.0.0.1", validation_alias=AliasChoices("TILEWIRE_HOST", "host"))
    port: int = Field(8000, ge=1, le=65535, validation_alias=AliasChoices("TILEWIRE_PORT", "port"))
    workers: int = Field(
        1, ge=1, le=64, validation_alias=AliasChoices("TILEWIRE_WORKERS", "workers")
    )
    redis_url: str | None = Field(None, validation_alias=AliasChoices("REDIS_URL", "redis_url"))
    plugins: str = Field("", validation_alias=AliasChoices("TILEWIRE_PLUGINS", "plugins"))
    migrate_on_start: bool = Field(
        True, validation_alias=AliasChoices("TILEWIRE_MIGRATE_ON_START", "migrate_on_start")
    )
    log_level: str = Field("INFO", validation_alias=AliasChoices("TILEWIRE_LOG_LEVEL", "log_level"))
    allow_link_local: bool = Field(
        False, validation_alias=AliasChoices("TILEWIRE_ALLOW_LINK_LOCAL", "allow_link_local")
    )
    upstream_allow: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_UPSTREAM_ALLOW", "upstream_allow")
    )
    upstream_deny: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_UPSTREAM_DENY", "upstream_deny")
    )
    test_rate_limit: int = Field(
        30, ge=0, validation_alias=AliasChoices("TILEWIRE_TEST_RATE_LIMIT", "test_rate_limit")
    )
    cache_max_entries: int = Field(
        10_000,
        ge=10,
        validation_alias=AliasChoices("TILEWIRE_CACHE_MAX_ENTRIES", "cache_max_entries"),
    )
    stale_if_error_seconds: float = Field(
        300.0,
        ge=0,
        validation_alias=AliasChoices("TILEWIRE_STALE_IF_ERROR", "stale_if_error_seconds"),
    )
    max_query_depth: int = Field(
        12, ge=2, validation_alias=AliasChoices("TILEWIRE_MAX_QUERY_DEPTH", "max_query_depth")
    )
    max_aliases: int = Field(
        200, ge=1, validation_alias=AliasChoices("TILEWIRE_MAX_ALIASES", "max_aliases")
    )
    max_tokens: int = Field(
        # graphql-core parses 5 to 8 microseconds a token: 10,000 is 3.5 times the 50-widget
        # dashboard of bench/dashboard.py and parses in about 50 ms
        10_000,
        ge=100,
        validation_alias=AliasChoices("TILEWIRE_MAX_TOKENS", "max_tokens"),
    )
    max_selections: int = Field(
        5_000,
        ge=10,
        validation_alias=AliasChoices("TILEWIRE_MAX_SELECTIONS", "max_selections"),
    )
    max_result_fields: int = Field(
        # about 5 microseconds a field: 50 ms; a 50-widget dashboard resolves a few thousand
        10_000,
        ge=100,
        validation_alias=AliasChoices("TILEWIRE_MAX_RESULT_FIELDS", "max_result_fields"),
    )
    viewer_introspection: bool = Field(
        False,
        validation_alias=AliasChoices("TILEWIRE_VIEWER_INTROSPECTION", "viewer_introspection"),
    )
    max_response_bytes: int = Field(
        DEFAULT_MAX_RESPONSE_BYTES,
        ge=1024,
        validation_alias=AliasChoices("TILEWIRE_MAX_RESPONSE_BYTES", "max_response_bytes"),
    )
    allowed_hosts: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_ALLOWED_HOSTS", "allowed_hosts")
    )
    cors_origins: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_CORS_ORIGINS", "cors_origins")
    )
    trusted_proxies: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_TRUSTED_PROXIES", "trusted_proxies")
    )
    proxy_user_header: str = Field(
        "Remote-User",
        validation_alias=AliasChoices("TILEWIRE_PROXY_USER_HEADER", "proxy_user_header"),
    )
    proxy_groups_header: str = Field(
        "Remote-Groups",
        validation_alias=AliasChoices("TILEWIRE_PROXY_GROUPS_HEADER", "proxy_groups_header"),
    )
    proxy_admin_groups: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_PROXY_ADMIN_GROUPS", "proxy_admin_groups")
    )
    proxy_viewer_groups: str = Field(
        "", validation_alias=AliasChoices("TILEWIRE_PROXY_VIEWER_GROUPS", "proxy_viewer_groups")
    )
    proxy_operator_groups: str = Field(
        "",
        validation_alias=AliasChoices("TILEWIRE_PROXY_OPERATOR_GROUPS", "proxy_operator_groups"),
    )
    action_rate_limit: int = Field(
        30,
        ge=1,
        le=10_000,
        validation_alias=AliasChoices("TILEWIRE_ACTION_RATE_LIMIT", "action_rate_limit"),
    )
    """Actions a caller may run a minute (per token subject and per client address)."""
    action_log_days: int = Field(
        90,
        ge=1,
        le=3650,
        validation_alias=AliasChoices("TILEWIRE_ACTION_LOG_DAYS", "action_log_days"),
    )
    """Days an action run stays in the action log."""

    @field_validator("env", mode="before")
    @classmethod
    def _lower_env(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("allowed_hosts")
    @classmethod
    def _check_allowed_hosts(cls, value: str) -> str:
        try:
            patterns = [normalize_pattern(entry) for entry in value.split(",") if entry.strip()]
        except HostPatternError as err:
            raise ValueError(str(err)) from None
        return ",".join(patterns)

    @property
    def allowed_host_patterns(self) -> tuple[str, ...] | None:
        """The Host names served (normalized patterns), or None when none are listed."""
        return tuple(self.allowed_hosts.split(",")) if self.allowed_hosts else None

    @field_validator("cors_origins")
    @classmethod
    def _valid_origins(cls, value: str) -> str:
        return ",".join(parse_origins(value))

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Web pages (exact origins) that may call Tilewire from a browser (see app/cors.py)."""
        return tuple(self.cors_origins.split(",")) if self.cors_origins else ()

    @property
    def plugin_modules(self) -> list[str]:
        """Modules outside Tilewire that each expose an ``integration`` to register."""
        return [name.strip() for name in self.plugins.split(",") if name.strip()]

    @property
    def production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def auth_enabled(self) -> bool:
        """Auth is on whenever a JWT secret exists; production always has one."""
        return self.jwt_secret is not None

    @field_validator("proxy_user_header", "proxy_groups_header")
    @classmethod
    def _check_header_name(cls, value: str) -> str:
        value = value.strip()
        if not value or not all(c.isascii() and (c.isalnum() or c in "-_") for c in value):
            raise ValueError(f"{value!r} is not an HTTP header name (letters, digits, '-', '_')")
        return value

    @field_validator("upstream_allow", "upstream_deny", "trusted_proxies")
    @classmethod
    def _check_networks(cls, value: str) -> str:
        parse_networks(value)  # a ValueError naming the entry that is not a network
        return value

    @cached_property
    def address_policy(self) -> AddressPolicy:
        """Where integrations may connect, as TILEWIRE_ALLOW_LINK_LOCAL, TILEWIRE_UPSTREAM_ALLOW
        and TILEWIRE_UPSTREAM_DENY say (and refusals tell a person to change)."""
        return AddressPolicy(
            allow_link_local=self.allow_link_local,
            allow=parse_networks(self.upstream_allow),
            deny=parse_networks(self.upstream_deny),
            settings=SettingNames(
                allow_link_local="TILEWIRE_ALLOW_LINK_LOCAL=true",
                allow="TILEWIRE_UPSTREAM_ALLOW",
                deny="TILEWIRE_UPSTREAM_DENY",
            ),
        )

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPNetwork, ...]:
        """The peers whose sign-in headers are believed (empty: proxy sign-in is off)."""
        return parse_networks(self.trusted_proxies)

    @property
    def proxy_groups(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The proxy groups whose members are admins, viewers and operators."""
        return (
            _groups(self.proxy_admin_groups),
            _groups(self.proxy_viewer_groups),
            _groups(self.proxy_operator_groups),
        )

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{(self.data_dir / 'tilewire.sqlite3').resolve()}"

    def check(self) -> None:
        """Refuse configurations that must not start; raises SettingsError saying why."""
        if self.trusted_proxies:
            if not self.auth_enabled:
                raise SettingsError(
                    "TILEWIRE_TRUSTED_PROXIES needs JWT_SECRET: without it authentication is "
                    f"off and every caller is admin, whatever the proxy says; {GENERATE_HINT}."
                )
            if not any(self.proxy_groups):
                raise SettingsError(
                    "TILEWIRE_TRUSTED_PROXIES is set but none of TILEWIRE_PROXY_ADMIN_GROUPS, "
                    "TILEWIRE_PROXY_OPERATOR_GROUPS and TILEWIRE_PROXY_VIEWER_GROUPS names a "
                    "group: no proxy user could sign in."
                )
        if not self.production:
            return
        missing = [
            name
            for name, value in (
                ("INTEGRATION_ENCRYPTION_KEY", self.integration_encryption_key),
                ("JWT_SECRET", self.jwt_secret),
            )
            if not value
        ]
        if missing:
            raise SettingsError(
                f"TILEWIRE_ENV=production needs {' and '.join(missing)}; {GENERATE_HINT}."
            )
        if self.jwt_secret is not None and len(self.jwt_secret) < 32:
            raise SettingsError(f"JWT_SECRET must be at least 32 characters; {GENERATE_HINT}.")


def _groups(text: str) -> frozenset[str]:
    return frozenset(group.strip() for group in text.split(",") if group.strip())


def load_settings() -> Settings:
    """Read the environment; a malformed variable becomes a SettingsError naming it."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()
        )
        raise SettingsError(f"invalid setting: {problems}") from None
