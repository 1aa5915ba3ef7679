"""Calling API v2 in tests, and snapshots that prove nothing changed."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from openoms.tenancy.account_settings import SETTINGS
from openoms.tenancy.models import Account

API = "/api/v2"
ISO_UTC = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$"


def api_get(client: Client, path: str, key: str | None):
    headers = {"X-API-Key": key} if key is not None else {}
    return client.get(f"{API}{path}", headers=headers)


def api_send(client: Client, method: str, path: str, body: Any, key: str, **headers: str):
    """``method`` ``body`` (JSON-encoded unless already str/bytes) with the key and ``headers``."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(
        f"{API}{path}",
        data=data,
        content_type="application/json",
        headers={"X-API-Key": key, **headers},
    )


def api_patch(client: Client, body: Any, key: str, path: str = "/account", **headers: str):
    return api_send(client, "patch", path, body, key, **headers)


def api_post(client: Client, path: str, body: Any, key: str, **headers: str):
    return api_send(client, "post", path, body, key, **headers)


def api_put(client: Client, path: str, body: Any, key: str, **headers: str):
    return api_send(client, "put", path, body, key, **headers)


def settings_snapshot(account: Account) -> dict[str, Any]:
    """Every stored setting of the account, plus its ``updated_at``."""
    fresh = Account.objects.get(pk=account.pk)
    return {s.name: s.value_of(fresh) for s in SETTINGS} | {"updated_at": fresh.updated_at}


def key_prefix(raw_key: str) -> str:
    return "_".join(raw_key.split("_")[:2])


def error(code: str, message: str, fields: list[dict[str, str]] | None = None) -> dict:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    return {"error": body}


def field_paths(response) -> list[str]:
    return [item["field"] for item in response.json()["error"]["fields"]]
