"""The Sales Orders list's Maintenance menu: Import an ``SO_Import_Orders.csv`` (the ``sales_orders``
file import: its progress and per-row report are on the File Imports pages), Export the orders of
the list as filtered (the same writer as ``GET /api/v2/sales-orders/export``) and the Template.

Reads go through ``orders.order_csv`` scoped to the account selected in the header; the import
needs *Create … and import sales orders* (``Perm.ORDERS_MANAGE``: ``file_import_start`` checks it).
"""

from __future__ import annotations

from openoms.orders.order_csv import (
    ORDERS_FILE,
    orders_import_start,
    orders_template_csv,
    sales_orders_csv,
)
from openoms.tenancy.models import Account
from openoms.web.sales_order_forms import order_filters
from openoms.web.views.files import csv_file, csv_stream, import_upload
from openoms.web.views.sales_orders import orders_page


@orders_page
def sales_orders_export(request, account: Account):
    """The orders of the list (its filters; a filter that is not valid is left out, as on the
    list) as ``SO_Import_Orders.csv``, one row per line, streamed."""
    filters, _, _ = order_filters(request.GET)
    rows = sales_orders_csv(actor=request.actor, account=account, filters=filters)
    return csv_stream(rows, ORDERS_FILE)


@orders_page
def sales_orders_template(request, account: Account):
    return csv_file(orders_template_csv(), ORDERS_FILE)


sales_orders_import = orders_page(import_upload(orders_import_start, "web:sales_orders"))
