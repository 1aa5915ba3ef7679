"""Execution plumbing: a resolver registry keyed by (type, field), a default resolver over the
store's records, cursor pagination and Shopify's search syntax (the few filters used)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from graphql import GraphQLError, GraphQLResolveInfo, get_named_type, get_nullable_type
from graphql.type import GraphQLList

from .idempotency import IdempotencyStore
from .store import Store

Resolver = Callable[[object, GraphQLResolveInfo, dict], object]
RESOLVERS: dict[tuple[str, str], Resolver] = {}
MAX_PAGE_SIZE = 250


@dataclass
class Context:
    store: Store
    idempotency: IdempotencyStore
    emulator: object = None  # the ShopifyEmulator (clock, settings, webhooks, bulk operations)
    token: str | None = None  # the access token of the request
    bulk: bool = False  # a bulk query: connections answer every item, unpaged


def resolves(type_name: str, *field_names: str) -> Callable[[Resolver], Resolver]:
    def register(function: Resolver) -> Resolver:
        for field_name in field_names:
            RESOLVERS[(type_name, field_name)] = function
        return function

    return register


@lru_cache(maxsize=4096)
def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def field_resolver(source, info: GraphQLResolveInfo, **args):
    resolver = RESOLVERS.get((info.parent_type.name, info.field_name))
    if resolver is not None:
        if getattr(info.context, "bulk", False) and _is_connection(info):
            args = {**_without_paging(args), UNPAGED: True}
        return resolver(source, info, args)
    if isinstance(source, dict):
        value = source.get(info.field_name)
    elif info.field_name == "id" and hasattr(source, "gid"):
        value = source.gid
    elif info.field_name == "legacyResourceId":
        value = getattr(source, "id", None)
    else:
        value = getattr(source, snake(info.field_name), None)
    return _empty_for(info) if value is None else value


UNPAGED = "_unpaged"  # an internal argument: bulk queries read whole connections
PAGING_ARGUMENTS = ("first", "last", "after", "before")


def _is_connection(info: GraphQLResolveInfo) -> bool:
    return get_named_type(info.return_type).name.endswith("Connection")


def _without_paging(args: dict) -> dict:
    return {key: value for key, value in args.items() if key not in PAGING_ARGUMENTS}


def _empty_for(info: GraphQLResolveInfo):
    """Unemulated non-null lists and connections answer empty rather than failing."""
    nullable = get_nullable_type(info.return_type)
    if nullable is not info.return_type:
        if isinstance(nullable, GraphQLList):
            return []
        if get_named_type(nullable).name.endswith("Connection"):
            return paginate([], {"first": 0})
    return None


def type_resolver(value, info, abstract_type):
    if isinstance(value, dict):
        return value.get("__typename")
    return getattr(value, "TYPENAME", None)


def encode_cursor(record_id: int) -> str:
    return base64.b64encode(json.dumps({"last_id": record_id}).encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        return int(json.loads(base64.b64decode(cursor, validate=True))["last_id"])
    except (ValueError, KeyError, TypeError) as error:
        raise GraphQLError("Invalid cursor for current pagination sort.") from error


def first_items(items: Sequence, args: dict) -> Sequence:
    """A plain list field (not a connection) with a ``first`` argument: that many, or all."""
    first = args.get("first")
    return items[:first] if first is not None else items


def paginate(records: Sequence, args: dict) -> dict:
    if args.get(UNPAGED):
        args = {**args, "first": len(records)}
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError("you must provide one of first or last")
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE and not args.get(UNPAGED):
            raise GraphQLError(f"The '{name}' argument must be between 0 and {MAX_PAGE_SIZE}.")
    records = list(reversed(records)) if args.get("reverse") else list(records)
    ids = [record.id for record in records]
    start, end = 0, len(records)
    if args.get("after"):
        after = decode_cursor(args["after"])
        start = ids.index(after) + 1 if after in ids else len(ids)
    if args.get("before"):
        before = decode_cursor(args["before"])
        end = ids.index(before) if before in ids else end
    window = records[start:end]
    has_next, has_previous = end < len(records), start > 0
    if first is not None:
        has_next = has_next or len(window) > first
        window = window[:first]
    if last is not None:
        has_previous = has_previous or len(window) > last
        window = window[len(window) - last :] if last else []
    edges = [{"cursor": encode_cursor(r.id), "node": r} for r in window]
    return {
        "edges": edges,
        "nodes": window,
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_previous,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


_TERM = re.compile(r'(\w+):(?:"([^"]*)"|(\S+))')


def search_terms(query: str | None) -> list[tuple[str, str]]:
    """``sku:ABC handle:"x y"`` -> [("sku", "ABC"), ("handle", "x y")]; free text is ignored."""
    return [(m.group(1), m.group(2) or m.group(3)) for m in _TERM.finditer(query or "")]


def matches(terms: list[tuple[str, str]], getters: dict[str, Callable[[], object]]) -> bool:
    """Every known term equal (``*`` suffix: prefix match; ids compared by number)."""
    for name, wanted in terms:
        getter = getters.get(name)
        if getter is None:
            continue
        value = "" if getter() is None else str(getter())
        wanted = wanted.rsplit("/", 1)[-1] if name.endswith("id") else wanted
        if wanted.endswith("*") and value.startswith(wanted[:-1]):
            continue
        if value != wanted:
            return False
    return True
