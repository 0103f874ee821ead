"""Authenticated encryption of integration config at rest.

Envelope: ``v1.<kid>.<base64url(nonce | ciphertext | tag)>``, AES-256-GCM with a random 12-byte
nonce. The associated data binds a ciphertext to its row and field and to the envelope header,
so a value copied to another App, another column or relabelled with another key id fails to
decrypt instead of yielding someone else's secrets.

A ``Keyring`` holds every key that may still decrypt; the first (newest) one encrypts.
``INTEGRATION_ENCRYPTION_KEY`` is a comma-separated list of keys, newest first, each either
``<kid>:<key>`` or a bare ``<key>``; a key is 32 random bytes in base64url (``tilewire
generate-key`` prints one). A bare key's id is the first 8 hex digits of its SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

logger = logging.getLogger(__name__)

VERSION = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32
_KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class CryptoError(Exception):
    """Base of every encryption failure."""


class KeyConfigError(CryptoError):
    """The configured key material is malformed."""


class DecryptionError(CryptoError):
    """A stored value cannot be decrypted for the row it sits in."""

    def __init__(
        self, app_id: str, field_name: str, reason: str, *, key_missing: bool = False
    ) -> None:
        self.app_id = app_id
        self.field_name = field_name
        self.reason = reason
        self.key_missing = key_missing
        """The value names a key id the keyring does not have (a key left out, not tampering)."""
        super().__init__(f"cannot decrypt {field_name} of App {app_id}: {reason}")


def _b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def generate_key() -> str:
    """A new random key in the format ``INTEGRATION_ENCRYPTION_KEY`` accepts."""
    return _b64encode(secrets.token_bytes(KEY_BYTES))


@dataclass(frozen=True)
class Key:
    kid: str
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise KeyConfigError(f"key {self.kid!r} must be {KEY_BYTES} bytes")
        if not _KID_RE.match(self.kid):
            raise KeyConfigError(f"key id {self.kid!r} must match {_KID_RE.pattern}")

    @classmethod
    def from_secret(cls, secret: bytes, kid: str | None = None) -> Key:
        return cls(kid or hashlib.sha256(secret).hexdigest()[:8], secret)

    @classmethod
    def parse(cls, text: str) -> Key:
        """One ``<kid>:<base64url key>`` or bare ``<base64url key>`` entry."""
        kid, sep, encoded = text.strip().rpartition(":")
        try:
            secret = _b64decode(encoded.strip())
        except (binascii.Error, ValueError):
            raise KeyConfigError("an encryption key is not valid base64url") from None
        if len(secret) != KEY_BYTES:
            raise KeyConfigError(
                f"an encryption key decodes to {len(secret)} bytes, expected {KEY_BYTES}"
            )
        return cls.from_secret(secret, kid.strip() if sep else None)


def derive_key(material: str, purpose: bytes = b"tilewire integration config") -> Key:
    """A key derived (HKDF-SHA256) from another secret, e.g. JWT_SECRET in development."""
    secret = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(
        material.encode()
    )
    return Key.from_secret(secret, "jwt-" + hashlib.sha256(secret).hexdigest()[:8])


def load_or_create_key_file(path: Path) -> Key:
    """The development key file: read it, or create it with mode 0600 on first start.

    Written beside its place and linked in, so that processes starting together (workers)
    agree on one key: the first link wins, the others read the winner's complete file."""
    if path.exists():
        return Key.parse(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(generate_key() + "\n")
        os.link(draft, path)
        logger.warning("generated a new encryption key file at %s (development only)", path)
    except FileExistsError:
        pass  # another process made it first
    finally:
        os.unlink(draft)
    return Key.parse(path.read_text())


class Keyring:
    """Keys that may decrypt; the first one encrypts."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self._keys = list(keys)
        if not self._keys:
            raise KeyConfigError("a keyring needs at least one key")
        self._by_kid: dict[str, AESGCM] = {}
        for key in self._keys:
            if key.kid in self._by_kid:
                raise KeyConfigError(f"duplicate key id {key.kid!r}")
            self._by_kid[key.kid] = AESGCM(key.secret)

    @classmethod
    def parse(cls, text: str) -> Keyring:
        entries = [entry for entry in text.split(",") if entry.strip()]
        return cls(Key.parse(entry) for entry in entries)

    @property
    def primary(self) -> Key:
        return self._keys[0]

    @property
    def kids(self) -> list[str]:
        return [key.kid for key in self._keys]

    @staticmethod
    def _aad(kid: str, app_id: str, field_name: str) -> bytes:
        return f"tilewire/{VERSION}/{kid}/{app_id}/{field_name}".encode()

    def encrypt(self, plaintext: bytes, *, app_id: str, field_name: str) -> str:
        kid = self.primary.kid
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._by_kid[kid].encrypt(nonce, plaintext, self._aad(kid, app_id, field_name))
        return f"{VERSION}.{kid}.{_b64encode(nonce + sealed)}"

    def key_id(self, token: str) -> str | None:
        """The key id an envelope names, or None if it is not an envelope."""
        parts = token.split(".")
        return parts[1] if len(parts) == 3 and parts[0] == VERSION else None

    def decrypt(self, token: str, *, app_id: str, field_name: str) -> bytes:
        parts = token.split(".")
        if len(parts) != 3:
            raise DecryptionError(app_id, field_name, "not an encrypted envelope")
        version, kid, body = parts
        if version != VERSION:
            raise DecryptionError(app_id, field_name, f"unsupported envelope version {version!r}")
        cipher = self._by_kid.get(kid)
        if cipher is None:
            raise DecryptionError(
                app_id,
                field_name,
                f"encrypted with key {kid!r}, which is not in INTEGRATION_ENCRYPTION_KEY "
                f"(configured: {', '.join(self.kids)})",
                key_missing=True,
            )
        try:
            raw = _b64decode(body)
        except (binascii.Error, ValueError):
            raise DecryptionError(app_id, field_name, "envelope body is not base64url") from None
        if len(raw) < NONCE_BYTES + 16:
            raise DecryptionError(app_id, field_name, "envelope is truncated")
        try:
            return cipher.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._aad(kid, app_id, field_name)
            )
        except InvalidTag:
            raise DecryptionError(
                app_id,
                field_name,
                "authentication failed: the value was altered, copied from another App, "
                "or the key with this id is not the one that encrypted it",
            ) from None

    def needs_rotation(self, token: str) -> bool:
        return self.key_id(token) != self.primary.kid
