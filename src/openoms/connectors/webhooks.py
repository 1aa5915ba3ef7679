"""Verifying the signature of a webhook a channel sends: pure functions, no Django.

- Shopify signs the **raw body**: header ``X-Shopify-Hmac-SHA256`` = base64 of the HMAC-SHA256
  of the body keyed with the app's client secret (shopify.dev/docs/apps/build/webhooks/
  verify-deliveries).
- ShipBob uses the Standard Webhooks scheme (standardwebhooks.com): headers ``webhook-id``,
  ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``, a space-separated list of
  ``v1,<base64>`` signatures (several while a secret is rotated), each the HMAC-SHA256 of
  ``"{webhook-id}.{webhook-timestamp}.{body}"`` keyed with the base64-decoded part of the
  ``whsec_…`` secret. A timestamp further than ``tolerance`` from now is refused (a replay).

Every comparison is constant-time (``hmac.compare_digest`` on the decoded digests). Headers are
looked up case-insensitively. Nothing here raises on bad input: it is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime

SHOPIFY_HMAC_HEADER = "X-Shopify-Hmac-SHA256"
STANDARD_ID, STANDARD_TIMESTAMP, STANDARD_SIGNATURE = (
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
)
STANDARD_SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE_SECONDS = 300
MAX_SIGNATURES = 20  # a rotation sends two or three; more is not a real sender

# Why a Standard Webhooks delivery is refused (``standard_webhook_refusal``).
MISSING_HEADERS = "missing_headers"
BAD_TIMESTAMP = "bad_timestamp"
STALE_TIMESTAMP = "stale_timestamp"
BAD_SIGNATURE = "bad_signature"
BAD_SECRET = "bad_secret"


def _hmac_sha256(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def _b64decode(text: str) -> bytes | None:
    """The bytes of strict base64 ``text``, or None when it is not base64."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def header(headers: Mapping[str, str], name: str) -> str:
    """The value of header ``name`` in ``headers`` whatever its case, or "" when absent."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value or ""
    return ""


def shopify_signature_valid(raw_body: bytes, header_hmac: str, secret: str) -> bool:
    """Whether ``header_hmac`` (the ``X-Shopify-Hmac-SHA256`` header) is the base64
    HMAC-SHA256 of ``raw_body`` keyed with ``secret`` (the app's client secret)."""
    if not secret or not header_hmac:
        return False
    given = _b64decode(header_hmac.strip())
    if given is None:
        return False
    expected = _hmac_sha256(secret.encode(), raw_body)
    return hmac.compare_digest(expected, given)


def standard_secret_key(secret: str) -> bytes | None:
    """The HMAC key of a ``whsec_<base64>`` secret (the prefix is optional, as in the reference
    libraries; missing base64 padding is tolerated), or None when it is not one."""
    encoded = secret.strip().removeprefix(STANDARD_SECRET_PREFIX)
    key = _b64decode(encoded + "=" * (-len(encoded) % 4))
    return key or None


def standard_webhook_refusal(
    raw_body: bytes,
    headers: Mapping[str, str],
    secret: str,
    now: datetime,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> str | None:
    """Why a Standard Webhooks delivery is refused (``MISSING_HEADERS``, ``BAD_TIMESTAMP``,
    ``STALE_TIMESTAMP``, ``BAD_SECRET``, ``BAD_SIGNATURE``), or None when one of its ``v1``
    signatures is valid and its timestamp within ``tolerance`` seconds of ``now``."""
    msg_id = header(headers, STANDARD_ID)
    stamp = header(headers, STANDARD_TIMESTAMP).strip()
    signatures = header(headers, STANDARD_SIGNATURE)
    if not (msg_id and stamp and signatures):
        return MISSING_HEADERS
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        return BAD_TIMESTAMP
    if abs(now.timestamp() - int(stamp)) > tolerance:
        return STALE_TIMESTAMP
    key = standard_secret_key(secret)
    if key is None:
        return BAD_SECRET
    expected = _hmac_sha256(key, f"{msg_id}.{stamp}.".encode("utf-8", "replace") + raw_body)
    for candidate in signatures.split()[:MAX_SIGNATURES]:
        version, _, encoded = candidate.partition(",")
        given = _b64decode(encoded) if version == "v1" else None
        if given is not None and hmac.compare_digest(expected, given):
            return None
    return BAD_SIGNATURE


def standard_webhook_valid(
    raw_body: bytes,
    headers: Mapping[str, str],
    secret: str,
    now: datetime,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """Whether a Standard Webhooks delivery is authentic and fresh (see
    ``standard_webhook_refusal`` for why one is not)."""
    return standard_webhook_refusal(raw_body, headers, secret, now, tolerance) is None
