"""``GET /_emulator/``: a read-only HTML page of the emulated ShipBob account, so a demo user can
compare OpenOMS with the 3PL: fulfillment centers, every product variant's stock at each center
(on hand / committed / fulfillable), the orders and their shipments with tracking."""

from __future__ import annotations

from html import escape
from http.server import BaseHTTPRequestHandler

from .. import state_pages
from ..state_pages import count
from .state import Store

PATH = state_pages.PATH
MAX_ROWS = 2000  # variants and orders shown; a bigger account is summarised (the page stays quick)


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(rows) or f"<tr><td colspan='{len(headers)}'>None</td></tr>"
    return f"<table><tr>{head}</tr>{body}</table>"


def _centers(store: Store) -> str:
    rows = [
        f"<tr><td>{fc.id}</td><td>{escape(fc.name)}</td>"
        f"<td>{escape(fc.city)}, {escape(fc.state)}</td></tr>"
        for fc in sorted(store.centers.values(), key=lambda fc: fc.id)
    ]
    return _table(["Id", "Name", "City"], rows)


def _inventory(store: Store) -> str:
    centers = sorted(store.centers)
    headers = ["Product", "SKU", "Inventory id"] + [
        f"{escape(store.centers[fc].name)} ({fc})<br><small>on hand / committed / fulfillable"
        "</small>"
        for fc in centers
    ]
    rows = []
    for product in list(store.products.values()):
        if len(rows) >= MAX_ROWS:
            break
        for variant in product.variants:
            cells = "".join(_level_cell(store.levels(variant.inventory_id, fc)) for fc in centers)
            rows.append(
                f"<tr><td>{escape(product.name)}</td><td>{escape(variant.sku)}</td>"
                f"<td>{variant.inventory_id}</td>{cells}</tr>"
            )
    return _table(headers, rows)


def _level_cell(levels: dict[str, int]) -> str:
    return (
        f"<td class='n'>{levels['on_hand']} / {levels['committed']} / {levels['fulfillable']}</td>"
    )


def _orders(store: Store) -> str:
    rows = []
    for order in list(store.orders.values())[-MAX_ROWS:]:
        shipments = [store.shipments[sid] for sid in order.shipment_ids if sid in store.shipments]
        described = "<br>".join(_shipment(store, shipment) for shipment in shipments) or "&ndash;"
        rows.append(
            f"<tr><td>{order.id}</td><td>{escape(order.reference_id)}</td>"
            f"<td>{order.channel_id}</td><td>{described}</td></tr>"
        )
    return _table(["Order id", "Reference", "Channel", "Shipments"], rows)


def _shipment(store: Store, shipment) -> str:
    by_inventory = {v.inventory_id: v.sku for v in store.variants()}
    lines = ", ".join(
        f"{escape(str(by_inventory.get(i, i)))} &times; {q}" for i, q in shipment.lines.items()
    )
    tracking = shipment.tracking or {}
    number = tracking.get("tracking_number")
    track = f" — {escape(str(tracking.get('carrier')))} {escape(str(number))}" if number else ""
    return f"#{shipment.id} {escape(shipment.status)} at {shipment.fc_id}: {lines}{track}"


def render(store: Store) -> str:
    """The page for ``store`` (the caller holds ``store.lock``)."""
    variants = sum(len(p.variants) for p in store.products.values())
    return state_pages.page(
        "ShipBob emulator: account state",
        "ShipBob emulator",
        f"<p>{count(len(store.products), 'product')}, {count(variants, 'variant')}, "
        f"{count(len(store.centers), 'fulfillment center')}, "
        f"{count(len(store.orders), 'order')}. Read-only; reload to refresh.</p>"
        f"<h2>Fulfillment centers</h2>{_centers(store)}"
        f"<h2>Inventory</h2>{_inventory(store)}"
        f"<h2>Orders and shipments</h2>{_orders(store)}",
    )


def send(handler: BaseHTTPRequestHandler, store: Store) -> None:
    """Answer ``handler``'s request with the page."""
    state_pages.send(handler, store, render)
