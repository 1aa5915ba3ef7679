"""Demo purchase orders that need no emulator, made through the purchasing services: Northwind
Apparel's Draft for ShipBob Chicago (CHI-1, waiting for review), and Northwind Home's Draft (for
VAN-1) and Cancelled order (for TOR-1; its Incoming given back). The Apparel orders the emulated
ShipBob receives are ``live_purchases``'. Idempotent: an order number the account has is left
as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openoms.catalog.models import ProductVariant
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderSource
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.purchasing.services.workflow import purchase_order_cancel
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

APPAREL, HOME = "NORTHWIND-APPAREL", "NORTHWIND-HOME"
APPAREL_DRAFT = "NW-PO-1001"
HOME_DRAFT, HOME_CANCELLED = "NH-PO-2001", "NH-PO-2002"
SUPPLIERS = {APPAREL: "Lakeside Textiles", HOME: "Harbour Ceramics"}
CARRIER, SERVICE = "UPS", "GND"


def variant_skus(account: Account, count: int) -> list[str]:
    """The account's first ``count`` SKUs (by SKU), or [] when it has fewer."""
    skus = list(
        ProductVariant.objects.filter(account=account).order_by("sku").values_list("sku", flat=True)
    )
    return skus[:count] if len(skus) >= count else []


def purchase_order_seed(
    actor: Actor,
    account: Account,
    number: str,
    warehouse: str,
    lines: list[tuple[str, int]],
    *,
    days_ago: int = 0,
    approve: bool = False,
    **fields,
) -> PurchaseOrder:
    """One demo purchase order through ``purchase_order_create`` (source API, UPS Ground)."""
    draft = PurchaseOrderDraft(
        order_number=number,
        warehouse=warehouse,
        lines=[PurchaseLineDraft(sku, quantity) for sku, quantity in lines],
        supplier=SUPPLIERS.get(account.code, ""),
        carrier=CARRIER,
        service=SERVICE,
        order_date=timezone.now() - timedelta(days=days_ago),
        **fields,
    )
    return purchase_order_create(
        actor=actor,
        account=account,
        draft=draft,
        source=PurchaseOrderSource.API,
        approve=approve,
    )


def seed_purchase_orders(actor: Actor, accounts: dict[str, Account]) -> None:
    """The purchase orders of the module, each made once."""
    apparel, home = accounts.get(APPAREL), accounts.get(HOME)
    if apparel is not None and not _taken(apparel, APPAREL_DRAFT):
        skus = variant_skus(apparel, 2)
        if skus:
            purchase_order_seed(
                actor,
                apparel,
                APPAREL_DRAFT,
                "CHI-1",
                [(skus[0], 24), (skus[1], 12)],
                references={"Season": "Spring"},
                purchase_order_number="ERP-88001",
            )
    if home is None:
        return
    skus = variant_skus(home, 2)
    if not skus:
        return
    if not _taken(home, HOME_DRAFT):
        purchase_order_seed(actor, home, HOME_DRAFT, "VAN-1", [(skus[0], 30), (skus[1], 10)])
    if not _taken(home, HOME_CANCELLED):
        order = purchase_order_seed(
            actor, home, HOME_CANCELLED, "TOR-1", [(skus[1], 8)], days_ago=6, approve=True
        )
        purchase_order_cancel(actor=actor, order=order, reason="The supplier is out of stock.")


def _taken(account: Account, number: str) -> bool:
    return PurchaseOrder.objects.filter(account=account, order_number=number).exists()
