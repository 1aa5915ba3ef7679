"""Bulk queries: ``bulkOperationRunQuery`` runs a query over the whole shop (connections unpaged)
and serves the result as JSONL at ``GET /_bulk/<id>.jsonl``: one line per connection node, nested
connection nodes on their own lines with ``__parentId`` (shopify.dev, "Perform bulk operations").

Shopify's rules for the inner query: at least one connection, at most five, nested at most two
levels, no top-level ``node``/``nodes``; a query that breaks one (or fails to parse or validate)
is a user error ``INVALID`` on ``["query"]``. Up to five query operations run at once per app
(2026-01); a sixth is ``OPERATION_IN_PROGRESS``. The operation answers ``CREATED`` from the
mutation, ``RUNNING`` until ``bulk_delay_seconds`` (config) passed on the emulator's clock, then
``COMPLETED``. Only the mutation's own cost (10) is charged."""

from __future__ import annotations

import json

from graphql import execute

from .bulk_query import BulkQueryError, flatten, prepare
from .graph import Context, field_resolver, resolves, type_resolver
from .queries import find
from .records import BulkOperation

MAX_RUNNING = 5
BULK_PATH = "/_bulk/{id}.jsonl"


def _user_error(code: str, message: str) -> dict:
    return {"code": code, "field": ["query"], "message": message}


# -- resolvers ---------------------------------------------------------------------------------------
def _running(store, token: str | None, now: float) -> int:
    return sum(
        1
        for op in store.bulk_operations.values()
        if op.token == token and op.status(now) in ("CREATED", "RUNNING")
    )


@resolves("Mutation", "bulkOperationRunQuery")
def run_query(_, info, args):
    context: Context = info.context
    emulator, store = context.emulator, context.store
    try:
        document, shape = prepare(info.schema, args["query"])
    except BulkQueryError as error:
        return {"bulkOperation": None, "userErrors": [_user_error("INVALID", str(error))]}
    now = emulator.clock.now()
    owner = emulator.owner(context.token)
    if _running(store, owner, now) >= MAX_RUNNING:
        message = f"A bulk query operation for this app and shop is already in progress ({MAX_RUNNING} at most)."
        return {
            "bulkOperation": None,
            "userErrors": [_user_error("OPERATION_IN_PROGRESS", message)],
        }
    inner = Context(store, context.idempotency, emulator, context.token, bulk=True)
    result = execute(
        info.schema,
        document,
        context_value=inner,
        field_resolver=field_resolver,
        type_resolver=type_resolver,
    )
    operation = BulkOperation(
        id=store.next_id(),
        query=args["query"],
        token=owner,
        ready_at=now + emulator.settings.bulk_delay_seconds,
        created_at=emulator.now_iso(),
    )
    if result.errors:
        operation.error_code = "INTERNAL_SERVER_ERROR"
    else:
        records = flatten(result.data or {}, shape)
        operation.lines = [json.dumps(r, separators=(",", ":")) for r in records]
        operation.root_object_count = sum(1 for r in records if "__parentId" not in r)
    store.bulk_operations[operation.id] = operation
    return {"bulkOperation": _Created(operation), "userErrors": []}


class _Created:
    """The mutation's view of a new operation: Shopify answers CREATED there."""

    TYPENAME = "BulkOperation"

    def __init__(self, operation: BulkOperation) -> None:
        self.operation = operation


def _operation(source) -> BulkOperation:
    return source.operation if isinstance(source, _Created) else source


def _completed(source, info) -> bool:
    return not isinstance(source, _Created) and _status(source, info) == "COMPLETED"


def _status(source, info) -> str:
    if isinstance(source, _Created):
        return "CREATED"
    return source.status(info.context.emulator.clock.now())


@resolves("BulkOperation", "id")
def bulk_id(source, info, args):
    return _operation(source).gid


@resolves("BulkOperation", "status")
def bulk_status(source, info, args):
    return _status(source, info)


@resolves("BulkOperation", "errorCode")
def bulk_error_code(source, info, args):
    return _operation(source).error_code


@resolves("BulkOperation", "objectCount", "rootObjectCount", "fileSize")
def bulk_counts(source, info, args):
    operation = _operation(source)
    if not _completed(source, info):
        return None if info.field_name == "fileSize" else "0"
    if info.field_name == "fileSize":
        return str(len(operation.body()))
    count = (
        operation.root_object_count
        if info.field_name == "rootObjectCount"
        else len(operation.lines)
    )
    return str(count)


@resolves("BulkOperation", "url")
def bulk_url(source, info, args):
    operation = _operation(source)
    if not _completed(source, info) or not operation.lines:
        return None  # Shopify: no URL for an operation that returned no data
    return info.context.emulator.base_url + BULK_PATH.format(id=operation.id)


@resolves("BulkOperation", "partialDataUrl")
def bulk_partial_url(source, info, args):
    return None


@resolves("BulkOperation", "completedAt")
def bulk_completed_at(source, info, args):
    operation = _operation(source)
    if not _completed(source, info):
        return None
    if operation.completed_at is None:
        operation.completed_at = info.context.emulator.now_iso()
    return operation.completed_at


@resolves("BulkOperation", "query", "type", "createdAt")
def bulk_plain(source, info, args):
    operation = _operation(source)
    return {"query": operation.query, "type": operation.type, "createdAt": operation.created_at}[
        info.field_name
    ]


@resolves("QueryRoot", "currentBulkOperation")
def current_bulk_operation(_, info, args):
    context = info.context
    wanted = args.get("type") or "QUERY"
    mine = [
        op
        for op in context.store.bulk_operations.values()
        if op.token == context.emulator.owner(context.token) and op.type == wanted
    ]
    return max(mine, key=lambda op: op.id, default=None)


@resolves("Mutation", "bulkOperationCancel")
def cancel(_, info, args):
    operation = find(info.context.store, args["id"], "BulkOperation")
    if operation is None:
        return {
            "bulkOperation": None,
            "userErrors": [{"field": ["id"], "message": "Bulk operation does not exist"}],
        }
    if operation.status(info.context.emulator.clock.now()) != "RUNNING":
        message = f"A bulk operation cannot be canceled when it is {operation.status(info.context.emulator.clock.now()).lower()}"
        return {"bulkOperation": operation, "userErrors": [{"field": ["id"], "message": message}]}
    operation.canceled = True
    return {"bulkOperation": operation, "userErrors": []}


def jsonl(store, number: int) -> bytes | None:
    """The result file of a completed operation (``GET /_bulk/<id>.jsonl``), else None."""
    operation = store.bulk_operations.get(number)
    return operation.body() if operation is not None and operation.lines else None
