"""Looking for values everywhere: every text, char and JSON column of every model (found by
introspecting ``django.apps``), and every file under the data folder (the uploads)."""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models


def searched_forms(value: str) -> set[str]:
    """The value as text and as JSON text spells it ("Zo\\u00eb"), casefolded."""
    return {value.casefold(), json.dumps(value)[1:-1].casefold()}


def text_columns(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def database_hits(values: list[str]) -> list[tuple[str, object, str, str]]:
    """(model, pk, column, value) for each value found in a row of any model."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = text_columns(model)
        if not columns:
            continue
        names = [field.attname for field in columns]
        for row in model._default_manager.values_list("pk", *names).iterator():
            for name, content in zip(names, row[1:], strict=True):
                text = content if isinstance(content, str) else json.dumps(content)
                text = (text or "").casefold()
                found += [
                    (model._meta.label, row[0], name, value)
                    for value in values
                    if any(form in text for form in searched_forms(value))
                ]
    return found


def file_hits(values: list[str]) -> list[tuple[str, str]]:
    """(file, value) for each value found in a file under ``DATA_DIR``."""
    found = []
    for path in Path(settings.DATA_DIR).rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace").casefold()
            found += [(path.name, value) for value in values if value.casefold() in text]
    return found
