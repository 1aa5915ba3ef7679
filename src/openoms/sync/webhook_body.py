"""Reading a webhook's raw body as the JSON object we store, or why it cannot be one.

Strict JSON only: ``NaN``/``Infinity`` and numbers too large for a float are refused (the
database's JSON types cannot hold them), so is nesting deeper than Python's parser allows. The
two things JSON allows but the databases cannot store, a NUL character (``\\u0000``, refused by
PostgreSQL's ``jsonb``) and a lone surrogate (``\\ud800``: not UTF-8), are replaced by U+FFFD, and
the delivery's note says so.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

MALFORMED_JSON = "malformed_json"
NOT_AN_OBJECT = "not_an_object"
REPLACEMENT = "\ufffd"
UNSTORABLE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
REPLACED_NOTE = "NUL characters or lone surrogates in the body were replaced by U+FFFD to store it."


@dataclass(frozen=True)
class ParsedBody:
    """The body as an object (``value``), or why it is refused (``refusal``); ``note`` says
    what had to be replaced to store it."""

    value: dict | None = None
    refusal: str | None = None
    note: str = ""


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large")
    return number


def _storable_text(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", REPLACEMENT)


def _storable(value: object) -> object:
    if isinstance(value, str):
        return _storable_text(value)
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {_storable_text(key): _storable(item) for key, item in value.items()}
    return value


def body_parse(raw_body: bytes) -> ParsedBody:
    """The object ``raw_body`` holds (UTF-8 JSON), storable as it is; see the module's docstring."""
    try:
        text = raw_body.decode("utf-8")
        value = json.loads(text, parse_constant=_constant, parse_float=_finite)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        return ParsedBody(refusal=MALFORMED_JSON)
    if not isinstance(value, dict):
        return ParsedBody(refusal=NOT_AN_OBJECT)
    if not UNSTORABLE_ESCAPE.search(text):
        return ParsedBody(value=value)
    try:
        cleaned = _storable(value)
    except RecursionError:
        return ParsedBody(refusal=MALFORMED_JSON)
    note = REPLACED_NOTE if cleaned != value else ""
    return ParsedBody(value=cleaned, note=note)
