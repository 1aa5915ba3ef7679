"""Webhook signatures: Shopify's HMAC of the raw body and the Standard Webhooks scheme (ShipBob).

The expected values are not computed with the code under test: the Standard Webhooks vector is
the one published with the specification's reference libraries
(github.com/standard-webhooks/standard-webhooks, libraries/*/tests), the others were computed
with ``openssl dgst -sha256 -hmac`` when the test was written.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from openoms.connectors.webhooks import (
    BAD_SECRET,
    BAD_SIGNATURE,
    BAD_TIMESTAMP,
    MISSING_HEADERS,
    STALE_TIMESTAMP,
    shopify_signature_valid,
    standard_webhook_refusal,
    standard_webhook_valid,
)

# Shopify: printf '%s' BODY | openssl dgst -sha256 -hmac SECRET -binary | base64
SHOPIFY_BODY = b'{"id":820982911946154508,"email":"jon@example.com"}'
SHOPIFY_SECRET = "hush-shpss-0123"
SHOPIFY_HMAC = "KRcZb0E4X1SrFb7KXgbqbp2iKKpU6U+9KIME+1clGc8="

# The Standard Webhooks specification's published test vector.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
SPEC_NOW = datetime.fromtimestamp(SPEC_TIMESTAMP, tz=UTC)

# Ours, with openssl (key = base64-decoded part of the secret: "shipbob-test-secret-0123456789").
SHIPBOB_SECRET = "whsec_c2hpcGJvYi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5"
SHIPBOB_ID, SHIPBOB_TIMESTAMP = "msg_2b0iaHp7", 1765000000
SHIPBOB_BODY = b'{"type":"order.shipped","data":{"id":7}}'
SHIPBOB_SIGNATURE = "v1,As3j7Lg7rBhZnUXV7v2EKsa4D6G0C6evDuzhW0T5f0A="


def spec_headers(signature: str = SPEC_SIGNATURE, **changes: str) -> dict[str, str]:
    headers = {
        "webhook-id": SPEC_ID,
        "webhook-timestamp": str(SPEC_TIMESTAMP),
        "webhook-signature": signature,
    }
    return headers | {name.replace("_", "-"): value for name, value in changes.items()}


def test_a_shopify_signature_computed_with_openssl_is_valid():
    assert shopify_signature_valid(SHOPIFY_BODY, SHOPIFY_HMAC, SHOPIFY_SECRET) is True


@pytest.mark.parametrize(
    ("body", "given", "secret"),
    [
        (SHOPIFY_BODY + b" ", SHOPIFY_HMAC, SHOPIFY_SECRET),  # one byte more
        (SHOPIFY_BODY, SHOPIFY_HMAC, SHOPIFY_SECRET + "x"),  # another secret
        (SHOPIFY_BODY, SHOPIFY_HMAC.replace("K", "L", 1), SHOPIFY_SECRET),  # another digest
        (SHOPIFY_BODY, "", SHOPIFY_SECRET),  # no header
        (SHOPIFY_BODY, SHOPIFY_HMAC, ""),  # no secret
        (SHOPIFY_BODY, "not base64 at all!", SHOPIFY_SECRET),
        (SHOPIFY_BODY, "ünïcode", SHOPIFY_SECRET),
        (SHOPIFY_BODY, SHOPIFY_HMAC[:-4], SHOPIFY_SECRET),  # truncated
    ],
)
def test_a_shopify_signature_of_anything_else_is_refused(body, given, secret):
    assert shopify_signature_valid(body, given, secret) is False


def test_the_standard_webhooks_specification_vector_is_valid():
    assert standard_webhook_refusal(SPEC_BODY, spec_headers(), SPEC_SECRET, SPEC_NOW) is None
    assert standard_webhook_valid(SPEC_BODY, spec_headers(), SPEC_SECRET, SPEC_NOW) is True


def test_the_secret_prefix_and_the_header_case_do_not_matter():
    headers = {name.upper(): value for name, value in spec_headers().items()}
    bare_secret = SPEC_SECRET.removeprefix("whsec_")
    assert standard_webhook_valid(SPEC_BODY, headers, bare_secret, SPEC_NOW) is True


def test_a_shipbob_signature_computed_with_openssl_is_valid():
    headers = {
        "webhook-id": SHIPBOB_ID,
        "webhook-timestamp": str(SHIPBOB_TIMESTAMP),
        "webhook-signature": SHIPBOB_SIGNATURE,
    }
    now = datetime.fromtimestamp(SHIPBOB_TIMESTAMP + 10, tz=UTC)
    assert standard_webhook_valid(SHIPBOB_BODY, headers, SHIPBOB_SECRET, now) is True
    assert standard_webhook_valid(SHIPBOB_BODY + b"\n", headers, SHIPBOB_SECRET, now) is False


def test_one_valid_signature_among_several_is_enough():
    signatures = f"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc {SPEC_SIGNATURE} v1,!!"
    assert standard_webhook_valid(SPEC_BODY, spec_headers(signatures), SPEC_SECRET, SPEC_NOW)


def test_the_valid_signature_under_another_version_is_refused():
    signature = SPEC_SIGNATURE.replace("v1,", "v2,")
    refusal = standard_webhook_refusal(SPEC_BODY, spec_headers(signature), SPEC_SECRET, SPEC_NOW)
    assert refusal == BAD_SIGNATURE


@pytest.mark.parametrize(
    ("headers", "secret", "expected"),
    [
        (
            spec_headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="),
            SPEC_SECRET,
            BAD_SIGNATURE,
        ),
        (spec_headers(webhook_id="msg_other"), SPEC_SECRET, BAD_SIGNATURE),
        (spec_headers(), "whsec_c2hpcGJvYg==", BAD_SIGNATURE),
        (spec_headers(), "whsec_!!!", BAD_SECRET),
        (spec_headers(), "", BAD_SECRET),
        (spec_headers(webhook_timestamp="hello"), SPEC_SECRET, BAD_TIMESTAMP),
        (spec_headers(webhook_timestamp="1614265330.5"), SPEC_SECRET, BAD_TIMESTAMP),
        (spec_headers(webhook_timestamp="9" * 40), SPEC_SECRET, BAD_TIMESTAMP),
        (
            {"webhook-id": SPEC_ID, "webhook-signature": SPEC_SIGNATURE},
            SPEC_SECRET,
            MISSING_HEADERS,
        ),
        (spec_headers(webhook_id=""), SPEC_SECRET, MISSING_HEADERS),
        ({}, SPEC_SECRET, MISSING_HEADERS),
    ],
)
def test_a_standard_webhook_is_refused_with_its_reason(headers, secret, expected):
    assert standard_webhook_refusal(SPEC_BODY, headers, secret, SPEC_NOW) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(-300, None), (300, None), (-301, STALE_TIMESTAMP), (301, STALE_TIMESTAMP)],
)
def test_a_timestamp_more_than_the_tolerance_away_is_refused(seconds, expected):
    now = SPEC_NOW + timedelta(seconds=seconds)
    assert standard_webhook_refusal(SPEC_BODY, spec_headers(), SPEC_SECRET, now) == expected


def test_the_tolerance_can_be_set():
    now = SPEC_NOW + timedelta(seconds=61)
    refusal = standard_webhook_refusal(SPEC_BODY, spec_headers(), SPEC_SECRET, now, tolerance=60)
    assert refusal == STALE_TIMESTAMP
