"""The emulator's objects as the OpenAPI view models (``Orders.OrderViewModel``,
``Orders.ShipmentViewModel``, ``Products.ProductViewModelV5``, ``Inventory.*``,
``Receiving.V2.WarehouseReceivingOrderViewModel`` …). Responses are checked against the file."""

from __future__ import annotations

from .operations import order_status
from .state import FulfillmentCenter, Order, Product, ReceivingOrder, Shipment, Store, Subscription

ADDRESS_KEYS = ("address1", "address2", "city", "company_name", "country", "state", "zip_code")


def center(fc: FulfillmentCenter) -> dict:
    return {
        "id": fc.id,
        "name": fc.name,
        "address1": fc.address1,
        "address2": None,
        "city": fc.city,
        "state": fc.state,
        "country": fc.country,
        "zip_code": fc.zip_code,
        "timezone": fc.timezone,
        "email": None,
        "phone_number": None,
    }


def shipment(store: Store, s: Shipment) -> dict:
    order = store.orders[s.order_id]
    recipient = order.body["recipient"]
    address = {k: v for k, v in recipient["address"].items() if k in ADDRESS_KEYS}
    products = []
    for inventory_id, quantity in s.lines.items():
        variant = store.variant_by_inventory(inventory_id)
        products.append(
            {
                "id": variant.product_id,
                "name": variant.name,
                "reference_id": variant.sku,
                "sku": variant.sku,
                "inventory_items": [
                    {
                        "id": inventory_id,
                        "name": variant.name,
                        "quantity": quantity,
                        "quantity_committed": quantity if s.status != "Cancelled" else 0,
                        "is_dangerous_goods": False,
                        "lot": None,
                        "expiration_date": None,
                        "serial_numbers": [],
                    }
                ],
            }
        )
    tracking = s.tracking or {}
    return {
        "id": s.id,
        "order_id": s.order_id,
        "reference_id": order.reference_id,
        "created_date": s.created_date,
        "last_update_at": s.last_update_at,
        "actual_fulfillment_date": s.actual_fulfillment_date,
        "delivery_date": s.delivery_date,
        "estimated_fulfillment_date": None,
        "estimated_fulfillment_date_status": "FulfilledOnTime"
        if s.status == "Completed"
        else "PendingOnTime",
        "status": s.status,
        "status_details": [],
        "location": {"id": s.fc_id, "name": store.centers[s.fc_id].name},
        "recipient": {
            "name": recipient["name"],
            "full_name": recipient["name"],
            "email": recipient.get("email"),
            "phone_number": recipient.get("phone_number"),
            "address": address,
        },
        "products": products,
        "tracking": {
            "carrier": tracking.get("carrier"),
            "carrier_service": tracking.get("carrier_service"),
            "tracking_number": tracking.get("tracking_number"),
            "tracking_url": tracking.get("tracking_url"),
            "shipping_date": tracking.get("shipping_date"),
            "bol": None,
            "pro_number": None,
            "scac": None,
        },
        "is_tracking_uploaded": s.is_tracking_uploaded,
        "last_tracking_update_at": s.last_update_at if s.tracking else None,
        "require_signature": False,
        "gift_message": order.body.get("gift_message"),
        "insurance_value": None,
        "invoice_amount": None,
        "invoice_currency_code": None,
        "package_material_type": "Box",
        "parent_cartons": [],
    }


def order(store: Store, o: Order) -> dict:
    body = o.body
    return {
        "id": o.id,
        "created_date": o.created_date,
        "purchase_date": body.get("purchase_date"),
        "reference_id": o.reference_id,
        "order_number": body.get("order_number"),
        "status": order_status(store, o),
        "type": body["type"],
        "channel": {"id": o.channel_id, "name": store.channels[o.channel_id]},
        "shipping_method": body["shipping_method"],
        "recipient": body["recipient"],
        "products": [
            {
                "id": line.variant.product_id,
                "reference_id": line.reference_id,
                "sku": line.variant.sku,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "external_line_id": line.external_line_id,
                "gtin": line.variant.gtin,
                "upc": line.variant.upc,
                "quantity_unit_of_measure_code": None,
            }
            for line in o.lines
        ],
        "tags": body.get("tags") or [],
        "shipments": [shipment(store, store.shipments[sid]) for sid in o.shipment_ids],
        "gift_message": body.get("gift_message"),
        "financials": body.get("financials") or {"total_price": None},
    }


