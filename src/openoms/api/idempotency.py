"""``Idempotency-Key``: a retried POST, PUT or PATCH gets the first response, applied once.

Stripe's rules (https://docs.stripe.com/idempotency), per account:

- The key is 1 to 255 printable ASCII characters (else 422 ``validation_error``).
- The first request with a key claims it (a committed row, unique per account and key) before it
  runs; the request then runs in one transaction that also stores its status and JSON body.
- A retry with the same key and the same request (SHA-256 of method, path and body) gets that
  stored response again, with the header ``Idempotent-Replayed: true``, and changes nothing.
- The same key with another request is 422 ``idempotency_key_reused``; a retry while the first
  request still runs is 409 ``idempotency_key_in_progress``.
- Not stored (the key stays free): requests refused before the endpoint ran (401, 405, 413, 422
  on the request's shape or JSON) and 5xx answers, whose changes are rolled back.
- Keys older than ``RETENTION`` are deleted whenever a new key is claimed.

It wraps every API view once (``application.OpenOmsApi.urls``), so no endpoint handles it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from openoms.api.auth import request_api_key
from openoms.api.errors import VALIDATION_MESSAGE, error_response, rejected_before_execution
from openoms.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
METHODS = frozenset({"POST", "PUT", "PATCH"})
MAX_KEY_LENGTH = 255
RETENTION = timedelta(hours=24)


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``view`` honouring the ``Idempotency-Key`` header of authenticated writes."""

    @wraps(view)
    def with_idempotency(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        account_id = _account_id(request) if key is not None and request.method in METHODS else None
        if account_id is None:  # a read, no key, or no valid API key (the API answers 401)
            return view(request, *args, **kwargs)
        problem = key_problem(key)
        if problem:
            return error_response(
                422, "validation_error", VALIDATION_MESSAGE, [{"field": HEADER, "message": problem}]
            )
        claim = _claim(account_id, key, _fingerprint(request))
        if isinstance(claim, HttpResponse):
            return claim
        return _run(claim, request, lambda: view(request, *args, **kwargs))

    return with_idempotency


def key_problem(key: str) -> str:
    """Why ``key`` cannot be an idempotency key, or "" when it can."""
    if not key.strip():
        return "The Idempotency-Key is empty; send a unique value such as a UUID."
    if len(key) > MAX_KEY_LENGTH:
        return f"The Idempotency-Key is longer than {MAX_KEY_LENGTH} characters."
    if not (key.isascii() and key.isprintable()):
        return "The Idempotency-Key may contain printable ASCII characters only."
    return ""


def idempotency_keys_prune(now=None) -> int:
    """Delete every key older than ``RETENTION``; returns how many were deleted."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _account_id(request: HttpRequest) -> int | None:
    try:
        api_key = request_api_key(request)
    except Exception:  # the API's own authentication meets it again and answers a JSON 500
        return None
    return api_key.account_id if api_key else None


def _fingerprint(request: HttpRequest) -> str:
    try:
        body = request.body
    except RequestDataTooBig:  # the view answers it (413) before running; nothing is stored
        body = b"\x00too-big"
    digest = hashlib.sha256(f"{request.method}\n{request.get_full_path()}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def _claim(account_id: int, key: str, fingerprint: str) -> IdempotencyKey | HttpResponse:
    """The new claim on ``key``, or the answer to give instead (replay, 409, 422)."""
    idempotency_keys_prune()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                account_id=account_id, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        first = IdempotencyKey.objects.filter(account_id=account_id, key=key).first()
    if first is not None and first.fingerprint != fingerprint:
        return error_response(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for another request; use a new key.",
        )
    if first is None or first.status_code is None:
        return error_response(
            409,
            "idempotency_key_in_progress",
            "A request with this Idempotency-Key is still in progress; retry in a moment.",
        )
    return _replay(first)


def _run(claim: IdempotencyKey, request: HttpRequest, view: Callable[[], HttpResponse]):
    """Run the request in one transaction with the storing of its response."""
    keep = False
    try:
        with transaction.atomic():
            response = view()
            keep = response.status_code < 500 and not rejected_before_execution(request)
            if keep:
                claim.status_code = response.status_code
                claim.body = response.content.decode()
                claim.save(update_fields=["status_code", "body"])
            else:
                transaction.set_rollback(True)
    finally:
        if not keep:  # nothing was applied: the key is free for a retry
            IdempotencyKey.objects.filter(pk=claim.pk).delete()
    return response


def _replay(first: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(first.body, status=first.status_code, content_type="application/json")
    response[REPLAYED_HEADER] = "true"
    return response
