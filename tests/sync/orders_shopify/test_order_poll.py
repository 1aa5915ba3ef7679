"""Import Orders polling the Shopify emulator over real HTTP: an order placed on the store is
imported once with its customer, addresses and lines; an unknown SKU keeps the order waiting
(one Error naming it, nothing stored) until its mapping exists; a cancellation in the store
cancels the imported order; the automatic workflow allocates what is imported."""

from __future__ import annotations

from datetime import timedelta

from openoms.activity.models import Event
from openoms.automation.models import RunStatus
from openoms.channels.models import SkuMapping
from openoms.orders.models import OrderStatus, SalesOrder, SalesOrderLine, ShipmentStatus
from openoms.sync.models import OrderImportState
from tests.sync.runs import run_events

from .conftest import Shop, relax_carrier_rules


def errors(shop: Shop) -> list[str]:
    rows = Event.objects.filter(account=shop.account, level="error").order_by("pk")
    return list(rows.values_list("message", flat=True))


def test_an_order_placed_on_the_store_is_imported_by_the_poll(shop):
    # given
    placed = shop.place(("TEE", 2), ("MUG", 1))

    # when
    run = shop.import_orders()

    # then
    assert run.status == RunStatus.SUCCEEDED
    assert run.summary == "Import Orders from Proof Shop: 1 imported, 0 already imported."
    order = SalesOrder.objects.get(account=shop.account)
    assert (order.order_number, order.status, order.source, order.channel_id) == (
        "1001",
        OrderStatus.APPROVED,
        "channel",
        shop.channel.pk,
    )
    assert (order.external_ref, order.reference_number) == (placed["id"], "#1001")
    assert (order.customer_name, order.email, order.currency) == (
        "Ada Lovelace",
        "ada@example.com",
        "USD",
    )
    assert order.ship_to == {
        "name": "Ada Lovelace",
        "company": "Engines Ltd",
        "address1": "1 Analytical St",
        "city": "London",
        "region": "LND",
        "postal_code": "N1 1AA",
        "country": "GB",
        "phone": "+44 20 0000",
        "email": "ada@example.com",
    }
    lines = list(order.lines.values_list("sku", "channel_sku", "external_ref", "quantity"))
    assert lines == [
        ("TEE", "TEE", placed["line_items"][0]["id"], 2),
        ("MUG", "MUG", placed["line_items"][1]["id"], 1),
    ]
    assert order.total == sum(line.amount for line in order.lines.all())


def test_a_second_poll_imports_nothing_twice(shop):
    # given
    shop.place(("TEE", 1))
    shop.import_orders()

    # when
    run = shop.import_orders()

    # then
    assert SalesOrder.objects.filter(account=shop.account).count() == 1
    assert run.summary == "Import Orders from Proof Shop: 0 imported, 1 already imported."
    assert run.counts == {"already imported": 1}


def test_without_a_public_url_the_webhooks_are_not_subscribed_and_it_is_said_once(shop, settings):
    # given
    settings.OPENOMS_PUBLIC_URL = ""

    # when
    first = shop.import_orders()
    second = shop.import_orders()

    # then
    said = [m for _, m in run_events(first) if "OPENOMS_PUBLIC_URL" in m]
    assert len(said) == 1 and said[0].startswith("Proof Shop: order webhooks were not subscribed")
    assert not [m for _, m in run_events(second) if "OPENOMS_PUBLIC_URL" in m]
    listed = shop.store.graphql("{ webhookSubscriptions(first: 5) { nodes { id } } }")
    assert listed["webhookSubscriptions"]["nodes"] == []


def test_an_unknown_sku_keeps_the_order_waiting_until_it_is_mapped(shop):
    # given
    shop.place(("TEE", 1), ("NEW", 2))

    # when
    first = shop.import_orders()
    again = shop.import_orders()

    # then: nothing stored, one Error naming the SKU and the order
    assert not SalesOrder.objects.filter(account=shop.account).exists()
    assert not SalesOrderLine.objects.exists()
    assert errors(shop) == [
        "Order #1001 of Proof Shop was not imported: unknown SKU NEW. Map it in the channel's "
        "SKU mappings (or add it to the catalog); the order is imported on the next Import "
        "Orders run after that."
    ]
    assert first.summary == (
        "Import Orders from Proof Shop: 0 imported, 0 already imported, 1 waiting for a SKU "
        "mapping."
    )
    assert again.summary == first.summary

    # when: the mapping exists
    SkuMapping.objects.create(
        account=shop.account, channel=shop.channel, channel_sku="NEW", variant=shop.variants["MUG"]
    )
    run = shop.import_orders()

    # then
    assert run.summary == "Import Orders from Proof Shop: 1 imported, 0 already imported."
    order = SalesOrder.objects.get(account=shop.account)
    assert list(order.lines.values_list("sku", "channel_sku", "quantity")) == [
        ("TEE", "TEE", 1),
        ("MUG", "NEW", 2),
    ]
    assert OrderImportState.objects.get(channel=shop.channel).waiting == {}
    assert len(errors(shop)) == 1


