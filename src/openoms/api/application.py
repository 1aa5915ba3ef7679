"""The API v2 application: ninja with JSON answers for unknown addresses and wrong methods.

Ninja answers a wrong method with a plain-text 405, its root address and unknown paths with
Django's HTML 404; ``OpenOmsApi.urls`` wraps every route so a 405 is JSON, answers the root with
the JSON 404 and ends with a catch-all JSON 404.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from openoms.api.errors import method_not_allowed_response, not_found_response

DESCRIPTION = """
The OpenOMS REST API, version 2: read and change an account's data as a program.

## Authentication
Send an API key of the account in the `X-API-Key` header of every request. Create keys in the
web UI (Account → API Key); a key is shown once, acts for its own account only, and can be
revoked at any time. A missing header is answered `401 missing_api_key`, an unknown or revoked
key `401 invalid_api_key`. `/health` needs no key.

## Errors
Every error has the same JSON body:

```json
{"error": {"code": "validation_error", "message": "Some values are not valid.",
           "fields": [{"field": "units_of_measure.size", "message": "Input should be 'mm', ..."}]}}
```

`code` is stable and meant for programs; `message` is for people. `fields` appears on validation
errors only and lists every invalid field by its dotted JSON path. Codes: `missing_api_key`,
`invalid_api_key` (401), `permission_denied` (403), `not_found` (404), `method_not_allowed` (405),
`conflict`, `confirmation_required` (409), `payload_too_large` (413), `validation_error`,
`malformed_json` (422) and `internal_error` (500).

## Dates and lists
Dates are ISO 8601 in UTC. Lists are paginated with `page` and `page_size` (1 to 200) and give
`count`, `next` and `previous`.
"""


ROOT_URL_NAME = "api-root"  # ninja's name for its root address (it only raises Http404)


class OpenOmsApi(NinjaAPI):
    """``NinjaAPI`` whose URL patterns answer every error in the API's JSON format."""

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped = [_json_errors(p) if isinstance(p, URLPattern) else p for p in patterns]
        return [*wrapped, re_path(r"^.*$", _not_found, name="not-found")], app_name, namespace


def _json_errors(pattern: URLPattern) -> URLPattern:
    view = _not_found if pattern.name == ROOT_URL_NAME else _json_method_errors(pattern.callback)
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


def _json_method_errors(view: Any) -> Any:
    @wraps(view)
    def json_405(request: HttpRequest, *args: Any, **kwargs: Any):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())
            return method_not_allowed_response(", ".join(allowed))
        return response

    return json_405


@csrf_exempt
def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    return not_found_response()
