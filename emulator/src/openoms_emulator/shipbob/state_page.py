"""``GET /_emulator/``: a read-only HTML page of the emulated ShipBob account, so a demo user can
compare OpenOMS with the 3PL: fulfillment centers, every product variant's stock at each center
(on hand / committed / fulfillable), the orders and their shipments with tracking."""

from __future__ import annotations

from html import escape
from http.server import BaseHTTPRequestHandler

from .state import Store

PATH = "/_emulator/"
MAX_ROWS = 2000  # variants and orders shown; a bigger account is summarised (the page stays quick)
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}"
    "table{border-collapse:collapse;margin-bottom:2rem}"
    "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}"
    "td.n{text-align:right}th{background:#f3f3f3}small{color:#666}"
)


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
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>ShipBob emulator: account state</title>"
        f"<style>{STYLE}</style></head><body>"
        "<h1>ShipBob emulator</h1>"
        f"<p>{_count(len(store.products), 'product')}, {_count(variants, 'variant')}, "
        f"{_count(len(store.centers), 'fulfillment center')}, "
        f"{_count(len(store.orders), 'order')}. Read-only; reload to refresh.</p>"
        f"<h2>Fulfillment centers</h2>{_centers(store)}"
        f"<h2>Inventory</h2>{_inventory(store)}"
        f"<h2>Orders and shipments</h2>{_orders(store)}"
        "</body></html>"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def send(handler: BaseHTTPRequestHandler, store: Store) -> None:
    """Answer ``handler``'s request with the page."""
    with store.lock:
        data = render(store).encode()
    handler.send_response(200)
    handler.send_header("content-type", "text/html; charset=utf-8")
    handler.send_header("content-length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
