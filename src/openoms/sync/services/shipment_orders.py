"""A shipment as the fulfillment channel sees it: its lines under the channel's SKUs, its
ship-to, the channel's id of its warehouse and its shipping method (``FulfillmentOrder``); and
the way back, from the channel's SKUs to the shipment's lines.

A variant's SKU at the fulfillment channel is its SKU mapping on that channel (the first by
channel SKU when it has several), else its OpenOMS SKU. The warehouse is the channel's warehouse
mapping of the shipment's warehouse (ShipBob: the fulfillment center id), else "" (the 3PL
chooses; the sandbox 3PL is given the warehouse's code). The shipping method is the channel's
carrier mapping of the order's carrier and service (its service code, else its carrier code),
else the order's own service or carrier code, else "Standard".
"""

from __future__ import annotations

from collections import defaultdict

from openoms.channels.carrier_match import channel_codes_for
from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors.fulfillment_types import FulfillmentOrder, OrderLine
from openoms.connectors.order_types import PostalAddress
from openoms.orders.models import Shipment, ShipmentLine

DEFAULT_METHOD = "Standard"
SANDBOX_3PL = "sandbox_fulfillment"


def channel_skus(channel: Channel, variant_ids: list[int]) -> dict[int, str]:
    """Variant id → its SKU at ``channel`` (mapping, else none: the caller uses its own)."""
    found: dict[int, str] = {}
    rows = SkuMapping.objects.filter(channel=channel, variant_id__in=variant_ids)
    for variant_id, sku in rows.order_by("channel_sku").values_list("variant_id", "channel_sku"):
        found.setdefault(variant_id, sku)
    return found


def line_skus(channel: Channel, lines: list[ShipmentLine]) -> dict[int, str]:
    """Shipment line id → the SKU the fulfillment channel knows it by."""
    mapped = channel_skus(channel, [line.variant_id for line in lines])
    return {line.pk: mapped.get(line.variant_id) or line.variant.sku for line in lines}


def fulfillment_order(channel: Channel, shipment: Shipment) -> FulfillmentOrder:
    """What is sent to the fulfillment channel for ``shipment`` (see the module)."""
    lines = list(shipment.lines.select_related("variant", "order_line", "variant__product"))
    skus = line_skus(channel, lines)
    quantities: dict[str, int] = defaultdict(int)
    names, prices = {}, {}
    for line in lines:
        sku = skus[line.pk]
        quantities[sku] += line.quantity - line.shipped
        names.setdefault(sku, line.variant.product.name)
        prices.setdefault(sku, line.order_line.price)
    order = shipment.order
    to = order.ship_to or {}
    return FulfillmentOrder(
        reference=shipment.number,
        lines=tuple(
            OrderLine(sku, qty, name=names[sku], unit_price=prices[sku])
            for sku, qty in quantities.items()
            if qty > 0
        ),
        ship_to=PostalAddress(
            name=str(to.get("name") or order.customer_name or ""),
            company=str(to.get("company") or ""),
            address1=str(to.get("address1") or ""),
            address2=str(to.get("address2") or ""),
            city=str(to.get("city") or ""),
            state=str(to.get("region") or ""),
            zip_code=str(to.get("postal_code") or ""),
            country=str(to.get("country") or ""),
            phone=str(to.get("phone") or order.phone or ""),
        ),
        email=str(to.get("email") or order.email or ""),
        shipping_method=shipping_method(channel, shipment),
        order_number=order.order_number,
        purchase_date=order.order_date,
        location=warehouse_location(channel, shipment),
    )


def warehouse_location(channel: Channel, shipment: Shipment) -> str:
    """The channel's id of the shipment's warehouse (see the module)."""
    mapped = (
        WarehouseMapping.objects.filter(channel=channel, warehouse_id=shipment.warehouse_id)
        .values_list("external_id", flat=True)
        .first()
    )
    if mapped:
        return mapped
    return shipment.warehouse.code if channel.kind == SANDBOX_3PL else ""


def shipping_method(channel: Channel, shipment: Shipment) -> str:
    """The channel's words for the shipment's carrier and service (see the module)."""
    carrier = Carrier.objects.filter(
        account_id=shipment.account_id, code=shipment.carrier_code
    ).first()
    if carrier is not None:
        service = CarrierService.objects.filter(carrier=carrier, code=shipment.service_code).first()
        codes = channel_codes_for(channel, carrier, service)
        if codes is not None and (codes[1] or codes[0]):
            return codes[1] or codes[0]
    return shipment.service_code or shipment.carrier_code or DEFAULT_METHOD
