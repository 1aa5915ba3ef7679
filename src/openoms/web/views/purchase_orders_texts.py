"""The one-sentence explanations the purchase order screens show next to each state and action."""

from __future__ import annotations

from openoms.purchasing.models import PurchaseOrderSource, PurchaseOrderStatus, ReceiptStatus

PO_STATUS_HELP = {
    PurchaseOrderStatus.DRAFT: "Draft: entered but not confirmed; lot and serial numbers may "
    "still be changed, and nothing counts as Incoming yet.",
    PurchaseOrderStatus.APPROVED: "Approved: its quantities count as Incoming at the warehouse; "
    "it waits to be sent to the warehouse's fulfillment channel (sent at once when the "
    "account's Enable Automatic Purchase Order Workflow is Yes).",
    PurchaseOrderStatus.SENT: "Sent to Warehouse: the fulfillment channel has it and reports "
    "what arrives.",
    PurchaseOrderStatus.RECEIVING: "Receiving: part of it has arrived; the rest is still Incoming.",
    PurchaseOrderStatus.RECEIVED: "Received: every line has arrived in full.",
    PurchaseOrderStatus.CANCELLED: "Cancelled: nothing more is expected; its open quantities "
    "no longer count as Incoming.",
}
RECEIPT_STATUS_HELP = {
    ReceiptStatus.SHORT_RECEIVED: "Short Received: fewer units than still expected arrived; "
    "the order stays Receiving.",
    ReceiptStatus.RECEIVED: "Received: with this receipt every line has arrived.",
}
SOURCE_HELP = {
    PurchaseOrderSource.MANUAL: "Entered by hand on this screen.",
    PurchaseOrderSource.API: "Sent through the API.",
    PurchaseOrderSource.FILE: "Imported from a PO_Import_Orders.csv file.",
}
ACTION_HELP = {
    "approve": "Approve confirms it: its quantities then count as Incoming.",
    "send": "Send to Warehouse hands it to the fulfillment channel serving its warehouse.",
    "cancel": "Cancel stops it: its open quantities no longer count as Incoming.",
}
RECEIPTS_NOTE = (
    "Receipts come from the fulfillment channel serving the warehouse (its Import Receipts "
    "job): each adds what arrived to the warehouse's Total and lowers Incoming. They are not "
    "entered here."
)
LOT_SERIAL_NOTE = (
    "Lot and serial numbers go to the warehouse with the order, so they can be changed only "
    "while it is Draft. A line with a serial number is one unit."
)
