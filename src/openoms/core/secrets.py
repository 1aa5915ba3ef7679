"""Secrets at rest (channel credentials): encrypted with ``cryptography``'s Fernet, keys rotated.

``OPENOMS_SECRETS_KEYS`` holds comma-separated Fernet keys: the first encrypts, every one decrypts
(``MultiFernet``), so a new key is put first and the old ones stay after it until
``openoms secrets rotate`` has re-encrypted every row with the first. Without the variable:

- a ``secrets_keys`` file in the data folder is used (``openoms demo`` generates it once for its
  own data, see ``ensure_demo_secret_keys``);
- otherwise a development key derived from a fixed, public text (``DEV_KEY``) is used: it keeps a
  development database and the tests working and protects nothing, so ``openoms serve`` refuses
  to start with it, like without ``OPENOMS_SECRET_KEY``.

A value that no configured key decrypts is reported with ``SecretUnreadable``, a domain error
whose message says what to do; it is never a crash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from openoms.core.errors import DomainError

ENV_VARIABLE = "OPENOMS_SECRETS_KEYS"
KEYS_FILE = "secrets_keys"
FROM_ENVIRONMENT, FROM_DATA_FOLDER, DEVELOPMENT = "environment", "data-folder", "development"
DEV_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"OpenOMS development secrets key - public, protects nothing").digest()
).decode()


class SecretUnreadable(DomainError):
    """A stored secret that no key of ``OPENOMS_SECRETS_KEYS`` decrypts."""

    code = "secret_unreadable"
    http_status = 503


def parse_keys(text: str, *, origin: str = ENV_VARIABLE) -> list[str]:
    """The Fernet keys of a comma-separated list; ``ImproperlyConfigured`` names a bad one."""
    keys = [key.strip() for key in text.split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{origin}: key {position} is not a Fernet key (32 url-safe base64-encoded "
                "bytes). Make one with `openoms secrets new-key`."
            ) from exc
    return keys


def load_keys(data_dir: Path) -> tuple[list[str], str]:
    """(keys, where they came from): the environment, the data folder's file, else ``DEV_KEY``."""
    from_env = os.environ.get(ENV_VARIABLE, "")
    if from_env.strip():
        return parse_keys(from_env), FROM_ENVIRONMENT
    key_file = Path(data_dir) / KEYS_FILE
    if key_file.exists():
        return parse_keys(key_file.read_text(), origin=str(key_file)), FROM_DATA_FOLDER
    return [DEV_KEY], DEVELOPMENT


def new_key() -> str:
    return Fernet.generate_key().decode()


@functools.lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(f"{ENV_VARIABLE} holds no key.")
    return MultiFernet([Fernet(key) for key in keys])


def _fernet() -> MultiFernet:
    return _multi_fernet(tuple(settings.OPENOMS_SECRETS_KEYS))


def seal(text: str) -> str:
    """``text`` encrypted with the first key (a Fernet token, ASCII)."""
    return _fernet().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    """The text of a token; ``SecretUnreadable`` when no configured key decrypts it."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError, TypeError) as exc:
        raise SecretUnreadable(unreadable_message()) from exc


def reseal(token: str) -> str:
    """The same secret encrypted again with the first key (rotation)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except (InvalidToken, ValueError, TypeError) as exc:
        raise SecretUnreadable(unreadable_message()) from exc


def unreadable_message(what: str = "This secret") -> str:
    return (
        f"{what} cannot be decrypted: it was encrypted with a key that is not in "
        f"{ENV_VARIABLE}. Add that key back (after the current one) and run "
        "`openoms secrets rotate`, or enter the credentials again."
    )


def ensure_demo_secret_keys(data_dir: Path) -> str:
    """The demo's own key: generated once into ``<data_dir>/secrets_keys`` (mode 600), reused
    next time, and used by this process and its children. A key already set in the environment
    wins. Returns where the keys come from."""
    if os.environ.get(ENV_VARIABLE, "").strip():
        return FROM_ENVIRONMENT
    key_file = Path(data_dir) / KEYS_FILE
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(new_key() + "\n")
    keys = parse_keys(key_file.read_text(), origin=str(key_file))
    os.environ[ENV_VARIABLE] = ",".join(keys)
    settings.OPENOMS_SECRETS_KEYS = keys
    settings.OPENOMS_SECRETS_KEYS_SOURCE = FROM_DATA_FOLDER
    return FROM_DATA_FOLDER
