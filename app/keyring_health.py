"""Whether the configured encryption keys can decrypt the stored App configs.

A wholly wrong ``INTEGRATION_ENCRYPTION_KEY`` lets the server start and answer, while every App
fails; checked on a sample of Apps at start and reported by /readyz, it is seen at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.apps import CONFIG_FIELD
from app.crypto import DecryptionError, Keyring
from app.models import App

logger = logging.getLogger("tilewire")

KEYRING_SAMPLE = 20
"""How many App configs (the most recently changed) are tried."""


@dataclass(frozen=True, slots=True)
class KeyringCheck:
    """Whether the keyring decrypts a sample of the stored App configs."""

    sampled: int
    failed: tuple[str, ...] = ()
    """Ids of the sampled Apps whose config does not decrypt."""
    key_missing: bool = False
    """Some of them name a key id that is not configured."""

    @property
    def usable(self) -> bool:
        """False when the keys are wrong rather than a row damaged: every sampled App fails,
        or one names a key that was left out of INTEGRATION_ENCRYPTION_KEY."""
        return not self.failed or (not self.key_missing and len(self.failed) < self.sampled)

    def describe(self) -> str:
        if not self.failed:
            return "ok"
        return f"cannot decrypt {len(self.failed)} of {self.sampled} sampled Apps"


async def check_keyring(keyring: Keyring, sample: int = KEYRING_SAMPLE) -> KeyringCheck:
    """Try to decrypt the configs of up to ``sample`` Apps (the most recently changed)."""
    rows = (
        await App.filter(integration_config__isnull=False)
        .order_by("-updated_at")
        .limit(sample)
        .values_list("id", "integration_config")
    )
    failed: list[str] = []
    key_missing = False
    for app_id, token in rows:
        try:
            keyring.decrypt(str(token), app_id=str(app_id), field_name=CONFIG_FIELD)
        except DecryptionError as err:
            failed.append(str(app_id))
            key_missing = key_missing or err.key_missing
    return KeyringCheck(len(rows), tuple(failed), key_missing)


class KeyringHealth:
    """The last keyring check, repeated only when it may have changed: after any App was
    written (``generation`` moved), or while it finds a problem. Each new outcome is logged
    once (App ids, never a key or a secret)."""

    def __init__(
        self, keyring: Keyring, generation: Callable[[], int], sample: int = KEYRING_SAMPLE
    ) -> None:
        self.keyring = keyring
        self.generation = generation
        self.sample = sample
        self._last: KeyringCheck | None = None
        self._checked_at = -1

    async def check(self) -> KeyringCheck:
        last = self._last
        if last is not None and not last.failed and self._checked_at == self.generation():
            return last
        generation = self.generation()
        found = await check_keyring(self.keyring, self.sample)
        self._checked_at = generation
        self._last = found
        if last is None or (last.failed, last.usable) != (found.failed, found.usable):
            self._log(found, last)
        return found

    @staticmethod
    def _log(found: KeyringCheck, last: KeyringCheck | None) -> None:
        if not found.failed:
            if last is not None:
                logger.info("the encryption keys decrypt every sampled App config again")
            return
        why = (
            "some name a key that is not in INTEGRATION_ENCRYPTION_KEY"
            if found.key_missing
            else "the key is wrong or the values were altered"
        )
        logger.log(
            logging.WARNING if found.usable else logging.ERROR,
            "the encryption keys %s (%s; App ids: %s)",
            found.describe(),
            why,
            ", ".join(found.failed),
        )
