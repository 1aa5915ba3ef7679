"""The carrier and service of a Shopify order, whichever way it arrives: Import Orders' poll reads
the order's ``shippingLine`` as the webhook body's ``shipping_lines`` is read, both become the
same draft through one function (``order_drafts.shipping_codes``), and the API Validation Rules
then apply (an Error rule no longer keeps polled orders waiting for a carrier they have)."""

from __future__ import annotations

from datetime import UTC, datetime

from openoms.channels.carrier_models import Carrier, CarrierMapping, CarrierService
from openoms.connectors.order_types import ChannelOrder, ShippingLine
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.orders import channel_order
from openoms.orders.models import SalesOrder
from openoms.sync.models import OrderImportState
from openoms.sync.services.order_drafts import order_draft, shipping_codes
from openoms.sync.services.order_payload import IncomingOrder, order_from_webhook

from .conftest import Shop, capture_order_webhooks, captured_bodies, relax_carrier_rules

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def ups_ground(shop: Shop) -> Carrier:
    ups = Carrier.objects.create(account=shop.account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    return ups


def polled(shop: Shop, order_ref: str) -> ChannelOrder:
    """The order as the connector's poll reads and normalises it (its own document)."""
    variables = {"first": 5, "after": None, "query": f"id:{order_ref}", "linesFirst": 19}
    [node] = shop.store.graphql(docs.ORDERS_PAGE, variables)["orders"]["nodes"]
    return channel_order(node, node["lineItems"]["nodes"])


def test_a_polled_order_carries_its_carrier_and_service(shop):
    # given: UPS/GND in the carrier list; a missing or unknown carrier is an Error
    ups_ground(shop)
    relax_carrier_rules(shop.account, "error")
    shop.place(("TEE", 1), shipping_line={"title": "UPS", "code": "GND"})

    # when
    run = shop.import_orders()

    # then
    assert run.counts == {"imported": 1}
    order = SalesOrder.objects.get(account=shop.account)
    assert (order.carrier_code, order.service_code) == ("UPS", "GND")
    assert OrderImportState.objects.get(channel=shop.channel).waiting == {}


def test_a_polled_standard_shipping_is_translated_by_the_channels_mapping(shop):
    # given: the store's "Standard Shipping" is UPS Ground for this channel
    ups = ups_ground(shop)
    relax_carrier_rules(shop.account, "error")
    CarrierMapping.objects.create(
        account=shop.account,
        channel=shop.channel,
        carrier_channel_code="Standard Shipping",
        service_channel_code="*",
        carrier=ups,
        service=ups.services.get(code="GND"),
    )
    shop.place(("TEE", 2))

    # when
    run = shop.import_orders()

    # then
    assert run.counts == {"imported": 1}
    order = SalesOrder.objects.get(account=shop.account)
    assert (order.carrier_code, order.service_code) == ("UPS", "GND")


def test_a_polled_order_without_a_shipping_line_is_covered_by_a_star_mapping(shop):
    # given: no shipping line (a pickup); the channel maps "*" to UPS Ground
    ups = ups_ground(shop)
    relax_carrier_rules(shop.account, "error")
    CarrierMapping.objects.create(
        account=shop.account,
        channel=shop.channel,
        carrier_channel_code="*",
        service_channel_code="*",
        carrier=ups,
        service=ups.services.get(code="GND"),
    )
    shop.place(("TEE", 1), shipping_line=None)

    # when
    run = shop.import_orders()

    # then
    assert run.counts == {"imported": 1}
    order = SalesOrder.objects.get(account=shop.account)
    assert (order.carrier_code, order.service_code) == ("UPS", "GND")


def test_the_webhook_and_the_poll_of_one_order_give_the_same_draft(shop):
    # given: one order, its orders/create body and its poll read
    capture_order_webhooks(shop.store)
    placed = shop.place(
        ("TEE", 2), ("MUG", 1), shipping_line={"title": "UPS", "code": "GND", "price": "4.90"}
    )
    [create] = captured_bodies(shop.store)

    # when
    by_webhook = order_from_webhook(create["body"]).order
    by_poll = polled(shop, placed["id"])

    # then
    assert by_webhook.shipping == by_poll.shipping == ShippingLine("UPS", "GND", "shopify")
    webhook_draft = order_draft(shop.channel, IncomingOrder(by_webhook)).draft
    poll_draft = order_draft(shop.channel, IncomingOrder(by_poll)).draft
    assert (poll_draft.carrier, poll_draft.service) == ("UPS", "GND")
    assert webhook_draft == poll_draft


def test_the_shipping_codes_are_the_lines_title_and_code_trimmed_and_cut():
    # given
    def order(shipping):
        return ChannelOrder("gid://shopify/Order/1", "#1", NOW, NOW, (), shipping=shipping)

    # when / then
    assert shipping_codes(order(None)) == ("", "")
    assert shipping_codes(order(ShippingLine(" UPS ", " GND ", "ups"))) == ("UPS", "GND")
    assert shipping_codes(order(ShippingLine("T" * 250, ""))) == ("T" * 200, "")
