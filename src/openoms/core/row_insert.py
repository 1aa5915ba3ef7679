# ruff: noqa: S608 -- table and column names come from the model's Meta; every value is a parameter.
"""Inserting one row by a hand-written statement, for the hottest writes (a webhook delivery,
stored once per request): what ``save(force_insert=True)`` does — defaults and automatic times
filled in, each value prepared by its field, the new primary key set — without building the
ORM's insert query, which costs more than the statement itself."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin


def row_insert(obj: Model) -> None:
    """Insert ``obj`` (a model with an automatic primary key) and set its primary key; a
    refused row raises Django's ``IntegrityError`` as ``save`` does."""
    meta = obj._meta
    if not isinstance(meta.pk, AutoFieldMixin):
        raise TypeError(f"{meta.label} has no automatic primary key.")
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    holes = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({holes}) "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias
