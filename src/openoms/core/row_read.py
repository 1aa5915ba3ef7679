# ruff: noqa: S608 -- table and column names come from the model's Meta; every value is a parameter.
"""Reading one row by a hand-written statement, for the hottest reads (a webhook's channel, read
once per request): the instance ``QuerySet.first()`` would give — every concrete column, each
value converted as the ORM converts it (the backend's converters, then the field's
``from_db_value``: booleans and times on SQLite, decrypted credentials) — without building the
ORM's query, which costs more than the statement itself. All columns, not a few: a deferred
field read later would cost a statement of its own."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


class RowRead:
    """``SELECT`` of ``model``'s concrete columns ``WHERE`` each of ``columns`` equals its
    parameter; the statement is built once, the converters once per database vendor."""

    def __init__(self, model: type[Model], columns: Sequence[str]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.names = [field.attname for field in self.fields]
        self.columns = tuple(columns)
        self._sql: dict[str, str] = {}
        self._converters: dict[str, list] = {}

    def first(self, params: Sequence) -> Model | None:
        """The row whose columns equal ``params`` (in the order of ``columns``), or None."""
        vendor = connection.vendor
        if vendor not in self._sql:
            self._prepare(vendor)
        with connection.cursor() as cursor:
            cursor.execute(self._sql[vendor], list(params))
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, col, converters in self._converters[vendor]:
            for converter in converters:
                values[index] = converter(values[index], col, connection)
        return self.model.from_db(connection.alias, self.names, values)

    def _prepare(self, vendor: str) -> None:
        quote = connection.ops.quote_name
        table = self.model._meta.db_table
        where = " AND ".join(f"{quote(column)} = %s" for column in self.columns)
        selected = ", ".join(quote(field.column) for field in self.fields)
        self._sql[vendor] = f"SELECT {selected} FROM {quote(table)} WHERE {where} LIMIT 1"
        converting = []
        for index, field in enumerate(self.fields):
            col = field.get_col(table)
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if converters:
                converting.append((index, col, converters))
        self._converters[vendor] = converting
