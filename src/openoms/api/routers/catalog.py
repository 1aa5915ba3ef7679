"""Products and their variants (the SKUs that stock and orders use)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.schemas.catalog import (
    ProductIn,
    ProductOut,
    ProductPageOut,
    ProductStatusCode,
    ProductUpdateIn,
    VariantPageOut,
)
from openoms.api.schemas.common import PathId, error_responses
from openoms.api.serializers.catalog import (
    merged_variants,
    product_out,
    variant_list_item_out,
)
from openoms.catalog.selectors import product_get, products_search, variants_search
from openoms.catalog.services.products import product_create, product_update

products_router = Router(tags=["Products"])
variants_router = Router(tags=["Products"])

MAX_SEARCH = 200


class ProductFilters(Schema):
    q: str = Field("", max_length=MAX_SEARCH, description="Part of the name, a SKU or a barcode.")
    status: ProductStatusCode | None = Field(None, description="Only active or only archived.")


class VariantFilters(Schema):
    sku: str | None = Field(None, max_length=MAX_SEARCH, description="Exactly this SKU.")
    q: str = Field("", max_length=MAX_SEARCH, description="Part of the SKU or a name; a barcode.")


@products_router.get(
    "",
    response={200: ProductPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="products_list",
)
def list_products(request: HttpRequest, filters: Query[ProductFilters], params: Query[PageParams]):
    """The account's products by name, with their variants, page by page.

    `q` finds products whose name or one of whose SKUs contains it, or with that exact barcode.
    """
    actor, account = request_tenant(request)
    products = products_search(actor, account, q=filters.q, status=filters.status)
    return paginate(request, products, params, partial(product_out, account=account))


@products_router.post(
    "",
    response={201: ProductOut, **error_responses(401, 403, 409, 413, 422)},
    operation_id="products_create",
)
def create_product(request: HttpRequest, payload: ProductIn):
    """Create a product with one or more variants; answers 201 with the product.

    Every invalid field is reported at once (422), by its path, e.g. `variants.1.sku` for a SKU
    that another product (or another variant of the request) already has.
    """
    actor, account = request_tenant(request)
    data = payload.model_dump(exclude_unset=True)
    product = product_create(
        actor=actor,
        account=account,
        name=data["name"],
        description=data.get("description") or "",
        status=payload.status,
        variants=data["variants"],
    )
    return Status(201, product_out(product, account))


@products_router.get(
    "/{product_id}",
    response={200: ProductOut, **error_responses(401, 403, 404, 422)},
    operation_id="products_get",
)
def get_product(request: HttpRequest, product_id: Annotated[PathId, Path()]):
    """One product with its variants; another account's product is 404 not_found."""
    actor, account = request_tenant(request)
    return product_out(product_get(actor, account, product_id), account)


@products_router.patch(
    "/{product_id}",
    response={200: ProductOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="products_update",
)
def update_product(
    request: HttpRequest, product_id: Annotated[PathId, Path()], payload: ProductUpdateIn
):
    """Change a product: send only what changes.

    In `variants`, an item with the `id` of one of the product's variants edits it (fields left
    out keep their values); an item without `id` adds a variant. Variants are never deleted.
    """
    actor, account = request_tenant(request)
    product = product_get(actor, account, product_id)
    data = payload.model_dump(exclude_unset=True)
    if "variants" in data:
        data["variants"] = merged_variants(product, account, data["variants"])
    return product_out(product_update(actor=actor, product=product, **data), account)


@variants_router.get(
    "",
    response={200: VariantPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="variants_list",
)
def list_variants(request: HttpRequest, filters: Query[VariantFilters], params: Query[PageParams]):
    """The account's variants by SKU, each with its product; `sku=` finds one SKU exactly."""
    actor, account = request_tenant(request)
    variants = variants_search(actor, account, q=filters.q, sku=filters.sku)
    return paginate(request, variants, params, partial(variant_list_item_out, account=account))
