"""Login sessions shared through Redis, encrypted like integration config."""

from __future__ import annotations

from app.crypto import CryptoError, Keyring
from integrations.shared import RedisBackend

FIELD = "session"


class EncryptedSessions:
    """A SessionStore on the shared backend: each session encrypted, bound to its name."""

    def __init__(self, backend: RedisBackend, keyring: Keyring) -> None:
        self.backend = backend
        self.keyring = keyring

    async def get(self, name: str) -> bytes | None:
        token = await self.backend.get_bytes(f"session:{name}")
        if token is None:
            return None
        try:
            return self.keyring.decrypt(token.decode(), app_id=name, field_name=FIELD)
        except (CryptoError, UnicodeDecodeError):
            return None  # a key rotation or a stranger: log in afresh

    async def set(self, name: str, data: bytes, ttl: float) -> None:
        token = self.keyring.encrypt(data, app_id=name, field_name=FIELD)
        await self.backend.set_bytes(f"session:{name}", token.encode(), ttl)

    async def acquire(self, name: str, lease: float) -> str | None:
        return await self.backend.acquire(name, lease)

    async def release(self, name: str, token: str) -> None:
        await self.backend.release(name, token)
