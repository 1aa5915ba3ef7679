"""Helpers of the sales order page tests: an account with two physical warehouses (A the
default, B), stock at A (TEE 10, MUG 5; CAP none), orders made through the order service, and
a fulfillment channel serving a warehouse."""

from __future__ import annotations

from dataclasses import dataclass

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import ChannelWarehouse
from openoms.inventory.models import AccountWarehouse, InventoryLevel
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import SalesOrder
from openoms.orders.services.orders import sales_order_create
from openoms.tenancy.actor import Actor
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.web.channel_data import make_channel

ADDRESS = {"name": "Ada Lovelace", "address1": "1 Main St", "city": "Toronto", "country": "CA"}


@dataclass
class Shop:
    account: object
    actor: Actor
    a: object
    b: object
    variants: dict


def make_shop(account) -> Shop:
    organization = account.organization
    a = make_warehouse(organization, f"A{account.pk}")
    b = make_warehouse(organization, f"B{account.pk}")
    enable(account, a, b)
    AccountWarehouse.objects.filter(account=account, warehouse=a).update(is_default=True)
    variants = make_variants(account, "TEE", "MUG", "CAP")
    set_level(account, variants["TEE"], a, 10)
    set_level(account, variants["MUG"], a, 5)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    return Shop(account, Actor.system("test"), a, b, variants)


def make_order(
    shop: Shop, number: str = "1001", *lines: tuple, approve=False, source="manual", **fields
):
    """An order through ``sales_order_create``; ``lines`` as (sku, quantity, price)."""
    made = [LineDraft(*line) for line in lines] or [LineDraft("TEE", 2, "20.00")]
    fields.setdefault("ship_to", ADDRESS)
    fields.setdefault("carrier", "UPS")
    fields.setdefault("service", "GND")
    draft = OrderDraft(order_number=number, lines=made, **fields)
    return sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft, source=source, approve=approve
    )


def serve_with_channel(shop: Shop, warehouse=None):
    """A fulfillment channel serving ``warehouse`` (A by default)."""
    channel = make_channel(shop.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment")
    ChannelWarehouse.objects.create(channel=channel, warehouse=warehouse or shop.a)
    return channel


def allocated_at(shop: Shop, sku: str) -> tuple[int, int]:
    """(total, allocated) of ``sku`` at A."""
    level = InventoryLevel.objects.get(variant=shop.variants[sku], warehouse=shop.a)
    return level.total, level.allocated


def status_of(order: SalesOrder) -> str:
    order.refresh_from_db()
    return order.status


def order_post(number: str = "2001", *lines: tuple, **fields) -> dict:
    """The order form as a browser posts it; ``lines`` as (sku, quantity, price) rows."""
    data = {"order_number": number, "carrier": "UPS", "service": "GND"}
    data.update({"same_as_ship_to": "1", "save": "1"})
    data.update({f"ship_to-{key}": value for key, value in ADDRESS.items()})
    for index, (sku, quantity, price) in enumerate(lines or [("TEE", "1", "9.50")]):
        data.update(
            {
                f"lines-{index}-sku": sku,
                f"lines-{index}-quantity": quantity,
                f"lines-{index}-price": price,
            }
        )
    data.update(fields)
    return data


def table_rows(html: str, table: str = "orders-table") -> list[str]:
    """The body rows of ``<table class="table <table>">`` as text of cells joined by " | "."""
    start = html.find(f'class="table {table}"')
    if start < 0:
        return []
    body = html[start:].split("<tbody>")[1].split("</tbody>")[0]
    cells = [row.split("<td")[1:] for row in body.split("<tr")[1:]]
    return [" | ".join(_plain(cell) for cell in row) for row in cells]


def _plain(cell: str) -> str:
    inner = cell.split(">", 1)[1].rsplit("</td>", 1)[0]
    while "<" in inner:
        start = inner.index("<")
        inner = inner[:start] + inner[inner.index(">", start) + 1 :]
    return " ".join(inner.split())
