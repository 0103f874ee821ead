"""Which encryption keys this process uses, from the settings."""

from __future__ import annotations

import logging

from app.crypto import Keyring, derive_key, load_or_create_key_file
from app.settings import Settings

logger = logging.getLogger(__name__)

KEY_FILE = "encryption.key"


def keyring(settings: Settings) -> Keyring:
    """``INTEGRATION_ENCRYPTION_KEY`` if set; in development a key derived from ``JWT_SECRET``
    or a generated key file (both kept able to decrypt, so setting JWT_SECRET later loses
    nothing)."""
    if settings.integration_encryption_key:
        return Keyring.parse(settings.integration_encryption_key)
    key_path = settings.data_dir / KEY_FILE
    keys = []
    if settings.jwt_secret:
        keys.append(derive_key(settings.jwt_secret))
        logger.warning(
            "INTEGRATION_ENCRYPTION_KEY is not set: encrypting with a key derived from JWT_SECRET "
            "(development only)"
        )
    if not keys or key_path.exists():
        keys.append(load_or_create_key_file(key_path))
        if len(keys) == 1:
            logger.warning(
                "INTEGRATION_ENCRYPTION_KEY is not set: using the key file %s (development only)",
                key_path.resolve(),
            )
    return Keyring(keys)
