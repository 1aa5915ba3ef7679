"""Copies that come after the redaction, and uploaded files: a webhook about an already
redacted order (Shopify's ``orders/updated``, ShipBob's next event) is scrubbed by the next run,
one about an order that keeps its data is not; an uploaded order file holding a redacted order
is deleted (also when a stopped run had already deleted it), one holding none is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone

from openoms.activity.models import FileImport
from openoms.orders.models import SalesOrder
from openoms.privacy.files import order_files_purge
from openoms.sync.models import WebhookDelivery
from tests.privacy.builders import (
    Person,
    cancelled,
    csv_row,
    days_ago,
    file_import,
    shipped_through_shipbob,
    shopify_body,
    shopify_order,
)
from tests.privacy.conftest import retention
from tests.privacy.search import database_hits
from tests.privacy.test_nothing_left import run_pii_redaction
from tests.sync.webhook_data import receive, shipbob_headers, shopify_headers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads")]

GONE = Person(
    "Rafaela Quintanilha",
    "rafaela@quinta.example",
    "+1 250 555 0131",
    "61 Arbutus Walk",
    "Tofinoport",
)
KEPT = Person("Casimir Oyelaran", "casimir@oyelaran.example", "+1 306 555 0132",
              "2 Prairie Gate", "Moosejawton")  # fmt: skip


def late_webhooks(shop, order: SalesOrder, number: int, person: Person) -> None:
    """Shopify's ``orders/updated`` of the order and ShipBob's ``order.delivered`` of its
    shipment, both received now with the customer's data."""
    raw = json.dumps(shopify_body(number, person, order.order_date)).encode()
    headers = shopify_headers(raw, webhook_id=f"late-{number}", topic="orders/updated")
    receive(shop.store, headers, raw, now=timezone.now())
    shipment = order.shipments.get()
    body = {"order_id": int(shipment.external_ref), "reference_id": shipment.number,
            "recipient": {"name": person.name, "address": {"address1": person.street}}}  # fmt: skip
    raw = json.dumps(body).encode()
    now = timezone.now()
    headers = shipbob_headers(
        raw, msg_id=f"late-{number}", timestamp=int(now.timestamp()), topic="order.delivered"
    )
    receive(shop.tpl, headers, raw, source="shipbob", now=now)


def test_webhooks_received_after_their_order_s_redaction_are_scrubbed_by_the_next_run(shop):
    # given: an old shipped store order, redacted by a first run; a new one that keeps its data
    retention(shop.account, None, **{"Proof Shop": 30})
    gone = shipped_through_shipbob(shop, shopify_order(shop, 5001, GONE, days_ago(60)), GONE)
    kept = shipped_through_shipbob(shop, shopify_order(shop, 5002, KEPT, days_ago(2)), KEPT)
    assert run_pii_redaction(shop.account).counts["redacted"] == 1
    assert database_hits(GONE.values) == []
    # when: webhooks about both arrive afterwards, then the job runs again
    late_webhooks(shop, SalesOrder.objects.get(pk=gone.pk), 5001, GONE)
    late_webhooks(shop, kept, 5002, KEPT)
    assert {model for model, *_ in database_hits(GONE.values)} == {"sync.WebhookDelivery"}
    second = run_pii_redaction(shop.account)
    # then: the redacted order's new copies are scrubbed; the other order's stay
    assert database_hits(GONE.values) == []
    assert (second.counts["redacted"], second.counts["late_copies"]) == (0, 2)
    kept_bodies = WebhookDelivery.objects.filter(delivery_id="late-5002")
    assert {d.body.get("openoms_redacted") for d in kept_bodies} == {None}
    assert KEPT.email in json.dumps([d.body for d in kept_bodies])


def test_an_uploaded_file_is_deleted_only_when_it_holds_a_redacted_order(shop):
    # given: two files, one with an old order (redacted), one with a recent order
    retention(shop.account, 30)
    old = file_import(shop, csv_row("F-OLD", GONE, days_ago(60)))
    new = file_import(shop, csv_row("F-NEW", KEPT, days_ago(1)))
    for number, person in (("F-OLD", GONE), ("F-NEW", KEPT)):
        cancelled(shop, SalesOrder.objects.get(order_number=number), person)
    old_path, new_path = Path(old.stored_path), Path(new.stored_path)
    # when
    run = run_pii_redaction(shop.account)
    # then
    assert run.counts["files_deleted"] == 1
    assert (old_path.exists(), new_path.exists()) == (False, True)
    assert FileImport.objects.get(pk=old.pk).stored_path == ""
    assert FileImport.objects.get(pk=new.pk).stored_path == str(new_path)


def test_a_file_a_stopped_run_deleted_has_its_path_emptied_by_the_next(shop):
    # given: a redacted order's file deleted from disk, its import still naming it (the run
    # was stopped between the two)
    retention(shop.account, 30)
    imported = file_import(shop, csv_row("F-OLD", GONE, days_ago(60)))
    cancelled(shop, SalesOrder.objects.get(order_number="F-OLD"), GONE)
    run_pii_redaction(shop.account)
    FileImport.objects.filter(pk=imported.pk).update(stored_path=imported.stored_path)
    # when
    deleted = order_files_purge(shop.account)
    # then
    assert deleted == 1
    assert FileImport.objects.get(pk=imported.pk).stored_path == ""
    assert order_files_purge(shop.account) == 0
