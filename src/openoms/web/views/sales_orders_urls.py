"""The sales order screens' URLs (included by ``web/urls.py``)."""

from __future__ import annotations

from django.urls import path

from openoms.web.views import (
    sales_orders,
    sales_orders_detail,
    sales_orders_files,
    sales_orders_new,
)

_ORDER = "sales-orders/<int:pk>/"
_SHIPMENT = _ORDER + "shipments/<int:shipment>/"

URLS = [
    path("sales-orders/", sales_orders.sales_orders, name="sales_orders"),
    path("sales-orders/new/", sales_orders_new.sales_order_new, name="sales_order_new"),
    path(
        "sales-orders/allocate/", sales_orders.sales_orders_allocate, name="sales_orders_allocate"
    ),
    path("sales-orders/skus/", sales_orders.sku_options, name="sales_order_skus"),
    path(
        "sales-orders/import/",
        sales_orders_files.sales_orders_import,
        name="sales_orders_import",
    ),
    path(
        "sales-orders/export/",
        sales_orders_files.sales_orders_export,
        name="sales_orders_export",
    ),
    path(
        "sales-orders/template/",
        sales_orders_files.sales_orders_template,
        name="sales_orders_template",
    ),
    path(_ORDER, sales_orders_detail.sales_order, name="sales_order"),
    path(
        _ORDER + "approve/",
        sales_orders_detail.sales_order_approve_view,
        name="sales_order_approve",
    ),
    path(
        _ORDER + "allocate/",
        sales_orders_detail.sales_order_allocate_view,
        name="sales_order_allocate",
    ),
    path(
        _ORDER + "cancel/", sales_orders_detail.sales_order_cancel_view, name="sales_order_cancel"
    ),
    path(
        _SHIPMENT + "cancel/",
        sales_orders_detail.shipment_cancel_view,
        name="sales_order_shipment_cancel",
    ),
    path(
        _SHIPMENT + "ship/",
        sales_orders_detail.shipment_ship_view,
        name="sales_order_shipment_ship",
    ),
]
