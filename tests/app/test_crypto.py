import base64
import os
import stat

import pytest

from app.crypto import (
    DecryptionError,
    Key,
    KeyConfigError,
    Keyring,
    derive_key,
    generate_key,
    load_or_create_key_file,
)

APP = "5b1c7a52-8d7e-4a55-9e35-0e2f3f3a9a10"
OTHER = "0d7b7f0e-5b77-4f44-b4a6-3f5b1f61c2aa"
FIELD = "integration_config"


def ring(*keys: str) -> Keyring:
    return Keyring.parse(",".join(keys))


def test_round_trip_and_envelope_format() -> None:
    keyring = ring(generate_key())
    token = keyring.encrypt(b'{"password": "hunter2"}', app_id=APP, field_name=FIELD)
    version, kid, body = token.split(".")
    assert version == "v1"
    assert kid == keyring.primary.kid
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    assert len(raw) == 12 + len(b'{"password": "hunter2"}') + 16  # nonce | ciphertext | tag
    assert b"hunter2" not in raw
    assert keyring.decrypt(token, app_id=APP, field_name=FIELD) == b'{"password": "hunter2"}'


def test_nonce_is_fresh_each_time() -> None:
    keyring = ring(generate_key())
    tokens = {keyring.encrypt(b"same", app_id=APP, field_name=FIELD) for _ in range(50)}
    assert len(tokens) == 50


def test_tampered_ciphertext_is_refused_naming_the_app() -> None:
    keyring = ring(generate_key())
    token = keyring.encrypt(b"secret", app_id=APP, field_name=FIELD)
    head, body = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[14] ^= 0x01
    tampered = head + "." + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(DecryptionError) as caught:
        keyring.decrypt(tampered, app_id=APP, field_name=FIELD)
    assert APP in str(caught.value)
    assert "authentication failed" in str(caught.value)


def test_value_copied_to_another_row_or_field_is_refused() -> None:
    keyring = ring(generate_key())
    token = keyring.encrypt(b"secret", app_id=APP, field_name=FIELD)
    with pytest.raises(DecryptionError) as caught:
        keyring.decrypt(token, app_id=OTHER, field_name=FIELD)
    assert OTHER in str(caught.value)
    with pytest.raises(DecryptionError):
        keyring.decrypt(token, app_id=APP, field_name="other_field")


def test_wrong_key_with_same_id_is_refused() -> None:
    a = Keyring([Key.from_secret(os.urandom(32), "k1")])
    b = Keyring([Key.from_secret(os.urandom(32), "k1")])
    token = a.encrypt(b"secret", app_id=APP, field_name=FIELD)
    with pytest.raises(DecryptionError, match="authentication failed"):
        b.decrypt(token, app_id=APP, field_name=FIELD)


def test_unknown_key_id_is_named() -> None:
    old, new = generate_key(), generate_key()
    token = ring(old).encrypt(b"secret", app_id=APP, field_name=FIELD)
    with pytest.raises(DecryptionError) as caught:
        ring(new).decrypt(token, app_id=APP, field_name=FIELD)
    assert ring(old).primary.kid in str(caught.value)
    assert "not in INTEGRATION_ENCRYPTION_KEY" in str(caught.value)


def test_relabelled_key_id_is_refused() -> None:
    """The header is authenticated too: pointing a value at another configured key fails."""
    k1, k2 = "k1:" + generate_key(), "k2:" + generate_key()
    keyring = ring(k1, k2)
    token = keyring.encrypt(b"secret", app_id=APP, field_name=FIELD)
    relabelled = token.replace("v1.k1.", "v1.k2.")
    with pytest.raises(DecryptionError):
        keyring.decrypt(relabelled, app_id=APP, field_name=FIELD)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("plain text", "not an encrypted envelope"),
        ("v2.k1.AAAA", "unsupported envelope version"),
        ("v1.{kid}.AAAA", "truncated"),
        ("v1.{kid}.!!!", "not base64url"),
    ],
)
def test_malformed_envelopes(token: str, reason: str) -> None:
    keyring = ring(generate_key())
    with pytest.raises(DecryptionError, match=reason):
        keyring.decrypt(token.format(kid=keyring.primary.kid), app_id=APP, field_name=FIELD)


def test_rotation_keeps_old_values_readable_and_writes_with_newest() -> None:
    old, new = "old:" + generate_key(), "new:" + generate_key()
    before = ring(old).encrypt(b"secret", app_id=APP, field_name=FIELD)
    rotated_ring = ring(new, old)
    assert rotated_ring.decrypt(before, app_id=APP, field_name=FIELD) == b"secret"
    assert rotated_ring.needs_rotation(before)
    after = rotated_ring.encrypt(b"secret", app_id=APP, field_name=FIELD)
    assert after.split(".")[1] == "new"
    assert not rotated_ring.needs_rotation(after)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one key"),
        ("c2hvcnQ", "expected 32"),
        ("bad id!:" + "A" * 43, "key id"),
        ("a:" + "A" * 43 + ",a:" + "B" * 43, "duplicate key id"),
        ("%%%%", "base64url"),
    ],
)
def test_bad_key_configuration(text: str, message: str) -> None:
    with pytest.raises(KeyConfigError, match=message):
        Keyring.parse(text)


def test_bare_key_gets_a_stable_id() -> None:
    key = generate_key()
    assert ring(key).primary.kid == ring(key).primary.kid
    assert len(ring(key).primary.kid) == 8


def test_derived_key_is_deterministic_and_differs_from_secret() -> None:
    a, b = derive_key("s" * 40), derive_key("s" * 40)
    assert a == b
    assert a.secret != ("s" * 40).encode()[:32]
    assert derive_key("t" * 40).secret != a.secret


def test_key_file_is_created_private_and_reused(tmp_path) -> None:
    path = tmp_path / "sub" / "encryption.key"
    first = load_or_create_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key_file(path) == first


def test_processes_starting_together_agree_on_one_key_file(tmp_path) -> None:
    """Workers of a development server create the key file at the same moment."""
    import subprocess
    import sys

    path = tmp_path / "encryption.key"
    probe = (
        "import sys; from pathlib import Path; from app.crypto import load_or_create_key_file\n"
        "print(load_or_create_key_file(Path(sys.argv[1])).kid)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", probe, str(path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    kids = {proc.communicate(timeout=60)[0].strip() for proc in procs}
    assert len(kids) == 1 and "" not in kids
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encryption.key"]  # no drafts left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
