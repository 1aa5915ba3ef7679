"""The API v2 application: ninja with JSON answers for unknown addresses and wrong methods.

Ninja answers a wrong method with a plain-text 405, its root address and unknown paths with
Django's HTML 404; ``OpenOmsApi.urls`` wraps every route so a 405 is JSON, answers the root with
the JSON 404 and ends with a catch-all JSON 404 (any address, line breaks included); a NUL
character in the address is a 422 and an address longer than ``MAX_ADDRESS_LENGTH`` a JSON 414.
The same wrapping honours the ``Idempotency-Key`` header of every write
(``openoms.api.idempotency``), which the OpenAPI document lists on each POST, PUT and PATCH
operation, with the answers every operation may give (414, 500; 415 where a JSON body is read).
"""

from __future__ import annotations

import inspect
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from openoms.api import idempotency
from openoms.api.errors import (
    error_response,
    mark_rejected,
    method_not_allowed_response,
    not_found_response,
    nul_response,
)
from openoms.api.nul import address_nul_fields

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
errors only and lists every invalid field by its dotted JSON path (list items by their index from
0, e.g. `variants.1.sku`). Codes: `missing_api_key`, `invalid_api_key` (401),
`permission_denied` (403), `not_found` (404; also another account's data), `method_not_allowed`
(405), `conflict`, `confirmation_required`, `idempotency_key_in_progress` (409),
`payload_too_large` (413), `uri_too_long` (414: an address over 4,000 characters),
`unsupported_media_type` (415: a body whose `Content-Type` is not `application/json`),
`validation_error`, `malformed_json`, `idempotency_key_reused`, `rows_rejected`, `unknown_sku`
(422) and `internal_error` (500).

## Recurring jobs and events
`GET /jobs` lists the account's recurring jobs (account scope: for its stable channels; channel
scope: one beta channel each); `PATCH /jobs/{id}` changes `period` (`none` = never runs) and
`enabled` with the rules of the UI; `POST /jobs/{id}/run` queues a run now (202), refused with
409 while one is queued or running. `GET /job-runs/{id}` gives a run's counts; `GET /events`
is the Events log.

