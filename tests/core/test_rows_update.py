"""``rows_update``: a few fields of many rows saved in one statement, values prepared as
``save`` prepares them (times, NULLs, text), other rows and fields untouched; ``row_insert``:
one row inserted as ``save`` would."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from openoms.core.row_insert import row_insert
from openoms.core.rows_update import rows_update
from openoms.sync.models import WebhookDelivery
from tests.sync.webhook_data import shopify_channel, stored_delivery

pytestmark = pytest.mark.django_db


def delivery(channel, name: str) -> WebhookDelivery:
    return stored_delivery(channel, name)


def test_the_fields_of_many_rows_are_saved_in_one_statement(tenant):
    # given
    channel = shopify_channel(tenant.account)
    first, second, _untouched = (delivery(channel, n) for n in ("a", "b", "c"))
    when = datetime(2026, 12, 6, 14, 30, tzinfo=UTC)
    first.status, first.note, first.processed_at = "processed", "It's done.", when
    second.status, second.note, second.processed_at = "received", "Waiting", None
    first.topic = "changed but not saved"

    # when
    with CaptureQueriesContext(connection) as statements:
        rows_update([first, second], ["status", "note", "processed_at"])

    # then
    assert len(statements.captured_queries) == 1
    rows = WebhookDelivery.objects.order_by("delivery_id")
    assert [(r.status, r.note, r.processed_at, r.topic) for r in rows] == [
        ("processed", "It's done.", when, "orders/create"),
        ("received", "Waiting", None, "orders/create"),
        ("received", "", None, "orders/create"),
    ]


def test_a_field_of_only_nulls_is_saved(tenant):
    channel = shopify_channel(tenant.account)
    row = delivery(channel, "a")
    WebhookDelivery.objects.filter(pk=row.pk).update(processed_at=datetime.now(UTC))
    row.processed_at = None

    rows_update([row], ["processed_at"])

    assert WebhookDelivery.objects.get(pk=row.pk).processed_at is None


def test_a_row_inserted_by_hand_is_what_save_would_store(tenant):
    # given
    channel = shopify_channel(tenant.account)
    row = WebhookDelivery(
        account=channel.account, channel=channel, source="shopify", delivery_id="x", body={"a": 1}
    )

    # when
    with CaptureQueriesContext(connection) as statements:
        row_insert(row)

    # then: one statement; defaults filled in; the primary key set
    assert len(statements.captured_queries) == 1
    stored = WebhookDelivery.objects.get(pk=row.pk)
    assert (stored.delivery_id, stored.body, stored.status, stored.duplicates) == (
        "x",
        {"a": 1},
        "received",
        0,
    )
    assert stored.received_at == row.received_at


def test_a_row_the_database_refuses_raises_integrity_error_and_stores_nothing(tenant):
    channel = shopify_channel(tenant.account)
    delivery(channel, "x")
    again = WebhookDelivery(
        account=channel.account, channel=channel, source="shopify", delivery_id="x", body={}
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        row_insert(again)

    assert again.pk is None
    assert WebhookDelivery.objects.count() == 1
