"""The one-sentence explanations the sales order screens show next to each state and setting."""

from __future__ import annotations

from openoms.orders.models import OrderSource, OrderStatus, ShipmentStatus

ORDER_STATUS_HELP = {
    OrderStatus.DRAFT: "Draft: entered but not confirmed; nothing is reserved until it is "
    "approved.",
    OrderStatus.APPROVED: "Approved: confirmed and waiting for Allocate & Fulfill (done at once "
    "when the account's Enable Automatic Sales Order Workflow is Yes).",
    OrderStatus.FULFILLING: "Fulfilling: stock is reserved at a warehouse and a shipment is on "
    "its way to (or at) the warehouse; it is Shipped once every line has shipped.",
    OrderStatus.SHIPPED: "Shipped: every line has shipped in full.",
    OrderStatus.CANCELLED: "Cancelled: nothing more happens; any reserved stock was released.",
}
SHIPMENT_STATUS_HELP = {
    ShipmentStatus.READY_TO_SEND: "Ready to send: stock is reserved; the fulfillment channel "
    "receives it with its next Send Shipments (or it is marked shipped by hand).",
    ShipmentStatus.SENT_TO_WAREHOUSE: "Sent to Warehouse: the fulfillment channel has it and "
    "reports what ships.",
    ShipmentStatus.SHORT_SHIPPED: "Short Shipped: part of it has shipped, the rest is still "
    "expected.",
    ShipmentStatus.SHIPPED: "Shipped: every line of the shipment has shipped.",
    ShipmentStatus.CANCEL_REQUESTED: "Cancel Requested: the fulfillment channel was asked to "
    "cancel it and has not answered yet.",
    ShipmentStatus.CANCELLED: "Cancelled: its unshipped stock was released.",
}
SOURCE_HELP = {
    OrderSource.CHANNEL: "Imported from the sales channel; shipped quantities and tracking "
    "numbers are reported back to it.",
    OrderSource.MANUAL: "Entered by hand on this screen.",
    OrderSource.API: "Sent through the API.",
    OrderSource.FILE: "Imported from an SO_Import_Orders.csv file.",
}
BACKORDERED_HELP = (
    "Backordered: the last Allocate & Fulfill found too little stock, so nothing is reserved; "
    "when stock rises the order is allocated again, first in first out, once the whole order "
    "fits."
)
REDACTED_HELP = (
    "The PII Redaction job replaced the customer's names, addresses, e-mail and phone with "
    "“[redacted]” here and in every stored copy, as the retention settings ask (the sales "
    "channel's, or the account's for API, manual and imported orders). This is irreversible. "
    "Quantities, SKUs, prices and dates are unchanged."
)
NO_CHANNEL_HELP = (
    "No fulfillment channel serves this warehouse: the shipment is handled outside OpenOMS; "
    "mark what shipped by hand."
)
ACTION_HELP = {
    "approve": "Approve confirms the order (then it may be allocated).",
    "allocate": "Allocate & Fulfill reserves the stock at one warehouse and creates the shipment "
    "for its fulfillment channel.",
    "cancel": "Cancel releases reserved stock; a shipment already at the warehouse is asked to "
    "be cancelled there first.",
}
