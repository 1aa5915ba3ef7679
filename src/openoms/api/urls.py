"""API v2, mounted at /api/v2/ by the root URLconf: routers, authentication, errors, docs."""

from __future__ import annotations

from ninja.openapi.docs import Swagger

from openoms.api.application import DESCRIPTION, OpenOmsApi
from openoms.api.auth import ApiKeyAuth
from openoms.api.errors import register_error_handlers
from openoms.api.parser import JsonParser
from openoms.api.routers import (
    account,
    carrier_mappings,
    carriers,
    catalog,
    channel_sync,
    channels,
    events,
    health,
    imports,
    inventory,
    jobs,
    outbox,
    purchase_orders,
    sales_orders,
    sku_mappings,
    warehouses,
    webhooks,
)

api = OpenOmsApi(
    title="OpenOMS API",
    version="2",
    description=DESCRIPTION,
    urls_namespace="api-v2",
    auth=ApiKeyAuth(),
    parser=JsonParser(),
    # Served from /static/ninja/ (no CDN: machines may be offline); no online spec validator.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
)
register_error_handlers(api)
api.add_router("/account", account.router)
api.add_router("/health", health.router)
api.add_router("/products", imports.products_router)  # before /products/{product_id}
api.add_router("/products", catalog.products_router)
api.add_router("/variants", catalog.variants_router)
api.add_router("/warehouses", warehouses.router)
api.add_router("/carriers", carriers.router)
api.add_router("/inventory", inventory.router)
api.add_router("/inventory", imports.inventory_router)
api.add_router("/imports", imports.router)
api.add_router("/channels", channels.router)
api.add_router("/channels", sku_mappings.router)
api.add_router("/channels", carrier_mappings.router)
api.add_router("/channels", channel_sync.router)
api.add_router("/channels", webhooks.router)
api.add_router("/channels", outbox.router)
api.add_router("/jobs", jobs.router)
api.add_router("/job-runs", jobs.runs_router)
api.add_router("/events", events.router)
api.add_router("", sales_orders.router)  # /sales-orders and /shipments
api.add_router("/purchase-orders", purchase_orders.router)
