"""Refuses oversized API request bodies with 413 before anything reads them."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse


def too_large_response(limit: int) -> JsonResponse:
    return JsonResponse(
        {
            "error": {
                "code": "payload_too_large",
                "message": f"The request body is larger than the {limit} bytes this API accepts.",
                "limit_bytes": limit,
            }
        },
        status=413,
    )


class ApiBodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            limit = settings.OPENOMS_API_MAX_BODY_BYTES
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return too_large_response(limit)
        return self.get_response(request)
