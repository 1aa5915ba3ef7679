"""``order_import`` and the webhook body reader without a store: the race a webhook and a poll
can run (the loser finds the winner's order, no IntegrityError), the order number when the
channel's is taken, a Shopify REST body with shop-local times."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun
from openoms.connectors.order_types import ChannelOrder, ChannelOrderLine, ShippingLine
from openoms.core.errors import Conflict
from openoms.orders.models import SalesOrder
from openoms.sync.pipeline import sync_start
from openoms.sync.services import order_import as module
from openoms.sync.services.order_import import Imported, order_import
from openoms.sync.services.order_payload import IncomingOrder, order_from_webhook
from openoms.tenancy.actor import Actor
from tests.inventory.stock import make_variants
from tests.sync.conftest import make_channel
from tests.sync.webhook_data import shopify_channel

from .conftest import relax_carrier_rules

ACTOR = Actor.system("test")
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def incoming(ref: str = "gid://shopify/Order/1", number: str = "#1001") -> IncomingOrder:
    line = ChannelOrderLine("gid://shopify/LineItem/1", "TEE", 1, Decimal("9.50"))
    return IncomingOrder(ChannelOrder(ref, number, NOW, NOW, (line,)))


def channel_with_tee(tenant):
    relax_carrier_rules(tenant.account)
    make_variants(tenant.account, "TEE")
    return shopify_channel(tenant.account)


def test_a_race_lost_to_a_concurrent_import_finds_the_winners_order(tenant, monkeypatch):
    # given: the winner imported the order after the loser looked it up
    channel = channel_with_tee(tenant)
    winner = order_import(actor=ACTOR, channel=channel, incoming=incoming())
    real, looked = module._imported, []

    def not_yet(channel, ref):
        looked.append(ref)
        return None if len(looked) == 1 else real(channel, ref)

    monkeypatch.setattr(module, "_imported", not_yet)

    # when
    loser = order_import(actor=ACTOR, channel=channel, incoming=incoming())

    # then
    assert (winner.outcome, loser.outcome) == (Imported.IMPORTED, Imported.ALREADY)
    assert loser.order.pk == winner.order.pk
    assert SalesOrder.objects.count() == 1


def test_a_taken_order_number_gets_the_channels_name_before_it(tenant):
    # given: 1001 exists already (another channel's order), then Acme Shopify-1001 too
    channel = channel_with_tee(tenant)
    order_import(actor=ACTOR, channel=channel, incoming=incoming("gid://shopify/Order/7"))

    # when
    second = order_import(actor=ACTOR, channel=channel, incoming=incoming("gid://shopify/Order/8"))
    third = order_import(actor=ACTOR, channel=channel, incoming=incoming("gid://shopify/Order/9"))

    # then
    assert second.order.order_number == "Acme Shopify-1001"
    assert third.order.order_number == "Acme Shopify-1001-9"
    assert second.order.reference_number == "#1001"


def test_a_rest_body_with_shop_local_times_and_numeric_ids_is_read():
    # given: a body as real Shopify sends it (times in the shop's zone, no GraphQL ids)
    body = {
        "id": 820982911946154508,
        "name": "#1001",
        "created_at": "2026-12-06T04:00:00-05:00",
        "updated_at": "2026-12-06T04:05:00-05:00",
        "cancelled_at": None,
        "currency": "CAD",
        "email": "jon@example.com",
        "line_items": [{"id": 866550311766439020, "sku": " TEE ", "quantity": 2, "price": "19.90"}],
        "shipping_address": {"first_name": "Jon", "last_name": "Snow", "zip": "H0H"},
        "shipping_lines": [{"title": "Standard", "code": "STD"}],
    }

    # when
    found = order_from_webhook(body)

    # then
    order = found.order
    assert (order.ref, order.number, order.currency) == (
        "gid://shopify/Order/820982911946154508",
        "#1001",
        "CAD",
    )
    assert order.created_at == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert order.lines == (
        ChannelOrderLine(
            "gid://shopify/LineItem/866550311766439020", "TEE", 2, Decimal("19.90"), ""
        ),
    )
    assert (order.ship_to.name, order.ship_to.zip_code) == ("Jon Snow", "H0H")
    assert order.shipping == ShippingLine("Standard", "STD", "")


def test_a_sandbox_store_has_no_order_work(tenant):
    # given
    store = make_channel(tenant.account, "Sandbox Store")
    reason = (
        "Sandbox Store is a Sandbox store channel: orders are imported from, and fulfillments "
        "sent to, Shopify channels only for now."
    )

    # when / then
    for job_type in (JobType.IMPORT_ORDERS, JobType.EXPORT_ORDER_UPDATES):
        with pytest.raises(Conflict) as refused:
            sync_start(actor=ACTOR, channel=store, job_type=job_type)
        assert refused.value.message == reason
    assert not JobRun.objects.exists()
