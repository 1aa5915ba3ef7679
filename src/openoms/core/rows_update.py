# ruff: noqa: S608 -- table and column names come from the models' Meta; every value is a bound parameter.
"""Saving a few fields of many rows in one statement, without ``bulk_update``'s expression
objects (``Case``/``When``/``Value`` per row and field), which cost several times the statement
itself: ``UPDATE t SET f = CASE id WHEN %s THEN %s … END, … WHERE id IN (…)``.

The values go through each field's own preparation for the database (as ``save`` would). On
PostgreSQL each ``CASE`` is cast to its column's type, as Django does (a ``CASE`` of only NULLs,
or of text literals, would otherwise be text); SQLite takes the values as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

CHUNK = 500  # rows per statement


def rows_update(objs: Sequence[Model], fields: Sequence[str]) -> None:
    """Save ``fields`` of each of ``objs`` (rows of one model, with their primary keys)."""
    for start in range(0, len(objs), CHUNK):
        _update(objs[start : start + CHUNK], fields)


def _update(objs: Sequence[Model], fields: Sequence[str]) -> None:
    if not objs:
        return
    meta = objs[0]._meta
    quote, key = connection.ops.quote_name, connection.ops.quote_name(meta.pk.column)
    cast = connection.features.requires_casted_case_in_updates
    whens = " ".join(["WHEN %s THEN %s"] * len(objs))
    sets, params = [], []
    for name in fields:
        field = meta.get_field(name)
        case = f"CASE {key} {whens} END"
        sets.append(
            f"{quote(field.column)} = "
            + (f"CAST({case} AS {field.db_type(connection)})" if cast else case)
        )
        for obj in objs:
            params += [obj.pk, field.get_db_prep_save(getattr(obj, field.attname), connection)]
    params += [obj.pk for obj in objs]
    ids = ", ".join(["%s"] * len(objs))
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {key} IN ({ids})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
