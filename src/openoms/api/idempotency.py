"""``Idempotency-Key``: a retried POST, PUT or PATCH gets the first response, applied once.

Stripe's rules (https://docs.stripe.com/idempotency), per account:

- The key is 1 to 255 printable ASCII characters (else 422 ``validation_error``).
- The request runs in one transaction that first claims the key (a row, unique per account and
  key), then runs the endpoint and stores its status and JSON body in that row. The claim is never
  committed on its own: if the server dies mid-request (SIGKILL, out of memory, power), the
  database rolls the whole transaction back, claim included, so the retry runs it (once).
- A retry with the same key and the same request (SHA-256 of method, path and body) gets that
  stored response again, with the header ``Idempotent-Replayed: true``, and changes nothing.
- The same key with another request is 422 ``idempotency_key_reused``; a retry while the first
  request still runs is 409 ``idempotency_key_in_progress``. On PostgreSQL the running request
  holds a transaction-scoped advisory lock on the key, which the database frees when the
  transaction ends, also when its server process is killed (the connection drops). SQLite runs
  one write transaction at a time (``BEGIN IMMEDIATE``), so there a retry waits for the first
  request to finish (up to the database timeout) and gets its replay; no lease or expiry is needed
  on either database.
- Not stored (the key stays free): requests refused before the endpoint ran (401, 405, 413, 422
  on the request's shape or JSON) and 5xx answers: their transaction, claim included, is rolled
  back.
- Keys older than ``RETENTION`` are deleted whenever a key is used.

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
        fingerprint = _fingerprint(request)
        idempotency_keys_prune()
        with transaction.atomic():
            claim = _claim(account_id, key, fingerprint)
            if isinstance(claim, HttpResponse):
                return claim
            response = view(request, *args, **kwargs)
            if response.status_code < 500 and not rejected_before_execution(request):
                claim.status_code = response.status_code
                claim.body = response.content.decode()
                claim.save(update_fields=["status_code", "body"])
            else:  # nothing is applied, and the key is free for a retry
                transaction.set_rollback(True)
        return response

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
    """Claim ``key`` in the current transaction, or the answer to give instead (replay, 409, 422).

    The row is only visible to other requests once the transaction commits with the response.
    """
    if not _lock(account_id, key):
        return _in_progress()
    first = IdempotencyKey.objects.filter(account_id=account_id, key=key).first()
    if first is None:
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    account_id=account_id, key=key, fingerprint=fingerprint
                )
        except IntegrityError:  # claimed meanwhile by a request that did not take the lock
            return _in_progress()
    if first.fingerprint != fingerprint:
        return error_response(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for another request; use a new key.",
        )
    if first.status_code is None:  # claimed earlier in this very transaction: a nested retry
        return _in_progress()
    return _replay(first)


def _lock(account_id: int, key: str) -> bool:
    """PostgreSQL: the key's advisory lock for this transaction, False while another holds it.

    SQLite needs none: its write transactions run one at a time.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return True
    digest = hashlib.sha256(f"idempotency-key\n{account_id}\n{key}".encode()).digest()
    lock_id = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_id])
        return bool(cursor.fetchone()[0])


def _in_progress() -> HttpResponse:
    return error_response(
        409,
        "idempotency_key_in_progress",
        "A request with this Idempotency-Key is still in progress; retry in a moment.",
    )


def _replay(first: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(first.body, status=first.status_code, content_type="application/json")
    response[REPLAYED_HEADER] = "true"
    return response
