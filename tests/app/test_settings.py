"""Settings from the environment; production refuses to start without its secrets."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path

import pytest

from app.keys import keyring
from app.settings import Environment, Settings, SettingsError, load_settings


def test_defaults_need_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DATABASE_URL",
        "TILEWIRE_ENV",
        "JWT_SECRET",
        "INTEGRATION_ENCRYPTION_KEY",
        "TILEWIRE_DATA_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    settings.check()
    assert settings.env is Environment.DEVELOPMENT
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert (
        settings.resolved_database_url
        == f"sqlite://{(Path('data') / 'tilewire.sqlite3').resolve()}"
    )
    assert not settings.auth_enabled


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TILEWIRE_ENV", "Production")
    monkeypatch.setenv("TILEWIRE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TILEWIRE_PORT", "9000")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    settings = load_settings()
    assert settings.production and settings.port == 9000 and settings.data_dir == tmp_path
    assert settings.resolved_database_url == "postgres://u@h/db"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "INTEGRATION_ENCRYPTION_KEY and JWT_SECRET"),
        ({"JWT_SECRET": "s" * 40}, "INTEGRATION_ENCRYPTION_KEY"),
        ({"INTEGRATION_ENCRYPTION_KEY": "k"}, "JWT_SECRET"),
    ],
)
def test_production_refuses_to_start_without_secrets(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], missing: str
) -> None:
    for name in ("JWT_SECRET", "INTEGRATION_ENCRYPTION_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TILEWIRE_ENV", "production")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings().check()
    assert f"needs {missing}" in str(caught.value)
    assert "tilewire generate-key" in str(caught.value)


def test_short_jwt_secret_refused_in_production() -> None:
    settings = Settings(env="production", jwt_secret="short", integration_encryption_key="k")
    with pytest.raises(SettingsError, match="at least 32"):
        settings.check()


def test_malformed_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILEWIRE_PORT", "eighty")
    with pytest.raises(SettingsError, match="TILEWIRE_PORT"):
        load_settings()


def test_development_keyring_falls_back_to_a_key_file_then_keeps_it(tmp_path: Path) -> None:
    first = keyring(Settings(data_dir=tmp_path))
    assert (tmp_path / "encryption.key").exists()
    token = first.encrypt(b"x", app_id="a", field_name="f")
    # setting JWT_SECRET later switches new writes to the derived key, old values still decrypt
    later = keyring(Settings(data_dir=tmp_path, jwt_secret="j" * 40))
    assert later.primary.kid.startswith("jwt-")
    assert later.decrypt(token, app_id="a", field_name="f") == b"x"


def test_address_policy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TILEWIRE_ALLOW_LINK_LOCAL", "TILEWIRE_UPSTREAM_ALLOW", "TILEWIRE_UPSTREAM_DENY"):
        monkeypatch.delenv(name, raising=False)
    default = load_settings().address_policy
    assert (default.allow_link_local, default.allow, default.deny) == (False, (), ())
    monkeypatch.setenv("TILEWIRE_ALLOW_LINK_LOCAL", "true")
    monkeypatch.setenv("TILEWIRE_UPSTREAM_ALLOW", "169.254.10.0/24")
    monkeypatch.setenv("TILEWIRE_UPSTREAM_DENY", "10.0.0.0/8, fd00::/8")
    policy = load_settings().address_policy
    assert policy.allow_link_local
    assert policy.allow == (ip_network("169.254.10.0/24"),)
    assert policy.deny == (ip_network("10.0.0.0/8"), ip_network("fd00::/8"))
    refused = policy.refusal("10.1.2.3")
    assert refused is not None
    assert refused.message() == "10.1.2.3 is in 10.0.0.0/8, which TILEWIRE_UPSTREAM_DENY refuses"


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("TILEWIRE_UPSTREAM_DENY", "10.0.0.0/8,intranet", "'intranet' is not an IP network"),
        ("TILEWIRE_UPSTREAM_ALLOW", "169.254.0.0/33", "'169.254.0.0/33' is not an IP network"),
        ("TILEWIRE_ALLOW_LINK_LOCAL", "perhaps", "valid boolean"),
        ("TILEWIRE_TEST_RATE_LIMIT", "-1", "greater than or equal to 0"),
    ],
)
def test_malformed_address_and_limit_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, problem: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert name in str(caught.value)
    assert problem in str(caught.value)


def test_cors_origins_are_read_and_normalized(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().allowed_origins == ()
    monkeypatch.setenv(
        "TILEWIRE_CORS_ORIGINS",
        " https://Dash.Example.com:443/ ,http://localhost:3000,, https://dash.example.com,"
        "http://[::1]:8080",
    )
    assert load_settings().allowed_origins == (
        "https://dash.example.com",
        "http://localhost:3000",
        "http://[::1]:8080",
    )


@pytest.mark.parametrize(
    "origin",
    [
        "*",
        "null",
        "dash.example.com",
        "https://dash.example.com/app",
        "https://dash.example.com?x=1",
        "https://dash.example.com#top",
        "ftp://dash.example.com",
        "https://user@dash.example.com",
        "https://dash.example.com:99999",
        "https://dash example.com",
    ],
)
def test_a_malformed_cors_origin_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, origin: str
) -> None:
    monkeypatch.setenv("TILEWIRE_CORS_ORIGINS", f"https://ok.example.com,{origin}")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "TILEWIRE_CORS_ORIGINS" in message
    assert repr(origin) in message


def test_document_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = Settings()
    assert (defaults.max_selections, defaults.max_result_fields) == (5000, 10_000)
    assert (defaults.max_tokens, defaults.viewer_introspection) == (10_000, False)
    monkeypatch.setenv("TILEWIRE_MAX_SELECTIONS", "800")
    monkeypatch.setenv("TILEWIRE_MAX_RESULT_FIELDS", "50000")
    monkeypatch.setenv("TILEWIRE_VIEWER_INTROSPECTION", "true")
    settings = load_settings()
    assert (settings.max_selections, settings.max_result_fields) == (800, 50_000)
    assert settings.viewer_introspection
    monkeypatch.setenv("TILEWIRE_MAX_SELECTIONS", "none")
    with pytest.raises(SettingsError, match="TILEWIRE_MAX_SELECTIONS"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("TILEWIRE_TRUSTED_PROXIES", "127.0.0.1, proxy.lan", "'proxy.lan' is not an IP network"),
        ("TILEWIRE_TRUSTED_PROXIES", "10.0.0.0/40", "'10.0.0.0/40' is not an IP network"),
        ("TILEWIRE_PROXY_USER_HEADER", "Remote User", "'Remote User' is not an HTTP header"),
        ("TILEWIRE_PROXY_GROUPS_HEADER", "", "'' is not an HTTP header name"),
    ],
)
def test_malformed_proxy_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, problem: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert name in str(caught.value)
    assert problem in str(caught.value)


def test_proxy_sign_in_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TILEWIRE_TRUSTED_PROXIES", "TILEWIRE_PROXY_ADMIN_GROUPS", "JWT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    default = load_settings()
    assert default.trusted_proxy_networks == ()  # off
    assert (default.proxy_user_header, default.proxy_groups_header) == (
        "Remote-User",
        "Remote-Groups",
    )
    monkeypatch.setenv("TILEWIRE_TRUSTED_PROXIES", "172.18.0.0/16, 127.0.0.1")
    monkeypatch.setenv("TILEWIRE_PROXY_ADMIN_GROUPS", " admins , ops,")
    with pytest.raises(SettingsError, match="TILEWIRE_TRUSTED_PROXIES needs JWT_SECRET"):
        load_settings().check()
    monkeypatch.setenv("JWT_SECRET", "j" * 40)
    settings = load_settings()
    settings.check()
    assert settings.trusted_proxy_networks == (
        ip_network("172.18.0.0/16"),
        ip_network("127.0.0.1/32"),
    )
    assert settings.proxy_groups == (frozenset({"admins", "ops"}), frozenset(), frozenset())
    monkeypatch.setenv("TILEWIRE_PROXY_ADMIN_GROUPS", " , ")
    with pytest.raises(SettingsError, match="no proxy user could sign in"):
        load_settings().check()


def test_response_cap_is_read_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILEWIRE_MAX_RESPONSE_BYTES", str(32 * 1024 * 1024))
    assert load_settings().max_response_bytes == 32 * 1024 * 1024
    monkeypatch.setenv("TILEWIRE_MAX_RESPONSE_BYTES", "10")
    with pytest.raises(SettingsError, match="TILEWIRE_MAX_RESPONSE_BYTES"):
        load_settings()
