"""The baseline of ``order_ingest.py`` and its checks: the same orders written by hand-written
SQL (``sql_floor``), what became of the delivered orders (``outcome``), the ledger and Available
(``stock_checks``), and the in-process path through the same webhook view and inbox processing
with its query counts (``in_process``: the smoke test's mode). Django is set up by the caller."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from order_ingest_setup import WAREHOUSE, World, delivery_path, signed
from order_ingest_stages import exclusive, stage_timer


def _insert(model, rows: list[dict], returning: bool = True) -> list[int]:
    """One multi-row ``INSERT`` of ``rows`` into ``model``'s table (its defaults filled in as
    Django would); → the new ids."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    params, groups = [], []
    for row in rows:
        for f in fields:
            if f.attname in row:
                value = row[f.attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()  # "" for a text field without one, else None
            params.append(f.get_db_prep_save(value, connection))
        groups.append("(" + ", ".join(["%s"] * len(fields)) + ")")
    columns = ", ".join(f'"{f.column}"' for f in fields)
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES {', '.join(groups)}"
    with connection.cursor() as cursor:
        cursor.execute(sql + (" RETURNING id" if returning else ""), params)
        return [row[0] for row in cursor.fetchall()] if returning else []


@dataclass(frozen=True)
class Floor:
    """Where the floor writes: the bench's account, channel and warehouse, and the suffix that
    keeps its order numbers apart from the imported ones."""

    account: object
    channel: object
    warehouse: object
    suffix: str


def sql_floor(world: World, bodies: list[dict], suffix: str = "-SQL") -> float:
    """Each order written by hand, one transaction each, as the import writes it: its channel
    SKUs resolved and their levels locked in one statement, the order (Fulfilling), its lines,
    Allocated raised, one ledger row per level, the shipment and its lines (8 statements);
    → orders/s."""
    from openoms.inventory.models import Warehouse

    warehouse = Warehouse.objects.get(organization=world.account.organization, code=WAREHOUSE)
    floor = Floor(world.account, world.channel, warehouse, suffix)
    started = time.perf_counter()
    for body in bodies:
        with transaction.atomic(), connection.cursor() as cursor:
            _floor_order(cursor, floor, body)
    return len(bodies) / (time.perf_counter() - started)


def _floor_order(cursor, floor: Floor, body: dict) -> None:
    """One order, its allocation and its shipment, in the caller's transaction."""
    from openoms.orders.models import SalesOrder, SalesOrderLine

    items = body["line_items"]
    found = _levels_locked(cursor, floor, items)
    number = body["name"].lstrip("#") + floor.suffix
    (order_id,) = _insert(SalesOrder, [_order_row(floor, body, number)])
    line_ids = _insert(
        SalesOrderLine,
        [
            {
                "order_id": order_id,
                "line_number": n,
                "variant_id": found[i["sku"]][1],
                "sku": i["sku"],
                "channel_sku": i["sku"],
                "external_ref": i["admin_graphql_api_id"],
                "quantity": i["quantity"],
                "price": i["price"],
            }
            for n, i in enumerate(items, 1)
        ],
    )
    _allocated(cursor, floor, number, [found[i["sku"]][0] for i in items], items)
    _shipment(floor, order_id, number, line_ids, [found[i["sku"]][1] for i in items], items)


def _levels_locked(cursor, floor: Floor, items: list[dict]) -> dict[str, tuple]:
    """Channel SKU → (level id, variant id, Available), the levels locked (1 statement)."""
    from openoms.channels.models import SkuMapping
    from openoms.inventory.models import InventoryLevel

    cursor.execute(
        f"SELECT m.channel_sku, l.id, l.variant_id, l.total - l.allocated - l.on_hold "
        f"FROM {SkuMapping._meta.db_table} m JOIN {InventoryLevel._meta.db_table} l "
        f"ON l.variant_id = m.variant_id AND l.warehouse_id = %s "
        f"WHERE m.channel_id = %s AND m.channel_sku = ANY(%s) ORDER BY l.id FOR UPDATE OF l",
        [floor.warehouse.pk, floor.channel.pk, [i["sku"] for i in items]],
    )
    found = {sku: (level, variant, free) for sku, level, variant, free in cursor.fetchall()}
    assert all(found[i["sku"]][2] >= i["quantity"] for i in items)
    return found


def _order_row(floor: Floor, body: dict, number: str) -> dict:
    return {
        "account_id": floor.account.pk,
        "order_number": number,
        "order_date": body["created_at"],
        "status": "fulfilling",
        "source": "channel",
        "channel_id": floor.channel.pk,
        "external_ref": body["admin_graphql_api_id"] + floor.suffix,
        "customer_name": body["shipping_address"]["name"],
        "email": body["email"],
        "ship_to": body["shipping_address"],
        "bill_to": body["billing_address"],
        "carrier_code": "UPS",
        "service_code": "GROUND",
        "currency": "USD",
        "total": body["total_price"],
    }


def _allocated(cursor, floor: Floor, number: str, levels: list[int], items: list[dict]) -> None:
    """Allocated raised on each level (1 statement) and its ledger rows (1 statement)."""
    from openoms.inventory.models import InventoryLevel, InventoryMovement

    cursor.execute(
        f"UPDATE {InventoryLevel._meta.db_table} l SET allocated = l.allocated + d.q, "
        f"updated_at = now() FROM unnest(%s::bigint[], %s::bigint[]) AS d(id, q) "
        f"WHERE l.id = d.id RETURNING l.id, l.allocated",
        [levels, [i["quantity"] for i in items]],
    )
    resulting = dict(cursor.fetchall())
    _insert(
        InventoryMovement,
        [
            {
                "account_id": floor.account.pk,
                "level_id": level,
                "quantity": "allocated",
                "change": i["quantity"],
                "resulting": resulting[level],
                "trigger": "allocate_order",
                "reference": f"Order {number}",
                "actor_label": "bench",
            }
            for level, i in zip(levels, items, strict=True)
        ],
        returning=False,
    )


def _shipment(floor: Floor, order_id: int, number: str, line_ids, variants, items) -> None:
    """The order's shipment and its lines (2 statements)."""
    from openoms.orders.models import Shipment, ShipmentLine

    shipment = {
        "account_id": floor.account.pk,
        "order_id": order_id,
        "number": f"{number}-1",
        "warehouse_id": floor.warehouse.pk,
        "carrier_code": "UPS",
        "service_code": "GROUND",
    }
    (shipment_id,) = _insert(Shipment, [shipment])
    _insert(
        ShipmentLine,
        [
            {"shipment_id": shipment_id, "order_line_id": line, "variant_id": v, "quantity": q}
            for line, v, q in zip(line_ids, variants, [i["quantity"] for i in items], strict=True)
        ],
        returning=False,
    )


def outcome(world: World, bodies: list[dict]) -> dict:
    """What became of the delivered orders: lost (no order), duplicated (more than one), with
    the wrong number of lines, not allocated (not Fulfilling)."""
    from openoms.orders.models import SalesOrder

    refs = {b["admin_graphql_api_id"]: len(b["line_items"]) for b in bodies}
    rows = (
        SalesOrder.objects.filter(channel__in=world.channels, external_ref__in=list(refs))
        .values("external_ref", "status")
        .annotate(lines=Count("lines"))
    )
    seen: dict[str, int] = {}
    wrong_lines = not_allocated = 0
    for row in rows:
        seen[row["external_ref"]] = seen.get(row["external_ref"], 0) + 1
        wrong_lines += row["lines"] != refs[row["external_ref"]]
        not_allocated += row["status"] != "fulfilling"
    return {
        "orders": len(refs),
        "lost": sum(1 for ref in refs if ref not in seen),
        "duplicated": sum(n - 1 for n in seen.values()),
        "wrong_lines": wrong_lines,
        "not_allocated": not_allocated,
    }


def stock_checks(world: World) -> dict:
    """The ledger adds up (``ledger_mismatches``), no level's Available is below zero (now, and
    after any Allocated movement: Allocated never passed Total)."""
    from openoms.inventory.models import InventoryLevel, InventoryMovement
    from openoms.inventory.services.ledger import ledger_mismatches

    levels = InventoryLevel.objects.filter(account=world.account)
    negative = sum(1 for level in levels if level.total - level.allocated - level.on_hold < 0)
    over = InventoryMovement.objects.filter(
        account=world.account, quantity="allocated", resulting__gt=STOCK_BOUND
    ).count()
    return {
        "ledger_mismatches": len(ledger_mismatches(account=world.account)),
        "negative_available": negative + over,
    }


REPLAYS = 3  # deliveries sent twice (the same webhook id): answered "duplicate"
STOCK_BOUND = 1_000_000  # every level's Total (order_ingest_setup.STOCK): never changed here


def in_process(world: World, bodies: list[dict], client) -> dict:
    """The path without gunicorn or workers: each body POSTed to the webhook view through
    Django's test ``client``, then the queued Import Orders runs executed here as a worker
    would; → seconds of each stage and statements per delivery and per order."""
    from django.test.utils import CaptureQueriesContext

    from openoms.automation.job_types import JobType
    from openoms.automation.models import JobRun, RunStatus
    from openoms.automation.services.runs import run_execute

    path = delivery_path(world.channel.pk)
    deliveries = [signed(body) for body in bodies]

    def post(raw: bytes, headers: dict) -> str:
        response = client.post(path, data=raw, content_type="application/json", headers=headers)
        assert response.status_code == 200, response.content[:300]
        return response.json()["result"]

    connection.queries_log = deque(maxlen=1_000_000)  # not the last 9,000 only
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as received:
        stored = [post(raw, headers) for raw, headers in deliveries]
    receive_s = time.perf_counter() - started
    # counted now: ``captured_queries`` slices the log when read, and the next request clears it
    received_count = len(received.captured_queries)
    replays = [post(raw, headers) for raw, headers in deliveries[:REPLAYS]]
    started = time.perf_counter()
    runs = 0
    with CaptureQueriesContext(connection) as imported, stage_timer() as stages:
        for _ in range(20):
            queued = JobRun.objects.filter(
                account=world.account, job_type=JobType.IMPORT_ORDERS, status=RunStatus.QUEUED
            ).values_list("pk", flat=True)
            if not (ids := list(queued)):
                break
            for pk in ids:
                run_execute(pk)
                runs += 1
    import_s = time.perf_counter() - started
    imported_count = len(imported.captured_queries)
    count = max(len(bodies), 1)
    return {
        "deliveries": len(bodies),
        "stored": stored.count("stored"),
        "replays_refused": replays.count("duplicate"),
        "receive_s": receive_s,
        "import_s": import_s,
        "import_runs": runs,
        "queries_per_delivery": round(received_count / count, 1),
        "queries_per_order": round(imported_count / count, 1),
        "stage_ms_per_order": {
            stage: round(1000 * took / count, 2) for stage, took in exclusive(stages).items()
        },
    }
