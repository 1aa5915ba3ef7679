"""``GET /_emulator/``: a read-only HTML page of the emulated shop, so a demo user can compare
OpenOMS with the store: its locations, then every product's variants with their inventory item
and the ``available`` and ``on_hand`` quantities at each location (a dash: not stocked there)."""

from __future__ import annotations

from html import escape
from http.server import BaseHTTPRequestHandler

from .. import state_pages
from ..state_pages import count
from .store import Store

PATH = state_pages.PATH
MAX_ROWS = 2000  # variants shown; a bigger shop is summarised (the page stays quick)


def render(store: Store) -> str:
    """The page for ``store`` (the caller holds ``store.lock``)."""
    locations = sorted(store.locations.values(), key=lambda loc: loc.id)
    head = "".join(
        f"<th>{escape(loc.name)}<br><small>available / on hand</small></th>" for loc in locations
    )
    rows = []
    for product in sorted(store.products.values(), key=lambda p: p.id):
        if len(rows) >= MAX_ROWS:
            break
        for variant_id in product.variant_ids:
            variant = store.variants[variant_id]
            cells = "".join(
                _level_cell(store, variant.inventory_item_id, loc.id) for loc in locations
            )
            rows.append(
                f"<tr><td>{escape(product.title)}</td><td>{escape(variant.title)}</td>"
                f"<td>{escape(variant.sku or '')}</td>"
                f"<td><small>gid://shopify/InventoryItem/{variant.inventory_item_id}</small></td>"
                f"{cells}</tr>"
            )
    location_rows = "".join(
        f"<tr><td>{escape(loc.name)}</td><td>{escape(loc.gid)}</td>"
        f"<td>{'yes' if loc.is_active else 'no'}</td></tr>"
        for loc in locations
    )
    return state_pages.page(
        "Shopify emulator: shop state",
        "Shopify emulator",
        f"<p>{count(len(store.products), 'product')}, {count(len(store.variants), 'variant')}, "
        f"{count(len(locations), 'location')}. Read-only; reload to refresh.</p>"
        "<h2>Locations</h2><table><tr><th>Name</th><th>GID</th><th>Active</th></tr>"
        f"{location_rows}</table>"
        "<h2>Inventory</h2><table><tr><th>Product</th><th>Variant</th><th>SKU</th>"
        f"<th>Inventory item</th>{head}</tr>{''.join(rows)}</table>",
    )


def _level_cell(store: Store, item_id: int, location_id: int) -> str:
    level = store.levels.get((item_id, location_id))
    if level is None:
        return "<td class='n'>&ndash;</td>"
    return f"<td class='n'>{level.quantity('available')} / {level.quantity('on_hand')}</td>"


def send(handler: BaseHTTPRequestHandler, store: Store) -> None:
    """Answer ``handler``'s request with the page."""
    state_pages.send(handler, store, render)
