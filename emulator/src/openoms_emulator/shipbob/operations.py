"""State transitions: orders created and cancelled through the API; shipments picked, shipped
(partly or wholly), re-tracked and delivered, and receiving orders received, on command of the
control API. Each records the webhook topics it raises in ``store.outbox``."""

from __future__ import annotations

from .state import (
    OPEN_SHIPMENT,
    ApiError,
    Order,
    OrderLine,
    ReceivingOrder,
    Shipment,
    Store,
    now_iso,
)

NOT_CANCELLABLE = "The shipment has already been picked, packed or shipped and cannot be cancelled."


def order_status(store: Store, order: Order) -> str:
    statuses = [store.shipments[sid].status for sid in order.shipment_ids]
    live = [s for s in statuses if s != "Cancelled"]
    if not live:
        return "Cancelled"
    if all(s == "Completed" for s in live):
        return "Fulfilled"
    return "PartiallyFulfilled" if "Completed" in live else "Processing"


def _resolve_line(store: Store, index: int, item: dict) -> OrderLine:
    where = f"products[{index}]"
    if item["quantity"] <= 0:
        raise ApiError(400, {f"{where}.quantity": ["The quantity must be greater than 0."]})
    if "reference_id" in item:
        variant = store.variant_by_sku(item["reference_id"])
        if variant is None:  # ShipBob creates an unknown reference id as a new product
            product = store.add_product(
                item.get("name") or item["reference_id"], [{"sku": item["reference_id"]}]
            )
            variant = product.variants[0]
    else:
        variant = store.variant_by_id(item["id"])
        if variant is None:
            raise ApiError(422, {f"{where}.id": [f"Product {item['id']} was not found."]})
    return OrderLine(
        variant=variant,
        quantity=item["quantity"],
        reference_id=item.get("reference_id", variant.sku),
        external_line_id=item.get("external_line_id"),
        unit_price=item.get("unit_price"),
    )


def _choose_center(store: Store, body: dict, lines: list[OrderLine]) -> int:
    if body.get("location_id") is not None:
        if body["location_id"] not in store.centers:
            raise ApiError(
                422, {"location_id": [f"Location {body['location_id']} does not exist."]}
            )
        return body["location_id"]
    if not store.centers:
        raise ApiError(422, {"": ["The account has no fulfillment center."]})

    def covered(fc_id: int) -> int:
        return sum(
            min(line.quantity, store.levels(line.variant.inventory_id, fc_id)["fulfillable"])
            for line in lines
        )

    return max(sorted(store.centers), key=covered)


def create_order(store: Store, channel_id: int, body: dict) -> Order:
    if channel_id not in store.channels:
        raise ApiError(403, {"shipbob_channel_id": [f"No write access to channel {channel_id}."]})
    reference = body["reference_id"]
    if any(
        o.channel_id == channel_id and o.reference_id == reference for o in store.orders.values()
    ):
        raise ApiError(
            422, {"reference_id": [f"An order with reference_id '{reference}' already exists."]}
        )
    lines = [_resolve_line(store, i, item) for i, item in enumerate(body["products"])]
    fc_id = _choose_center(store, body, lines)
    order = Order(store.next_id(), channel_id, reference, body, lines, [])
    quantities: dict[int, int] = {}
    for line in lines:
        inventory_id = line.variant.inventory_id
        quantities[inventory_id] = quantities.get(inventory_id, 0) + line.quantity
    shipment = Shipment(store.next_id(), order.id, fc_id, quantities)
    store.shipments[shipment.id] = shipment
    order.shipment_ids.append(shipment.id)
    store.orders[order.id] = order
    return order


def cancel_order(store: Store, order: Order) -> tuple[str, list[dict]]:
    results, cancelled, refused = [], 0, 0
    for sid in order.shipment_ids:
        shipment = store.shipments[sid]
        if shipment.status == "Cancelled":
            continue
        ok = shipment.status == "Processing"
        if ok:
            shipment.status, shipment.last_update_at = "Cancelled", now_iso()
            store.outbox.append(("order.shipment.cancelled", sid))
        cancelled, refused = cancelled + ok, refused + (not ok)
        results.append(
            {
                "shipment_id": sid,
                "action": "Cancel",
                "is_success": ok,
                "reason": None if ok else NOT_CANCELLABLE,
            }
        )
    if not cancelled:
        reason = NOT_CANCELLABLE if refused else "The order is already cancelled."
        raise ApiError(422, {"order_id": [reason]})
    return ("PartialSuccess" if refused else "Success"), results


def _quantities(
    store: Store, lines: list[dict] | None, remaining: dict[int, int]
) -> dict[int, int]:
    if lines is None:
        return dict(remaining)
    wanted: dict[int, int] = {}
    for line in lines:
        variant = (
            store.variant_by_inventory(int(line["inventory_id"]))
            if "inventory_id" in line
            else store.variant_by_sku(str(line.get("sku")))
        )
        if variant is None:
            raise ApiError(400, {"lines": [f"Unknown item {line}."]})
        wanted[variant.inventory_id] = wanted.get(variant.inventory_id, 0) + int(line["quantity"])
    for inventory_id, quantity in wanted.items():
        if quantity <= 0 or quantity > remaining.get(inventory_id, 0):
            raise ApiError(
                409,
                {
                    "lines": [
                        f"Item {inventory_id}: {quantity} is not between 1 and the {remaining.get(inventory_id, 0)} left to ship."
                    ]
                },
            )
    return wanted


