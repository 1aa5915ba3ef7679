"""What caused an inventory change. The sync engine decides per trigger and channel mode what to push
(seed 002's trigger x mode table), so every movement names one of these."""

from django.db import models


class Trigger(models.TextChoices):
    IMPORT_INVENTORY_LEVEL = "import_inventory_level", "Import Inventory Level"
    ADJUST_INVENTORY_MANUALLY = "adjust_inventory_manually", "Adjust Inventory Manually"
    API_BULK_UPDATE = "api_bulk_update", "API v2 (Bulk Update)"
    API_SINGLE_ROW_UPDATE = "api_single_row_update", "API v2 (Single Row Update)"
    FULFILLMENT_CHANNEL_RECURRING_JOB = "fc_recurring_job", "Fulfillment Channel Recurring Job"
    FULFILLMENT_CHANNEL_MANUAL_SYNC = "fc_manual_sync", "Fulfillment Channel Manual Sync"
    SALES_CHANNEL_MANUAL_SYNC = "sc_manual_sync", "Sales Channel Manual Sync"
    RECEIVE_RECEIPT = "receive_receipt", "Receive Receipt"
    ALLOCATE_ORDER = "allocate_order", "Allocate Order"
    CANCEL_SHIPMENT = "cancel_shipment", "Cancel Shipment"
    SHIP_SHIPMENT = "ship_shipment", "Ship Shipment"
    LEDGER_REPAIR = "ledger_repair", "Ledger Repair"