## Dates, numbers and lists
Dates are ISO 8601 in UTC (`since`/`until` of `GET /events` may also be given without an
offset: they are then read in the account's timezone). Weights and dimensions are JSON numbers in the account's units
(Account → Units of Measure), named in each product's `units` (e.g. `{"weight": "lb", "size":
"in"}`); they are stored in grams and millimetres and shown with at most 3 decimals. Prices are
decimal strings with 2 decimals (`"19.90"`); send them as a number or a string. Ranges: prices 0
to 9,999,999,999.99 (2 decimals at most); weights and dimensions 0 to 99,999,999,999 g or mm
expressed in the account's unit (stored to 0.001 g or mm); numbers as text are plain decimals
(`"12.5"`, `"1e3"`: no NaN, Infinity or thousands separators; `-0` is 0). Quantities are JSON
integers (a string such as `"5"` is refused) from 0 to 1,000,000,000. Lists are paginated with
`page` and `page_size` (1 to 200) and give `count`, `next`
and `previous` (`GET /warehouses`, always short, is a plain array).

## Products and inventory
`/products` and `/variants` hold the catalog; a variant's SKU is unique in the account,
case-sensitive, and names it in every inventory call. `GET /warehouses` lists the warehouses the
account enabled (virtual ones are the sum of their physical members). `GET /inventory` reads
levels; `PUT /inventory/{warehouse}/{sku}` sets (`total`) or adjusts (`adjust`) one;
`POST /inventory/bulk` sets up to 10,000 in one request, with a result per row. Every change
is a movement of the inventory ledger, with its trigger (`api_single_row_update`,
`api_bulk_update`) and the API key as the actor.

## Channels and SKU mappings
`GET /channels` lists the account's sales and fulfillment channels (never their credentials:
channels are created and configured in the web UI). Each channel's SKU mappings translate the
channel's SKUs to OpenOMS SKUs: list, create, re-point (`PUT`) and delete them one by one, or
send a whole `C_SKU_Mappings.csv` (header `SKU,Channel SKU`) to
`POST /channels/{id}/sku-mappings/import`
and get the import's report; files larger than the request body limit go through the web
import. `GET /channels/{id}/translate` shows how a channel SKU translates. `POST
/channels/{id}/product-import` runs Import Products, on the Master Product Channel only.

## Idempotency
Send an `Idempotency-Key` header (1 to 255 printable ASCII characters, e.g. a UUID) with a POST,
PUT or PATCH to make retrying it safe: the first response to a key is stored for 24 hours and
returned again, with the header `Idempotent-Replayed: true`, for a retry with the same key, the
same address and the same body, without applying anything twice. Keys belong to the account.
The same key with another address or body is `422 idempotency_key_reused`; a retry while the
first request still runs is `409 idempotency_key_in_progress`. Requests refused before they
run (401, 405, 413, or 422 `validation_error`/`malformed_json` on the request's shape) and
server errors (5xx, whose changes are rolled back) are not stored: fix and resend with the same
key. Every other answer, errors included, is stored. The key is claimed in the request's own
transaction: if the server dies mid-request nothing is applied and no claim is left, so the
same request with the same key can be resent as soon as the server is back.
"""


ROOT_URL_NAME = "api-root"  # ninja's name for its root address (it only raises Http404)


IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": idempotency.HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.MAX_KEY_LENGTH},
    "description": "A unique value (e.g. a UUID) that makes a retry of this request return the "
    "first response instead of applying it again; see Idempotency in the API description.",
}


MAX_ADDRESS_LENGTH = 4000  # below gunicorn's request-line limit (4094), so the 414 is ours
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}
JSON_BODY = "application/json"
# Answers any operation may give, besides those it documents itself (status -> description).
EVERY_OPERATION = {414: "URI Too Long", 500: "Internal Server Error"}
JSON_BODY_OPERATION = {415: "Unsupported Media Type"}


class OpenOmsApi(NinjaAPI):
    """``NinjaAPI`` whose URL patterns answer every error in the API's JSON format."""

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped = [_json_errors(p) if isinstance(p, URLPattern) else p for p in patterns]
        catch_all = re_path(r"^[\s\S]*$", _refuse_long_address(_not_found), name="not-found")
        return [*wrapped, catch_all], app_name, namespace

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for method, operation in item.items():
                if method.upper() in idempotency.METHODS:
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
                _document_common_errors(operation)
        return schema


def _document_common_errors(operation: dict[str, Any]) -> None:
    """Add the error answers that no endpoint declares itself: 414 and 500 everywhere, 415 on
    operations reading a JSON body; each with the error body's schema."""
    answers = dict(EVERY_OPERATION)
    if JSON_BODY in operation.get("requestBody", {}).get("content", {}):
        answers |= JSON_BODY_OPERATION
    responses = operation.setdefault("responses", {})
    for status, description in answers.items():
        if status not in responses and str(status) not in responses:
            responses[status] = {
                "description": description,
                "content": {"application/json": {"schema": ERROR_SCHEMA}},
            }


def _json_errors(pattern: URLPattern) -> URLPattern:
    if pattern.name == ROOT_URL_NAME:
        view = _not_found
    else:
        view = idempotency.idempotent(_json_method_errors(pattern.callback))
        view = _refuse_nul(_refuse_other_methods(view, _allowed_methods(pattern.callback)))
    view = _refuse_long_address(view)
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


def _refuse_long_address(view: Any) -> Any:
    @wraps(view)
    def short_address(request: HttpRequest, *args: Any, **kwargs: Any):
        address = request.META.get("RAW_URI") or request.get_full_path()
        if len(address) > MAX_ADDRESS_LENGTH:
            mark_rejected(request)
            message = (
                f"The address is longer than the {MAX_ADDRESS_LENGTH} characters this API accepts."
            )
            return error_response(414, "uri_too_long", message)
        return view(request, *args, **kwargs)

    return short_address


def _json_method_errors(view: Any) -> Any:
    @wraps(view)
    def json_405(request: HttpRequest, *args: Any, **kwargs: Any):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            mark_rejected(request)
            allowed = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())
            return method_not_allowed_response(", ".join(allowed))
        return response

    return json_405


def _allowed_methods(ninja_view: Any) -> frozenset[str] | None:
    """The methods of a ninja route (its ``PathView``'s operations), or None if unknown."""
    if not inspect.isfunction(ninja_view):  # the docs and the OpenAPI document
        return None
    path_view = inspect.getclosurevars(ninja_view).nonlocals.get("self")
    operations = getattr(path_view, "operations", None)
    if not operations:
        return None
    return frozenset(method for operation in operations for method in operation.methods)


def _refuse_other_methods(view: Any, allowed: frozenset[str] | None) -> Any:
    """A method the address does not serve is a 405 before anything else (the Idempotency-Key
    of such a request is not looked at: it was never a request this address could run)."""
    if allowed is None:
        return view

    @wraps(view)
    def known_method(request: HttpRequest, *args: Any, **kwargs: Any):
        if request.method not in allowed:
            mark_rejected(request)
            return method_not_allowed_response(", ".join(sorted(allowed)))
        return view(request, *args, **kwargs)

    return known_method


def _refuse_nul(view: Any) -> Any:
    @wraps(view)
    def without_nul(request: HttpRequest, *args: Any, **kwargs: Any):
        fields = address_nul_fields(request)
        return nul_response(fields) if fields else view(request, *args, **kwargs)

    return without_nul


@csrf_exempt
def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    return not_found_response()
