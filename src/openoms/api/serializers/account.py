"""Account settings to and from the API's nested JSON, and history entries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openoms.api.error_fields import api_field_name
from openoms.api.schemas.account import ROW_ID_SETTINGS
from openoms.tenancy.account_settings import SETTINGS, SETTINGS_BY_API_PATH, Setting
from openoms.tenancy.models import Account, ApiKey, AuditEntry
from openoms.tenancy.services.accounts import SettingChange


def _put(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def account_out(account: Account, api_keys: Iterable[ApiKey]) -> dict[str, Any]:
    """The account as ``AccountOut``: every setting at its ``api_path``."""
    data: dict[str, Any] = {
        "organization": {"code": account.organization.code, "name": account.organization.name},
        "code": account.code,
    }
    for setting in SETTINGS:
        _put(data, setting.api_path, _api_value(setting, setting.value_of(account)))
    data["api_keys"] = [
        {
            "name": key.name,
            "prefix": key.prefix,
            "created_at": key.created_at,
            "last_used_at": key.last_used_at,
        }
        for key in api_keys
    ]
    data["created_at"] = account.created_at
    data["updated_at"] = account.updated_at
    return data


def _api_value(setting: Setting, value: object) -> object:
    """A row id setting (``master_product_channel``) is an integer in the API, text elsewhere."""
    if setting.name in ROW_ID_SETTINGS and value not in (None, ""):
        return int(str(value))
    return None if setting.name in ROW_ID_SETTINGS else value


def setting_values(update: dict[str, Any], path: tuple[str, ...] = ()) -> dict[str, object]:
    """A validated nested update (only the fields sent) as ``{setting_name: value}``, each
    value as the settings service takes it (a row id as its text)."""
    values: dict[str, object] = {}
    for key, value in update.items():
        setting = SETTINGS_BY_API_PATH.get((*path, key))
        if setting is None and isinstance(value, dict):
            values.update(setting_values(value, (*path, key)))
        elif setting is not None and setting.name in ROW_ID_SETTINGS and value is not None:
            values[setting.name] = str(value)
        else:
            values[setting.name if setting else ".".join((*path, key))] = value
    return values


def change_out(change: SettingChange, account: Account) -> dict[str, str]:
    setting = change.setting
    return {
        "field": ".".join(setting.api_path),
        "label": setting.label,
        "old": setting.choice_label(change.old, account),
        "new": setting.choice_label(change.new, account),
    }


def history_entry_out(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "actor": entry.actor_label,
        "action": entry.action,
        "field": api_field_name(entry.field),
        "field_label": entry.field_label,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
    }