def pick(store: Store, order: Order) -> list[int]:
    """Warehouse picked and packed the open shipments: from now on they cannot be cancelled."""
    picked = [sid for sid in order.shipment_ids if store.shipments[sid].status == "Processing"]
    for sid in picked:
        store.shipments[sid].status = "LabeledCreated"
    return picked


def ship(store: Store, order: Order, lines: list[dict] | None, tracking: dict) -> Shipment:
    """Ship ``lines`` (all that is left when None) of the order's open shipment with ``tracking``:
    the whole open shipment completes, or a completed one is split off it."""
    open_ids = [sid for sid in order.shipment_ids if store.shipments[sid].status in OPEN_SHIPMENT]
    if not open_ids:
        raise ApiError(409, {"order_id": ["The order has nothing left to ship."]})
    source = store.shipments[open_ids[0]]
    quantities = _quantities(store, lines, source.lines)
    for inventory_id, quantity in quantities.items():
        if store.on_hand.get((inventory_id, source.fc_id), 0) < quantity:
            raise ApiError(
                409, {"lines": [f"Item {inventory_id}: not enough on hand to ship {quantity}."]}
            )
    if quantities == source.lines:
        shipment = source
    else:
        shipment = Shipment(store.next_id(), order.id, source.fc_id, quantities)
        store.shipments[shipment.id] = shipment
        order.shipment_ids.append(shipment.id)
        for inventory_id, quantity in quantities.items():
            source.lines[inventory_id] -= quantity
        source.lines = {k: v for k, v in source.lines.items() if v}
        source.last_update_at = now_iso()
    for inventory_id, quantity in quantities.items():
        store.on_hand[(inventory_id, source.fc_id)] -= quantity
    stamp = now_iso()
    shipment.status, shipment.actual_fulfillment_date, shipment.last_update_at = (
        "Completed",
        stamp,
        stamp,
    )
    shipment.tracking = {**tracking, "shipping_date": stamp}
    store.outbox.append(("order.shipped", shipment.id))
    return shipment


def retrack(store: Store, shipment: Shipment, tracking: dict) -> None:
    if shipment.status != "Completed":
        raise ApiError(409, {"shipment_id": ["Only a shipped shipment has tracking to update."]})
    shipment.tracking = {**(shipment.tracking or {}), **tracking}
    shipment.last_update_at = now_iso()
    store.outbox.append(("order.shipment.tracking.updated", shipment.id))


def deliver(store: Store, shipment: Shipment) -> None:
    if shipment.status != "Completed":
        raise ApiError(409, {"shipment_id": ["Only a shipped shipment can be delivered."]})
    shipment.delivery_date = shipment.last_update_at = now_iso()
    store.outbox.append(("order.shipment.delivered", shipment.id))


def create_receiving_order(store: Store, body: dict) -> ReceivingOrder:
    fc_id = body["fulfillment_center"]["id"]
    if fc_id not in store.centers:
        raise ApiError(
            400, {"fulfillment_center.id": [f"Fulfillment center {fc_id} does not exist."]}
        )
    expected: dict[int, int] = {}
    for b, box in enumerate(body.get("boxes") or []):
        for i, item in enumerate(box.get("box_items") or []):
            where = f"boxes[{b}].box_items[{i}]"
            if store.variant_by_inventory(item["inventory_id"]) is None:
                raise ApiError(
                    400,
                    {
                        f"{where}.inventory_id": [
                            f"Inventory {item['inventory_id']} does not exist."
                        ]
                    },
                )
            if item["quantity"] <= 0:
                raise ApiError(400, {f"{where}.quantity": ["The quantity must be greater than 0."]})
            expected[item["inventory_id"]] = (
                expected.get(item["inventory_id"], 0) + item["quantity"]
            )
    if not expected:
        raise ApiError(400, {"boxes": ["At least one box with one item is required."]})
    wro = ReceivingOrder(store.next_id(), fc_id, body, expected, dict.fromkeys(expected, 0))
    wro.history.append({"id": 1, "status": "Awaiting", "timestamp": wro.insert_date})
    store.wros[wro.id] = wro
    return wro


def receive(store: Store, wro: ReceivingOrder, lines: list[dict] | None) -> None:
    if wro.status in ("Completed", "Cancelled"):
        raise ApiError(409, {"wro_id": [f"The receiving order is {wro.status}."]})
    remaining = {k: wro.expected[k] - wro.received[k] for k in wro.expected}
    for inventory_id, quantity in _quantities(store, lines, remaining).items():
        wro.received[inventory_id] += quantity
        key = (inventory_id, wro.fc_id)
        store.on_hand[key] = store.on_hand.get(key, 0) + quantity
    done = all(wro.received[k] >= wro.expected[k] for k in wro.expected)
    wro.status = "Completed" if done else "Processing"
    wro.last_updated_date = now_iso()
    wro.history.append(
        {"id": len(wro.history) + 1, "status": wro.status, "timestamp": wro.last_updated_date}
    )
