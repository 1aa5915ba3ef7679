"""Encrypt the credentials stored in clear before 0002 (plain JSON text) with the first key of
OPENOMS_SECRETS_KEYS; rows already encrypted are left alone. Backwards: decrypt them to JSON.

Refused, changing nothing, when there are rows to encrypt and the only key is the public
development key outside DEBUG: set OPENOMS_SECRETS_KEYS first (docs/operations.md).
"""

import json

from django.conf import settings
from django.db import migrations

from openoms.core.secrets import DEVELOPMENT, ENV_VARIABLE, SecretUnreadable, seal, unseal


def _rows(schema_editor, table):
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, credentials FROM {quote(table)} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


def _write(schema_editor, table, values):
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(table)} SET credentials = %s WHERE id = %s",  # noqa: S608
            [(text, pk) for pk, text in values],
        )


def _plain(raw):
    """The dict of a row still in clear, or None when the row is already encrypted."""
    if isinstance(raw, dict):
        return raw
    try:
        unseal(raw)
        return None
    except SecretUnreadable:
        pass
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise RuntimeError(
            "A channel's credentials are neither JSON nor decryptable with the keys of "
            f"{ENV_VARIABLE}: add the key they were encrypted with, then migrate again."
        ) from exc


def encrypt_credentials(apps, schema_editor):
    table = apps.get_model("channels", "Channel")._meta.db_table
    pending = []
    for pk, raw in _rows(schema_editor, table):
        value = None if raw is None else _plain(raw)
        if value is not None:
            pending.append((pk, seal(json.dumps(value, sort_keys=True, separators=(",", ":")))))
    if pending and settings.OPENOMS_SECRETS_KEYS_SOURCE == DEVELOPMENT and not settings.DEBUG:
        raise RuntimeError(
            f"{len(pending)} channel(s) have credentials to encrypt, but {ENV_VARIABLE} is not "
            "set (only the public development key is available). Set it first: "
            f"`export {ENV_VARIABLE}=$(openoms secrets new-key)`, then migrate again."
        )
    _write(schema_editor, table, pending)


def decrypt_credentials(apps, schema_editor):
    table = apps.get_model("channels", "Channel")._meta.db_table
    plain = []
    for pk, raw in _rows(schema_editor, table):
        if raw is not None and _plain(raw) is None:
            plain.append((pk, unseal(raw)))
    _write(schema_editor, table, plain)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0002_channel_credentials_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_credentials, decrypt_credentials),
    ]
