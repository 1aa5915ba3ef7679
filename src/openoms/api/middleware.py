"""Refuses oversized API request bodies with 413 before anything reads them."""

from __future__ import annotations

from django.conf import settings

from openoms.api.errors import payload_too_large_response


class ApiBodySizeLimitMiddleware:
    """A declared ``Content-Length`` above ``OPENOMS_API_MAX_BODY_BYTES`` is refused unread.

    A body that gets past it (a wrong or missing length) is still capped when read, by Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``; the API answers that ``RequestDataTooBig`` with the same 413.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.OPENOMS_API_MAX_BODY_BYTES
        if request.path.startswith("/api/") and _declared_length(request) > limit:
            return payload_too_large_response(limit)
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
