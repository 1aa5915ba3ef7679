"""What each channel job type does, declared once: the connector role it needs, the permission a
manual sync of it needs, its rule and its body. ``register_works`` (from ``SyncConfig.ready``)
hands them to the one pipeline (``sync/pipeline.py``), which automation calls for every run.
"""

from __future__ import annotations

from datetime import UTC

from openoms.automation.handlers import RunOutcome
from openoms.automation.job_types import JobType
from openoms.automation.models import RunStatus
from openoms.channels.master_product import product_export_refusal, product_import_refusal
from openoms.connectors.base import (
    AuthorizationRefresher,
    InventorySource,
    InventoryTarget,
    InventoryUpdater,
    ProductSource,
    ProductTarget,
    ReceiptSource,
    ReceivingSender,
    ShipmentSender,
    ShipmentSource,
)
from openoms.inventory.changes import register_listener
from openoms.orders.changes import register_fulfillment_listener, register_shipment_listener
from openoms.purchasing.changes import register_send_listener
from openoms.sync.pipeline import Work, WorkContext, register_work
from openoms.sync.services.fulfillment_export import fulfillments_export, fulfillments_queue
from openoms.sync.services.inventory_jobs import inventory_export, inventory_import
from openoms.sync.services.order_import_job import (
    OrderChannel,
    order_work_refusal,
    orders_import,
)
from openoms.sync.services.outbox import outbox_record
from openoms.sync.services.outbox_drain import inventory_push
from openoms.sync.services.po_queue import purchase_orders_queue
from openoms.sync.services.po_receipts import receipts_import
from openoms.sync.services.po_send import purchase_orders_send
from openoms.sync.services.product_sync import product_export, product_import
from openoms.sync.services.shipment_import import shipments_import
from openoms.sync.services.shipment_queue import shipments_queue
from openoms.sync.services.shipment_send import shipments_send
from openoms.tenancy.permissions import Perm


def refresh_authorization(work: WorkContext) -> RunOutcome:
    """Renew the channel's API token (the Authorization Refresh work)."""
    refresher: AuthorizationRefresher = work.connector
    expires = refresher.refresh_authorization()
    until = (
        "does not expire"
        if expires is None
        else f"is valid until {expires.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    )
    message = f"Authorization of {work.channel.name} refreshed: the token {until}."
    return RunOutcome(RunStatus.SUCCEEDED, {"refreshed": 1}, message)


WORKS = (
    Work(
        JobType.AUTHORIZATION_REFRESH,
        Perm.CHANNELS_MANAGE,
        AuthorizationRefresher,
        refresh_authorization,
    ),
    Work(
        JobType.IMPORT_PRODUCTS,
        Perm.CATALOG_EDIT,
        ProductSource,
        product_import,
        product_import_refusal,
    ),
    Work(
        JobType.EXPORT_PRODUCTS,
        Perm.CATALOG_EDIT,
        ProductTarget,
        product_export,
        product_export_refusal,
    ),
    Work(JobType.IMPORT_INVENTORY, Perm.INVENTORY_ADJUST, InventorySource, inventory_import),
    Work(JobType.EXPORT_INVENTORY, Perm.INVENTORY_VIEW, InventoryTarget, inventory_export),
    Work(JobType.PUSH_INVENTORY_UPDATES, Perm.INVENTORY_VIEW, InventoryUpdater, inventory_push),
    Work(JobType.SEND_SHIPMENTS, Perm.ORDERS_MANAGE, ShipmentSender, shipments_send),
    Work(JobType.IMPORT_SHIPMENTS, Perm.ORDERS_MANAGE, ShipmentSource, shipments_import),
    Work(
        JobType.SEND_PURCHASE_ORDERS, Perm.PURCHASES_MANAGE, ReceivingSender, purchase_orders_send
    ),
    Work(JobType.IMPORT_RECEIPTS, Perm.PURCHASES_MANAGE, ReceiptSource, receipts_import),
    Work(
        JobType.IMPORT_ORDERS, Perm.ORDERS_MANAGE, OrderChannel, orders_import, order_work_refusal
    ),
    Work(
        JobType.EXPORT_ORDER_UPDATES,
        Perm.ORDERS_MANAGE,
        OrderChannel,
        fulfillments_export,
        order_work_refusal,
    ),
)


def register_works() -> None:
    """Hand every channel work to the pipeline, and the inventory sync outbox's listener to the
    level writers (once, from ``SyncConfig.ready``)."""
    for work in WORKS:
        register_work(work)
    register_listener(outbox_record)
    register_shipment_listener(shipments_queue)
    register_fulfillment_listener(fulfillments_queue)
    register_send_listener(purchase_orders_queue)
