"""The addresses channels send their webhooks to: ``POST /webhooks/shopify/<channel id>/`` and
``POST /webhooks/shipbob/<channel id>/`` (the trailing slash is optional: a sender's POST is
never redirected).

Plain Django views: the signature covers the raw bytes, so the body is read as sent (at most
the limit plus one byte, never more); no session, no CSRF token, no API key: the signature is
the authentication and the channel's account the tenant. Everything else is
``sync.services.webhooks.webhook_receive``; the answer is JSON, errors in the API's format.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from openoms.api.errors import error_response, method_not_allowed_response
from openoms.sync.models import WebhookSource
from openoms.sync.services.webhooks import webhook_max_bytes, webhook_receive

app_name = "webhooks"

CHANNEL_ID = r"(?P<channel_id>[0-9]{1,18})"


def _receiver(source: str):
    @csrf_exempt
    def receive(request: HttpRequest, channel_id: str) -> JsonResponse:
        if request.method != "POST":
            return method_not_allowed_response("POST")
        raw_body = request.read(webhook_max_bytes() + 1)
        outcome = webhook_receive(
            channel_id=int(channel_id),
            source=source,
            headers=request.headers,
            raw_body=raw_body,
        )
        if outcome.status >= 400:
            return error_response(outcome.status, outcome.code, outcome.message)
        return JsonResponse({"result": outcome.code, "message": outcome.message})

    receive.__name__ = f"{source}_webhook"
    return receive


urlpatterns = [
    pattern
    for source in WebhookSource.values
    for pattern in (
        re_path(rf"^{source}/{CHANNEL_ID}/$", _receiver(source), name=source),
        re_path(rf"^{source}/{CHANNEL_ID}$", _receiver(source)),
    )
]
