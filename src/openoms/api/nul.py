"""NUL (U+0000) in a request: PostgreSQL can neither store nor compare text holding it, so the API
refuses it anywhere (address, query, JSON body) with a 422 naming where it is."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django.http import HttpRequest

NUL = "\x00"
MESSAGE = "Remove the NUL character (U+0000): text may not contain it."
JSON_ESCAPED_NUL = b"\\u0000"  # how JSON writes it (a raw NUL byte is not valid JSON)


def nul_paths(data: Any, prefix: str = "") -> list[str]:
    """The dotted paths of the keys and strings of parsed JSON ``data`` that contain NUL."""
    if isinstance(data, str):
        return [prefix or "body"] if NUL in data else []
    paths = []
    for key, value in _children(data):
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(key, str) and NUL in key:
            paths.append(path)
        paths += nul_paths(value, path)
    return paths


def _children(data: Any):
    if isinstance(data, dict):
        return data.items()
    return enumerate(data) if isinstance(data, list) else ()


def address_nul_fields(request: HttpRequest) -> list[str]:
    """Where the request's address holds NUL: ``path`` and/or the names of query parameters."""
    fields = ["path"] if NUL in request.path else []
    if NUL in unquote(request.META.get("QUERY_STRING", "")):
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                fields.append(name.replace(NUL, "") or "query")
        fields = fields or ["query"]  # a NUL Django could not decode into a parameter
    return fields
