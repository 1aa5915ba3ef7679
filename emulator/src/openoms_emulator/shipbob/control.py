"""``/_emulator/…``: the control API (JSON, no authentication: bind the emulator to loopback).
Tests and the demo use it to seed, inject faults and make the warehouse act; they read state
back through ordinary ShipBob GETs (``state`` is a debug dump)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from . import operations
from .response import Response
from .state import ApiError, FulfillmentCenter
from .webhooks import subscribe

if TYPE_CHECKING:
    from .app import ShipBobEmulator

PREFIX = "/_emulator/"


class ControlError(Exception):
    pass


def _need(body: dict, key: str) -> Any:
    if key not in body:
        raise ControlError(f"'{key}' is required")
    return body[key]


def _seed(emu: ShipBobEmulator, body: dict) -> dict:
    store = emu.store
    for channel in body.get("channels", []):
        store.channels[int(_need(channel, "id"))] = str(channel.get("name") or "Channel")
    for fc in body.get("fulfillment_centers", []):
        fields = {k: v for k, v in fc.items() if k in FulfillmentCenter.__dataclass_fields__}
        store.centers[int(_need(fc, "id"))] = FulfillmentCenter(**{**fields, "id": int(fc["id"])})
    created = []
    for spec in body.get("products", []):
        variants = spec.get("variants") or [{"sku": _need(spec, "sku"), "name": spec.get("name")}]
        product = store.add_product(str(_need(spec, "name")), variants)
        created += [
            {
                "sku": v.sku,
                "product_id": product.id,
                "variant_id": v.id,
                "inventory_id": v.inventory_id,
            }
            for v in product.variants
        ]
    for level in body.get("inventory", []):
        variant = (
            store.variant_by_inventory(int(level["inventory_id"]))
            if "inventory_id" in level
            else store.variant_by_sku(str(_need(level, "sku")))
        )
        fc_id = int(_need(level, "fulfillment_center_id"))
        if variant is None or fc_id not in store.centers:
            raise ControlError(f"unknown item or fulfillment center in {level}")
        store.on_hand[(variant.inventory_id, fc_id)] = int(_need(level, "on_hand"))
    return {"products": created}


def _order(emu: ShipBobEmulator, body: dict):
    order = emu.store.orders.get(int(_need(body, "order_id")))
    if order is None:
        raise ControlError(f"order {body['order_id']} not found")
    return order


def _shipment(emu: ShipBobEmulator, body: dict):
    shipment = emu.store.shipments.get(int(_need(body, "shipment_id")))
    if shipment is None:
        raise ControlError(f"shipment {body['shipment_id']} not found")
    return shipment


def _ship(emu: ShipBobEmulator, body: dict) -> dict:
    order = _order(emu, body)
    tracking = body.get("tracking") or {}
    tracking.setdefault("carrier", "USPS")
    tracking.setdefault("tracking_number", f"9400{order.id:012d}{len(order.shipment_ids)}")
    shipment = operations.ship(emu.store, order, body.get("lines"), tracking)
    return {"shipment_id": shipment.id, "order_status": operations.order_status(emu.store, order)}


def _receive(emu: ShipBobEmulator, body: dict) -> dict:
    wro = emu.store.wros.get(int(_need(body, "wro_id")))
    if wro is None:
        raise ControlError(f"receiving order {body['wro_id']} not found")
    operations.receive(emu.store, wro, body.get("lines"))
    return {"wro_id": wro.id, "status": wro.status, "received": wro.received}


def _webhooks(emu: ShipBobEmulator, body: dict) -> dict:
    sub = subscribe(
        emu.store, str(_need(body, "url")), list(_need(body, "topics")), body.get("secret")
    )
    return {"id": sub.id, "secret": sub.secret, "topics": sub.topics, "url": sub.url}


def _deliveries(emu: ShipBobEmulator) -> list[dict]:
    return [
        {
            "id": d.msg_id,
            "topic": d.topic,
            "url": d.url,
            "attempts": d.attempts,
            "delivered": d.delivered,
        }
        for d in list(emu.dispatcher.log)
    ]


def _state(emu: ShipBobEmulator) -> dict:
    s = emu.store
    return {
        "channels": s.channels,
        "fulfillment_centers": [asdict(fc) for fc in s.centers.values()],
        "on_hand": [{"inventory_id": i, "fulfillment_center_id": f, "on_hand": q} for (i, f), q in s.on_hand.items()],
        "orders": {o.id: {"reference_id": o.reference_id, "channel_id": o.channel_id, "shipments": o.shipment_ids} for o in s.orders.values()},
        "shipments": {sid: {"status": sh.status, "lines": sh.lines, "tracking": sh.tracking} for sid, sh in s.shipments.items()},
        "receiving_orders": {w.id: {"status": w.status, "expected": w.expected, "received": w.received} for w in s.wros.values()},
        "webhook_deliveries": _deliveries(emu),
        "contract_violations": list(emu.violations),
    }  # fmt: skip


def handle(emu: ShipBobEmulator, method: str, path: str, raw_body: bytes) -> Response:
    name = path[len(PREFIX) :].strip("/")
    try:
        body = json.loads(raw_body) if raw_body.strip() else {}
        if not isinstance(body, dict):
            raise ControlError("the body must be a JSON object")
        if method == "GET":
            getters = {
                "state": _state,
                "config": lambda e: asdict(e.config),
                "webhooks": _deliveries,
            }
            if name not in getters:
                return Response(404, {"error": f"unknown control endpoint GET {path}"})
            return Response(200, getters[name](emu))
        actions = {
            "reset": lambda e, b: e.reset() or {"reset": True},
            "config": lambda e, b: e.configure(b),
            "seed": _seed,
            "pick": lambda e, b: {"picked": operations.pick(e.store, _order(e, b))},
            "ship": _ship,
            "tracking": lambda e, b: (
                operations.retrack(e.store, _shipment(e, b), _need(b, "tracking")) or {}
            ),
            "deliver": lambda e, b: operations.deliver(e.store, _shipment(e, b)) or {},
            "receive": _receive,
            "webhooks": _webhooks,
            "clock": lambda e, b: e.clock.advance(float(_need(b, "advance"))) or {},
        }
        if method != "POST" or name not in actions:
            return Response(404, {"error": f"unknown control endpoint {method} {path}"})
        return Response(200, actions[name](emu, body))
    except ApiError as exc:
        return Response(exc.status, {"error": exc.title, "errors": exc.errors})
    except (ControlError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return Response(400, {"error": f"{type(exc).__name__}: {exc}"})