def test_a_waiting_order_is_read_again_even_after_newer_orders_moved_the_cursor(shop):
    # given: #1001 waits; #1002 imports and moves the cursor past #1001
    shop.place(("NEW", 1))
    shop.import_orders()
    shop.place(("TEE", 1))
    shop.import_orders()
    state = OrderImportState.objects.get(channel=shop.channel)
    assert next(iter(state.waiting.values()))["number"] == "#1001"
    state.cursor = state.cursor + timedelta(hours=1)  # as if much later
    state.save()
    SkuMapping.objects.create(
        account=shop.account, channel=shop.channel, channel_sku="NEW", variant=shop.variants["MUG"]
    )

    # when
    run = shop.import_orders()

    # then
    assert run.counts["imported"] == 1
    numbers = SalesOrder.objects.filter(account=shop.account).values_list("order_number", flat=True)
    assert sorted(numbers) == ["1001", "1002"]


def test_an_order_cancelled_in_the_store_is_cancelled_in_openoms(shop):
    # given
    placed = shop.place(("TEE", 1))
    shop.import_orders()

    # when
    shop.store.control("orders/cancel", {"id": placed["id"]})
    run = shop.import_orders()

    # then
    order = SalesOrder.objects.get(account=shop.account)
    assert order.status == OrderStatus.CANCELLED
    assert run.counts["cancelled"] == 1
    assert "1 cancelled" in run.summary


def test_an_order_cancelled_before_its_import_is_not_imported(shop):
    # given
    placed = shop.place(("TEE", 1))
    shop.store.control("orders/cancel", {"id": placed["id"]})

    # when
    run = shop.import_orders()

    # then
    assert not SalesOrder.objects.filter(account=shop.account).exists()
    assert run.counts == {"cancelled before import": 1}


def test_with_the_automatic_workflow_the_imported_order_is_allocated(shop):
    # given
    type(shop.account).objects.filter(pk=shop.account.pk).update(
        enable_automatic_sales_order_workflow=True
    )
    shop.place(("TEE", 3))

    # when
    shop.import_orders()

    # then
    order = SalesOrder.objects.get(account=shop.account)
    assert order.status == OrderStatus.FULFILLING
    [shipment] = order.shipments.all()
    assert (shipment.status, shipment.warehouse_id) == (
        ShipmentStatus.READY_TO_SEND,
        shop.warehouse.pk,
    )
    assert list(shipment.lines.values_list("variant__sku", "quantity")) == [("TEE", 3)]


def test_a_missing_carrier_refused_by_the_rules_keeps_the_order_waiting(shop):
    # given: the account's rule makes a missing carrier code an Error; no shipping line
    relax_carrier_rules(shop.account, "error")
    shop.place(("TEE", 1), shipping_line=None)

    # when
    first = shop.import_orders()

    # then
    assert not SalesOrder.objects.filter(account=shop.account).exists()
    assert errors(shop) == [
        "Order #1001 of Proof Shop was not imported: The order was not created: carrier: The "
        "carrier code is missing."
    ]
    assert first.summary.endswith("1 waiting for a fix (see the Error events).")

    # when: the rule is a Warning again
    relax_carrier_rules(shop.account, "warning")
    run = shop.import_orders()

    # then
    assert run.counts == {"imported": 1}
    assert SalesOrder.objects.get(account=shop.account).order_number == "1001"


def test_an_order_failing_unexpectedly_waits_and_the_others_import(shop, monkeypatch):
    # given: #1001 breaks the order service (a bug), #1002 does not
    from openoms.sync.services import order_import as module

    real = module.sales_orders_create

    def breaking(**kwargs):
        if any(draft.reference_number == "#1001" for draft in kwargs["drafts"]):
            raise RuntimeError("boom")
        return real(**kwargs)

    monkeypatch.setattr(module, "sales_orders_create", breaking)
    shop.place(("TEE", 1))
    shop.place(("MUG", 1))

    # when
    run = shop.import_orders()

    # then
    assert run.status == RunStatus.SUCCEEDED
    assert run.counts == {"imported": 1, "waiting": 1}
    assert list(SalesOrder.objects.values_list("order_number", flat=True)) == ["1002"]
    assert errors(shop) == [
        "Order #1001 of Proof Shop could not be imported (RuntimeError: boom); it is tried "
        "again on the next run."
    ]

    # when: fixed
    monkeypatch.setattr(module, "sales_orders_create", real)
    again = shop.import_orders()

    # then
    assert again.counts == {"imported": 1, "already imported": 1}
