"""Turning a raw setting value (from a form or JSON) into the stored value, or a reason why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openoms.core.errors import InvalidValue
from openoms.tenancy.account_settings import BOOL, CHOICE, OPTIONAL_DAYS, REFERENCE, TEXT, Setting

if TYPE_CHECKING:
    from openoms.tenancy.models import Account

MAX_NAME_LENGTH = 120
MAX_RETENTION_DAYS = 36_500
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def coerce_setting(setting: Setting, raw: object, account: Account | None = None) -> object:
    """The value to store for ``raw``; raises ``InvalidValue`` with a readable reason."""
    if setting.kind == REFERENCE:
        return _reference(setting, raw, account)
    if setting.kind == TEXT:
        return _text(raw)
    if setting.kind == CHOICE:
        return _choice(setting, raw)
    if setting.kind == BOOL:
        return _bool(raw)
    if setting.kind == OPTIONAL_DAYS:
        return _optional_days(raw)
    raise InvalidValue(f"Unsupported setting kind {setting.kind!r}.")


def _text(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidValue("Enter text.")
    value = raw.strip()
    if not value:
        raise InvalidValue("This field is required.")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise InvalidValue("Remove the control characters (tabs, line breaks, NUL) from the text.")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidValue(f"Use at most {MAX_NAME_LENGTH} characters (this has {len(value)}).")
    return value


def _choice(setting: Setting, raw: object) -> str:
    allowed = dict(setting.choices()) if setting.choices else {}
    if not isinstance(raw, str) or raw not in allowed:
        sample = ", ".join(list(allowed)[:6])
        more = ", …" if len(allowed) > 6 else ""
        raise InvalidValue(f"Choose one of the offered values ({sample}{more}); got {raw!r}.")
    return raw


def _reference(setting: Setting, raw: object, account: Account | None) -> str | None:
    if raw is None or raw == "":
        return None
    allowed = dict(setting.options(account))
    if not isinstance(raw, str) or raw not in allowed:
        offered = ", ".join(allowed) or "none available"
        raise InvalidValue(f"Choose one of the offered values ({offered}); got {raw!r}.")
    return raw


def _bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise InvalidValue("Choose Yes or No.")


def _optional_days(raw: object) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise InvalidValue("Enter a whole number of days, or leave it empty to keep the data.")
    if isinstance(raw, str):
        if not raw.strip().isdigit():
            raise InvalidValue("Enter a whole number of days, or leave it empty to keep the data.")
        raw = int(raw.strip())
    if not isinstance(raw, int):
        raise InvalidValue("Enter a whole number of days, or leave it empty to keep the data.")
    if raw < 1:
        raise InvalidValue("Enter at least 1 day, or leave it empty to keep the data.")
    if raw > MAX_RETENTION_DAYS:
        raise InvalidValue(f"Enter at most {MAX_RETENTION_DAYS} days.")
    return raw
