"""One JSON error format for every failure under /api/v2/.

``{"error": {"code": "...", "message": "...", "fields": [{"field": "a.b", "message": "..."}]}}``
with ``fields`` present on validation errors only. Domain errors keep their own code and status;
anything unexpected is a 500 ``internal_error`` whose details go to the log, never to the client.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from openoms.api import nul
from openoms.api.auth import API_KEY_HEADER, redact
from openoms.api.error_fields import fields_from_domain, fields_from_pydantic
from openoms.api.parser import MalformedJson, NulCharacters, UnsupportedMediaType
from openoms.core.errors import DomainError, ValidationFailed

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("openoms.api")

HTTP_ERROR_CODES = {400: "bad_request", 405: "method_not_allowed", 429: "too_many_requests"}
VALIDATION_MESSAGE = "Some values are not valid."
_REJECTED = "_openoms_rejected_before_execution"


def error_response(
    status: int,
    code: str,
    message: str,
    fields: list[dict[str, str]] | None = None,
    **details: object,
) -> JsonResponse:
    """The API's error body; ``fields`` is included only when given, ``details`` after it."""
    error: dict[str, object] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return JsonResponse({"error": error | details}, status=status)


def nul_response(paths: list[str]) -> JsonResponse:
    fields = [{"field": path, "message": nul.MESSAGE} for path in paths]
    return error_response(422, "validation_error", VALIDATION_MESSAGE, fields)


def mark_rejected(request: HttpRequest) -> None:
    """Note that the request was refused before its endpoint ran (key, shape, size, method)."""
    setattr(request, _REJECTED, True)


def rejected_before_execution(request: HttpRequest) -> bool:
    return getattr(request, _REJECTED, False)


def not_found_response(
    message: str = "There is nothing at this address; the API documentation lists every endpoint.",
) -> JsonResponse:
    return error_response(404, "not_found", message)


def payload_too_large_response(limit: int) -> JsonResponse:
    message = f"The request body is larger than the {limit} bytes this API accepts."
    return error_response(413, "payload_too_large", message)


def method_not_allowed_response(allowed: str) -> JsonResponse:
    response = error_response(
        405, "method_not_allowed", f"This address accepts only these methods: {allowed}."
    )
    response["Allow"] = allowed
    return response


def _domain_error(request: HttpRequest, exc: DomainError) -> JsonResponse:
    if isinstance(exc, ValidationFailed):
        return error_response(
            exc.http_status, exc.code, exc.message, fields_from_domain(exc.errors)
        )
    return error_response(exc.http_status, exc.code, exc.message)


def _validation_error(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    mark_rejected(request)
    return error_response(
        422, "validation_error", VALIDATION_MESSAGE, fields_from_pydantic(exc.errors)
    )


def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> JsonResponse:
    mark_rejected(request)
    code = getattr(exc, "code", "invalid_api_key")
    response = error_response(401, code, exc.message)
    response["WWW-Authenticate"] = f'ApiKey header="{API_KEY_HEADER}"'
    return response


def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    mark_rejected(request)
    if isinstance(exc.__cause__, MalformedJson):
        return error_response(422, "malformed_json", str(exc.__cause__))
    if isinstance(exc.__cause__, NulCharacters):
        return nul_response(exc.__cause__.paths)
    if isinstance(exc.__cause__, UnsupportedMediaType):
        return error_response(415, "unsupported_media_type", str(exc.__cause__))
    code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, exc.message)


def _http404(request: HttpRequest, exc: Http404) -> JsonResponse:
    return not_found_response()


def _request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> JsonResponse:
    """Django refused to read a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (no or wrong length)."""
    mark_rejected(request)
    return payload_too_large_response(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _unexpected(request: HttpRequest, exc: Exception) -> JsonResponse:
    details = "".join(traceback.format_exception(exc))
    logger.error(
        "Unexpected error on %s %s\n%s", request.method, request.path, redact(details, request)
    )
    return error_response(
        500, "internal_error", "Something went wrong on our side. Try again later."
    )


def register_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with the ones above (most specific class wins)."""
    api.add_exception_handler(Exception, _unexpected)
    api.add_exception_handler(DomainError, _domain_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(AuthenticationError, _authentication_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _http404)
    api.add_exception_handler(RequestDataTooBig, _request_too_big)
