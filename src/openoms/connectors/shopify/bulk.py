"""Bulk queries: read a whole catalog or a whole location's stock in one operation, for the cost
of one mutation (10 points), instead of hundreds of pages.

Use (the catalog side of the connector, for stores over a few thousand variants)::

    reader = BulkReader(connector.client)          # sleep=... to wait on a test clock
    for product in reader.read_tree(documents.BULK_PRODUCTS):
        product.record                             # {"id", "title", ...}
        product.children_of("ProductVariant")      # [BulkNode] with .record {"id", "sku", ...}

    for location in reader.read_tree(documents.bulk_location_levels(location_gid)):
        for level in location.children:            # {"id", "item": {"id", "sku"}, "quantities"}
            ...

``BulkReader.run(query) -> str | None`` starts the operation, polls it until it completed (the
pause grows from ``poll_seconds`` to ``max_poll_seconds``; ``sleep`` is injectable) and returns the
result's URL (None: no data); ``records(url) -> Iterator[dict]`` streams the JSONL lines;
``read(query) -> Iterator[dict]`` does both; ``read_tree(query) -> list[BulkNode]`` nests each
line under its ``__parentId``. A failed, canceled or expired operation, or one still running
after ``timeout_seconds``, is a ``ConnectorError``; so is a query Shopify refuses (its user
errors, e.g. more than five connections).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import httpx

from openoms.connectors.base import ConnectorError
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.client import TIMEOUT, ShopifyClient
from openoms.connectors.shopify.costs import MUTATION, Call

FINISHED_BADLY = ("FAILED", "CANCELED", "CANCELING", "EXPIRED")
DOWNLOAD_ATTEMPTS = 3


def run_query(query: str) -> Call:
    return Call("BulkOperationRunQuery", docs.BULK_OPERATION_RUN_QUERY, {"query": query}, MUTATION)


def status(operation_id: str) -> Call:
    """``node(id:)``: one object, 1 point."""
    return Call("BulkOperationStatus", docs.BULK_OPERATION_STATUS, {"id": operation_id}, 1)


@dataclass
class BulkNode:
    """One JSONL line (``record``, without ``__parentId``) and the lines nested under it."""

    record: dict
    children: list[BulkNode] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The GID's type (``ProductVariant``), "" for a line without an id."""
        value = str(self.record.get("id") or "")
        return value.split("/")[3] if value.startswith("gid://shopify/") else ""

    def children_of(self, kind: str) -> list[BulkNode]:
        return [child for child in self.children if child.kind == kind]


@dataclass
class BulkReader:
    client: ShopifyClient
    sleep: Callable[[float], None] = time.sleep
    poll_seconds: float = 1.0
    max_poll_seconds: float = 10.0
    timeout_seconds: float = 3600.0

    def read(self, query: str) -> Iterator[dict]:
        url = self.run(query)
        return self.records(url) if url else iter(())

    def read_tree(self, query: str) -> list[BulkNode]:
        return nest(self.read(query))

    def run(self, query: str) -> str | None:
        """Start the operation and wait for it; → its result URL (None: no data)."""
        answer = self.client.run(run_query(query))["bulkOperationRunQuery"]
        if answer["userErrors"]:
            raise ConnectorError(
                "Shopify refused the bulk query: "
                + "; ".join(e["message"] for e in answer["userErrors"])
            )
        return self.wait(answer["bulkOperation"]["id"])

    def wait(self, operation_id: str) -> str | None:
        waited, pause = 0.0, self.poll_seconds
        while True:
            operation = self.client.run(status(operation_id))["node"]
            if operation is None:
                raise ConnectorError(f"Shopify has no bulk operation {operation_id}.")
            state = operation["status"]
            if state == "COMPLETED":
                return operation["url"]
            if state in FINISHED_BADLY:
                code = operation.get("errorCode") or "no error code"
                raise ConnectorError(
                    f"Shopify's bulk operation {operation_id} ended {state} ({code})."
                )
            if waited >= self.timeout_seconds:
                raise ConnectorError(
                    f"Shopify's bulk operation {operation_id} is still {state} after "
                    f"{waited:.0f} s; gave up waiting."
                )
            self.sleep(pause)
            waited += pause
            pause = min(self.max_poll_seconds, pause * 2)

    def records(self, url: str) -> Iterator[dict]:
        """The JSONL file's lines, streamed (no access token: the URL is signed); a download
        cut short is started again, skipping the lines already given."""
        given = 0
        for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
            try:
                for index, record in enumerate(_download(self.client.http, url)):
                    if index >= given:
                        given += 1
                        yield record
                return
            except httpx.TransportError as exc:
                if attempt == DOWNLOAD_ATTEMPTS:
                    raise ConnectorError(
                        f"The bulk result could not be downloaded ({exc or type(exc).__name__})."
                    ) from exc
                self.sleep(self.poll_seconds * attempt)


def _download(http: httpx.Client, url: str) -> Iterator[dict]:
    with http.stream("GET", url, timeout=TIMEOUT) as response:
        if response.status_code != 200:
            raise ConnectorError(f"The bulk result answered HTTP {response.status_code}.")
        for line in response.iter_lines():
            if line.strip():
                yield _parse(line)


def _parse(line: str) -> dict:
    try:
        record = json.loads(line)
    except ValueError:
        raise ConnectorError(
            f"The bulk result has a line that is not JSON: {line[:60]!r}."
        ) from None
    if not isinstance(record, dict):
        raise ConnectorError(f"The bulk result has a line that is not an object: {line[:60]!r}.")
    return record


def nest(records: Iterable[dict]) -> list[BulkNode]:
    """Lines -> the root nodes, each line under the line whose ``id`` is its ``__parentId`` (a
    parent's line comes before its children's)."""
    roots: list[BulkNode] = []
    by_id: dict[str, BulkNode] = {}
    for record in records:
        parent_id = record.pop("__parentId", None)
        node = BulkNode(record)
        if record.get("id"):
            by_id[record["id"]] = node
        if parent_id is None:
            roots.append(node)
        elif parent_id in by_id:
            by_id[parent_id].children.append(node)
        else:
            raise ConnectorError(f"The bulk result names a parent it has not listed: {parent_id}.")
    return roots
