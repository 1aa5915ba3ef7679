"""Field paths and messages for 422 responses, in the API's own (JSON) vocabulary.

Request-shape errors come from pydantic with ninja's location prefixes (``body``, ``payload``,
``query``…); domain errors come keyed by setting name. Both become ``{"field": "a.b", "message"}``
with the dotted JSON path a client sent, e.g. ``units_of_measure.size``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from openoms.tenancy.account_settings import SETTINGS_BY_NAME

# Where ninja says a value came from (first element of a pydantic error location).
PARAM_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})
# Every body parameter of this API is named ``payload``; it is not part of the client's JSON.
BODY_PARAM_NAME = "payload"
WHOLE_BODY = "body"
LONG_MESSAGE = 160


def field_path(loc: Iterable[Any]) -> str:
    """The dotted JSON path of a ninja/pydantic error location, without ninja's prefixes."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in PARAM_SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == BODY_PARAM_NAME:
            parts.pop(0)
    return ".".join(parts) or WHOLE_BODY


def _message(error: Mapping[str, Any], path: str) -> str:
    kind = error.get("type")
    if kind == "extra_forbidden":
        return "Unknown or read-only field."
    if path == WHOLE_BODY and kind in {"missing", "model_type", "model_attributes_type"}:
        return "The request body must be a JSON object."
    message = str(error.get("msg", "Invalid value."))
    if kind == "literal_error" and len(message) > LONG_MESSAGE:
        return "Input should be one of the values listed for this field in the API schema."
    return message


def fields_from_pydantic(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """One entry per invalid field, in the order pydantic found them."""
    fields = []
    for error in errors:
        path = field_path(error.get("loc", ()))
        fields.append({"field": path, "message": _message(error, path)})
    return fields


def api_field_name(setting_name: str) -> str:
    """A setting's dotted API path; names that are not settings (``master_product_channel``) stay."""
    setting = SETTINGS_BY_NAME.get(setting_name)
    return ".".join(setting.api_path) if setting else setting_name


def fields_from_domain(errors: Mapping[str, str]) -> list[dict[str, str]]:
    """``ValidationFailed.errors`` (keyed by setting name) in API paths."""
    return [{"field": api_field_name(name), "message": message} for name, message in errors.items()]
