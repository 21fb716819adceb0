"""Encryption at rest of bot credentials and NyxCore tokens (Fernet keyed by ENCRYPTION_KEY).

An empty or invalid key raises, which the route turns into the plain-text 500 the real server gives; the
``encryption_key_missing`` knob makes a configured stack behave that way on demand.
"""

from cryptography.fernet import Fernet

from .config import settings
from .knobs import reader as knobs


def _fernet() -> Fernet:
    key = "" if knobs.get("encryption_key_missing") else settings.encryption_key
    if not key:
        raise ValueError("ENCRYPTION_KEY is not configured")
    return Fernet(key.encode())


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def encryption_configured() -> bool:
    """What detailed health reports: a non-empty key, valid or not."""
    return bool(settings.encryption_key) and not knobs.get("encryption_key_missing")
