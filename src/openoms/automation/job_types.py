"""The recurring job types: what each does, where it is configured, and which channels it needs.

A job runs at one of two scopes (spec §2.18): an **account** job runs for every enabled stable
channel of the account whose kind can do it (the account's Recurring Jobs tab); a **channel** job
belongs to one beta channel (its Other System Settings, seed 004). PII Redaction concerns the
account's own data and exists only at account scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openoms.channels.kinds import Capability, Kind


class JobType(StrEnum):
    AUTHORIZATION_REFRESH = "authorization_refresh"
    IMPORT_PRODUCTS = "import_products"
    EXPORT_PRODUCTS = "export_products"
    IMPORT_ORDERS = "import_orders"
    EXPORT_ORDER_UPDATES = "export_order_updates"
    IMPORT_INVENTORY = "import_inventory"
    EXPORT_INVENTORY = "export_inventory"
    PUSH_INVENTORY_UPDATES = "push_inventory_updates"
    SEND_SHIPMENTS = "send_shipments"
    IMPORT_SHIPMENTS = "import_shipments"
    SEND_PURCHASE_ORDERS = "send_purchase_orders"
    IMPORT_RECEIPTS = "import_receipts"
    PII_REDACTION = "pii_redaction"


@dataclass(frozen=True)
class JobTypeSpec:
    """``capability``: what the channel's kind must support (None: every kind, or no channel).
    ``calls_channel``: the job talks to the channel's service, so Authorization Refresh = None
    stops it. ``resumes_after_stop``: a run whose worker stopped is followed at once by a new
    one (work that is queued by changes, not by a period, must not wait for the next change)."""

    code: JobType
    label: str
    help: str
    capability: Capability | None
    calls_channel: bool = True
    channel_level: bool = True
    resumes_after_stop: bool = False


JOB_TYPES: dict[str, JobTypeSpec] = {
    spec.code: spec
    for spec in (
        JobTypeSpec(
            JobType.AUTHORIZATION_REFRESH,
            "Authorization Refresh Settings",
            "How often the token OpenOMS uses for the channel's API is refreshed. None: OpenOMS "
            "makes no API calls at all to this channel; every job that would call it is skipped "
            "with a Warning.",
            None,
        ),
        JobTypeSpec(
            JobType.IMPORT_PRODUCTS,
            "Import Products",
            "How often product data is pulled from the channel into OpenOMS. Runs only on the "
            "account's Master Product Channel.",
            Capability.IMPORT_PRODUCTS,
        ),
        JobTypeSpec(
            JobType.EXPORT_PRODUCTS,
            "Export Products",
            "How often product data is pushed from OpenOMS to the channel. Never to the Master "
            "Product Channel.",
            Capability.EXPORT_PRODUCTS,
        ),
        JobTypeSpec(
            JobType.IMPORT_ORDERS,
            "Import Orders",
            "How often new sales orders are pulled from the channel.",
            Capability.IMPORT_ORDERS,
            resumes_after_stop=True,
        ),
        JobTypeSpec(
            JobType.EXPORT_ORDER_UPDATES,
            "Export Order Updates",
            "How often shipments and status changes are sent back to the channel.",
            Capability.EXPORT_ORDER_UPDATES,
            resumes_after_stop=True,
        ),
        JobTypeSpec(
            JobType.IMPORT_INVENTORY,
            "Import Inventory",
            "How often stock levels are pulled from the fulfillment channel into its warehouses.",
            Capability.IMPORT_INVENTORY,
        ),
        JobTypeSpec(
            JobType.EXPORT_INVENTORY,
            "Export Inventory",
            "How often available quantities are sent to the sales channel (full values).",
            Capability.PUSH_INVENTORY,
        ),
        JobTypeSpec(
            JobType.PUSH_INVENTORY_UPDATES,
            "Push Inventory Updates",
            "Sends the sales channel the inventory changes its mode calls for (the inventory "
            "sync outbox). It runs by itself as soon as a change is queued, so it needs no "
            "period: None is right. A period only adds a sweep that sends what may be left "
            "waiting; it never sends anything twice. A run whose worker stopped is followed by a "
            "new one at once.",
            Capability.PUSH_INVENTORY,
            resumes_after_stop=True,
        ),
        JobTypeSpec(
            JobType.SEND_SHIPMENTS,
            "Send Shipments",
            "Sends the fulfillment channel the shipments allocation creates, and the "
            "cancellations people ask for. It runs by itself as soon as a shipment is ready, so "
            "it needs no period: None is right. A period only adds a sweep that sends what may "
            "be left waiting; a shipment is never sent twice. A run whose worker stopped is "
            "followed by a new one at once.",
            Capability.EXPORT_ORDERS,
            resumes_after_stop=True,
        ),
        JobTypeSpec(
            JobType.IMPORT_SHIPMENTS,
            "Import Shipments",
            "How often the fulfillment channel is asked what it shipped (quantities and "
            "tracking). Its webhooks report shipments as they happen; this is the safety net "
            "for webhooks that come late or never.",
            Capability.IMPORT_SHIPMENTS,
        ),
        JobTypeSpec(
            JobType.SEND_PURCHASE_ORDERS,
            "Send Purchase Orders",
            "Sends the fulfillment channel the purchase orders people approve (as receiving "
            "orders). It runs by itself as soon as a purchase order is to be sent, so it needs "
            "no period: None is right. A period only adds a sweep that sends what may be left "
            "waiting; a purchase order is never sent twice. A run whose worker stopped is "
            "followed by a new one at once.",
            Capability.EXPORT_PURCHASE_ORDERS,
            resumes_after_stop=True,
        ),
        JobTypeSpec(
            JobType.IMPORT_RECEIPTS,
            "Import Receipts",
            "Asks the fulfillment channel what arrived for the purchase orders sent to it: "
            "each new receipt adds to the warehouse's stock and lowers Incoming. "
            "While purchase orders wait for goods it runs by itself (every 5 minutes), so it "
            "needs no period: None is right. A run whose worker stopped is followed by a new "
            "one at once.",
            Capability.IMPORT_RECEIPTS,
            resumes_after_stop=True,
        ),
        JobTypeSpec(
            JobType.PII_REDACTION,
            "PII Redaction",
            "How often (daily by default) the personal data of sales orders older than their "
            "PII retention — customers' names, company names, addresses, e-mails and phones, in "
            "the orders and in every stored copy (webhook bodies, events, API responses, "
            "uploaded order files) — is replaced with “[redacted]”. Each sales channel's own "
            "PII retention days apply to its orders; the account's (Privacy tab) to API, manual "
            "and imported orders; empty keeps the data. Only shipped or cancelled orders are "
            "redacted. Quantities, SKUs, prices and dates stay. Redaction is irreversible.",
            None,
            calls_channel=False,
            channel_level=False,
        ),
    )
}


def job_type_label(code: str) -> str:
    spec = JOB_TYPES.get(code)
    return spec.label if spec else code


def kind_supports(kind: Kind, job_type: str) -> bool:
    """True when a channel of ``kind`` can run ``job_type`` (its capability, if any)."""
    spec = JOB_TYPES[job_type]
    if not spec.channel_level:
        return False
    return spec.capability is None or kind.can(spec.capability)


def channel_job_types(kind: Kind) -> list[JobTypeSpec]:
    """The jobs a beta channel of ``kind`` has, in the order of the settings page."""
    return [spec for spec in JOB_TYPES.values() if kind_supports(kind, spec.code)]