def product(store: Store, p: Product) -> dict:
    variants = []
    for v in p.variants:
        on_hand = sum(store.on_hand.get((v.inventory_id, fc), 0) for fc in store.centers)
        variants.append(
            {
                "id": v.id,
                "sku": v.sku,
                "name": v.name,
                "upc": v.upc,
                "gtin": v.gtin,
                "status": "Active",
                "is_digital": False,
                "created_on": v.created_on,
                "updated_on": None,
                "inventory": {"inventory_id": v.inventory_id, "on_hand_qty": on_hand},
                "weight": {"weight": v.weight, "unit": "oz"},
                "barcodes": [],
            }
        )
    return {
        "id": p.id,
        "name": p.name,
        "type": "Bundle" if p.type_id == "2" else "Regular",
        "created_on": p.created_on,
        "updated_on": None,
        "user_id": 1,
        "variants": variants,
    }


def inventory_totals(store: Store, inventory_id: int) -> dict:
    variant = store.variant_by_inventory(inventory_id)
    totals = {"on_hand": 0, "committed": 0, "awaiting": 0, "fulfillable": 0, "backordered": 0}
    for fc_id in store.centers:
        for key, value in store.levels(inventory_id, fc_id).items():
            totals[key] += value
    return {
        "inventory_id": inventory_id,
        "name": variant.name,
        "sku": variant.sku,
        "total_on_hand_quantity": totals["on_hand"],
        "total_committed_quantity": totals["committed"],
        "total_awaiting_quantity": totals["awaiting"],
        "total_fulfillable_quantity": totals["fulfillable"],
        "total_sellable_quantity": totals["fulfillable"],
        "total_backordered_quantity": totals["backordered"],
        "total_exception_quantity": 0,
        "total_internal_transfer_quantity": 0,
    }


def inventory_by_center(store: Store, inventory_id: int, location_id: int | None = None) -> dict:
    variant = store.variant_by_inventory(inventory_id)
    locations = []
    for fc_id in store.stocked_centers(inventory_id):
        if location_id is not None and fc_id != location_id:
            continue
        levels = store.levels(inventory_id, fc_id)
        locations.append(
            {
                "location_id": fc_id,
                "name": store.centers[fc_id].name,
                "on_hand_quantity": levels["on_hand"],
                "committed_quantity": levels["committed"],
                "awaiting_quantity": levels["awaiting"],
                "fulfillable_quantity": levels["fulfillable"],
                "internal_transfer_quantity": 0,
            }
        )
    return {
        "inventory_id": inventory_id,
        "name": variant.name,
        "sku": variant.sku,
        "locations": locations,
    }


def receiving_order(store: Store, w: ReceivingOrder) -> dict:
    return {
        "id": w.id,
        "status": w.status,
        "purchase_order_number": w.body.get("purchase_order_number"),
        "package_type": w.body["package_type"],
        "box_packaging_type": w.body["box_packaging_type"],
        "expected_arrival_date": w.body["expected_arrival_date"],
        "insert_date": w.insert_date,
        "last_updated_date": w.last_updated_date,
        "external_sync_timestamp": None,
        "box_labels_uri": f"/2026-01/receiving/{w.id}/labels",
        "fulfillment_center": center(store.centers[w.fc_id]),
        "inventory_quantities": [
            {
                "inventory_id": inventory_id,
                "sku": store.variant_by_inventory(inventory_id).sku,
                "expected_quantity": expected,
                "received_quantity": w.received[inventory_id],
                "stowed_quantity": w.received[inventory_id],
            }
            for inventory_id, expected in w.expected.items()
        ],
        "status_history": list(w.history),
    }


def subscription(sub: Subscription, *, with_secret: bool) -> dict:
    out = {
        "id": sub.id,
        "url": sub.url,
        "topics": list(sub.topics),
        "description": sub.description,
        "created_at": sub.created_at,
    }
    if with_secret:
        out["secret"] = sub.secret
    else:
        out["enabled"] = True
    return out
