"""The JSON body parser: any body that is not JSON becomes ``MalformedJson`` (a 422, never a 500)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


class MalformedJson(ValueError):
    """The request body could not be read as JSON; the message says where it broke."""


class JsonParser(Parser):
    """Ninja's parser with a clear error for bodies that are not UTF-8 JSON."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except json.JSONDecodeError as exc:
            raise MalformedJson(
                f"The request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
            ) from None
        except (ValueError, RecursionError) as exc:
            raise MalformedJson("The request body is not valid UTF-8 JSON.") from exc
