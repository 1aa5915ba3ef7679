"""The API's own copies of orders' personal data for the PII Redaction job: the responses stored
with ``Idempotency-Key`` (a created order's JSON, kept for replays; ``idempotency.RETENTION``
deletes them only when another key is used). Registered from ``ApiConfig.ready`` as a store of
``openoms.privacy``."""

from __future__ import annotations

import json

from openoms.api.models import IdempotencyKey
from openoms.privacy.scrub import scrub_json, scrub_text
from openoms.privacy.stores import RedactionBatch, register_pii_store


def idempotency_keys_scrub(batch: RedactionBatch) -> int:
    """Scrub the stored responses that hold one of the batch's values; → how many changed."""
    if not batch.needles.regex:
        return 0
    rows = IdempotencyKey.objects.filter(
        account=batch.account, created_at__gte=batch.oldest, body__iregex=batch.needles.regex
    )
    changed = 0
    for row in rows.only("pk", "body").iterator(chunk_size=200):
        body = _scrubbed(row.body, batch)
        if body != row.body:
            IdempotencyKey.objects.filter(pk=row.pk).update(body=body)
            changed += 1
    return changed


def _scrubbed(body: str, batch: RedactionBatch) -> str:
    """A JSON response scrubbed by key and by value; any other text by value."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return scrub_text(body, batch.needles)
    return json.dumps(scrub_json(parsed, batch.needles))


def register_redaction() -> None:
    register_pii_store("idempotency_keys", idempotency_keys_scrub)
