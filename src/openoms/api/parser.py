"""The JSON body parser: a body sent with another media type than ``application/json`` (with an
optional ``charset=utf-8``) becomes ``UnsupportedMediaType`` (a 415); any body that is not JSON
becomes ``MalformedJson`` (a 422, never a 500); text holding NUL becomes ``NulCharacters`` (a 422
naming each such field). Every JSON write endpoint reads its body here, so all are equally strict."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from openoms.api.nul import JSON_ESCAPED_NUL, nul_paths


class MalformedJson(ValueError):
    """The request body could not be read as JSON; the message says where it broke."""


JSON_MEDIA_TYPE = "application/json"
JSON_CHARSET = "utf-8"


class UnsupportedMediaType(ValueError):
    """The body was sent with a ``Content-Type`` other than ``application/json``."""


class NulCharacters(ValueError):
    """Keys or strings of the body contain NUL; ``paths`` are their dotted JSON paths."""

    def __init__(self, paths: list[str]):
        super().__init__(f"NUL characters in {', '.join(paths)}.")
        self.paths = paths


class JsonParser(Parser):
    """Ninja's parser with a clear error for bodies that are not UTF-8 JSON."""

    def parse_body(self, request: HttpRequest) -> Any:
        _check_media_type(request)
        data = self._json(request)
        if JSON_ESCAPED_NUL in request.body:  # cheap test first: bodies rarely hold one
            paths = nul_paths(data)
            if paths:
                raise NulCharacters(paths)
        return data

    def _json(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except json.JSONDecodeError as exc:
            raise MalformedJson(
                f"The request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
            ) from None
        except (ValueError, RecursionError) as exc:
            raise MalformedJson("The request body is not valid UTF-8 JSON.") from exc


def _check_media_type(request: HttpRequest) -> None:
    """JSON bodies only as ``application/json``, optionally ``; charset=utf-8`` (JSON is UTF-8)."""
    charset = request.content_params.get("charset", JSON_CHARSET).strip().lower()
    if request.content_type == JSON_MEDIA_TYPE and charset == JSON_CHARSET:
        return
    sent = request.META.get("CONTENT_TYPE", "").strip() or "none"
    raise UnsupportedMediaType(
        f"Send the request body as JSON with Content-Type: {JSON_MEDIA_TYPE} (sent: {sent[:100]})."
    )
