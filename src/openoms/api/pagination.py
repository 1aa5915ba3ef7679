"""Page-number pagination for list endpoints: ``?page=1&page_size=50``.

Every list answers ``{"items": [...], "count", "page", "page_size", "next", "previous"}`` where
``next``/``previous`` are full URLs (other query parameters kept) or null. A page past the last
one is 404 ``not_found``; page 1 of an empty list is an empty page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import BaseModel, Field, create_model

from openoms.core.errors import NotFound

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000_000


class PageParams(Schema):
    """Which page to return (use with ``Query[PageParams]``)."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Page number, 1 to {MAX_PAGE:,}.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, 1 to {MAX_PAGE_SIZE}.",
    )


def page_schema(item_schema: type[BaseModel], name: str) -> Any:
    """The response shape of a page of ``item_schema`` items, named ``name`` in OpenAPI."""
    return create_model(
        name,
        __doc__=f"One page of {item_schema.__name__} items, with links to its neighbours.",
        items=(list[item_schema], ...),
        count=(int, Field(description="How many items there are on all pages.")),
        page=(int, ...),
        page_size=(int, ...),
        next=(str | None, Field(description="URL of the next page, or null on the last.")),
        previous=(str | None, Field(description="URL of the previous page, or null on the first.")),
    )


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    params: PageParams,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """The page of ``queryset`` that ``params`` asks for, each row passed through ``serialize``."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    if start >= count and params.page > 1:
        last = max(1, -(-count // params.page_size))
        raise NotFound(f"Page {params.page} does not exist; the last page is {last}.")
    rows = queryset[start : start + params.page_size]
    has_next = start + params.page_size < count
    return {
        "items": [serialize(row) for row in rows],
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": _page_url(request, params.page + 1) if has_next else None,
        "previous": _page_url(request, params.page - 1) if params.page > 1 else None,
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
