"""The purchase order screens' URLs (included by ``web/urls.py``)."""

from __future__ import annotations

from django.urls import path

from openoms.web.views import (
    purchase_orders,
    purchase_orders_detail,
    purchase_orders_files,
    purchase_orders_new,
)

_LIST = "purchase-orders/"
_ORDER = _LIST + "<int:pk>/"

URLS = [
    path(_LIST, purchase_orders.purchase_orders, name="purchase_orders"),
    path(_LIST + "new/", purchase_orders_new.purchase_order_new, name="purchase_order_new"),
    path(
        _LIST + "approve/",
        purchase_orders.purchase_orders_approve,
        name="purchase_orders_approve",
    ),
    path(_LIST + "skus/", purchase_orders.sku_options, name="purchase_order_skus"),
    path(
        _LIST + "import/",
        purchase_orders_files.purchase_orders_import,
        name="purchase_orders_import",
    ),
    path(
        _LIST + "export/",
        purchase_orders_files.purchase_orders_export,
        name="purchase_orders_export",
    ),
    path(
        _LIST + "template/",
        purchase_orders_files.purchase_orders_template,
        name="purchase_orders_template",
    ),
    path(_ORDER, purchase_orders_detail.purchase_order, name="purchase_order"),
    path(
        _ORDER + "approve/",
        purchase_orders_detail.purchase_order_approve_view,
        name="purchase_order_approve",
    ),
    path(
        _ORDER + "send/",
        purchase_orders_detail.purchase_order_send_view,
        name="purchase_order_send",
    ),
    path(
        _ORDER + "cancel/",
        purchase_orders_detail.purchase_order_cancel_view,
        name="purchase_order_cancel",
    ),
    path(
        _ORDER + "lines/",
        purchase_orders_detail.purchase_order_lines_save,
        name="purchase_order_lines",
    ),
]
