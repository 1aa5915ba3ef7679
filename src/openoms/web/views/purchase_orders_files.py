"""The Purchase Orders list's Maintenance menu: Import a ``PO_Import_Orders.csv`` (the
``purchase_orders`` file import: its progress and per-row report are on the File Imports pages),
Export the purchase orders of the list as filtered (the same writer as ``GET
/api/v2/purchase-orders/export``) and the Template.

Reads go through ``purchasing.po_csv`` scoped to the account selected in the header; the import
needs *Create, approve, send, cancel and import purchase orders* (``Perm.PURCHASES_MANAGE``:
``file_import_start`` checks it).
"""

from __future__ import annotations

from openoms.purchasing.po_csv import (
    PO_FILE,
    purchase_orders_csv,
    purchase_orders_import_start,
    purchase_orders_template_csv,
)
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.purchase_order_forms import purchase_order_filters
from openoms.web.views.files import csv_file, csv_stream, import_upload
from openoms.web.views.purchase_orders import purchases_page


@purchases_page
def purchase_orders_export(request, account: Account):
    """The purchase orders of the list (its filters; a filter that is not valid is left out, as
    on the list) as ``PO_Import_Orders.csv``, one row per line, streamed."""
    filters, _, _ = purchase_order_filters(request.GET)
    rows = purchase_orders_csv(actor=request.actor, account=account, filters=filters)
    return csv_stream(rows, PO_FILE)


@purchases_page
def purchase_orders_template(request, account: Account):
    return csv_file(purchase_orders_template_csv(), PO_FILE)


_upload = import_upload(purchase_orders_import_start, "web:purchase_orders")


@purchases_page
def purchase_orders_import(request, account: Account):
    """The Maintenance menu's Import (a POST of the file): refused to a role that may not
    import before the file is looked at."""
    request.actor.require(Perm.PURCHASES_MANAGE)
    return _upload(request, account)
