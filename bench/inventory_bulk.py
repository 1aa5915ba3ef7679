"""Inventory write throughput on PostgreSQL, with the ledger, against the SQL floor of the same work.

    .venv/bin/python bench/inventory_bulk.py

Uses ``OPENOMS_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/openoms_bench``); a
database whose name contains "bench" is dropped and re-created, any other is only migrated and
gets a fresh account. Measures:

(a) a 10,000-row ``POST /api/v2/inventory/bulk`` through a real gunicorn server (HTTP, JSON, API
    key, service, ledger), every row changing a level; also the service call alone;
(b) a 200,000-row ``IL_Inventory_Levels.csv`` through ``inventory_import_run`` (file on disk to
    committed levels and movements), twice: creating every level, then changing every one. Each
    is compared, in the same run, with the SQL floor of exactly the same effect: the same file
    ``COPY``-ed into a staging table, then one statement that resolves the warehouse codes and
    SKUs and writes the levels (``INSERT … SELECT``, or ``UPDATE … FROM`` for the second file)
    and their ledger rows (``INSERT … SELECT``), in one transaction, against the real tables
    (same constraints, indexes and deferred foreign keys) from the same starting state (a twin
    pair of warehouses holding the same levels). ``ratio_to_sql_floor`` = import rows/s / floor
    rows/s, the lower of the two phases;
(c) the peak RSS of a 1,000,000-row import, run in a child process that reports its own peak.

Prints the figures, then one JSON line.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchkit

DATABASE_URL = benchkit.database_url("openoms_bench")
SKUS = 500_000  # x 2 warehouses = the 1,000,000-row file
BULK_ROWS, IMPORT_ROWS, BIG_IMPORT_ROWS = 10_000, 200_000, 1_000_000
FLOOR_WORK_MEM = "256MB"
GOAL_RATIO, GOAL_PEAK_MB = 0.6, 500  # issue 10


def build_catalog():
    """An organization, an account, physical warehouses (two per measure: A for the API, B and D
    for the import, F and G for the SQL floor, C for the 1,000,000 rows), SKUs via COPY."""
    from django.db import connection, transaction

    from openoms.catalog.models import Product, ProductVariant
    from openoms.inventory.models import AccountWarehouse, Warehouse

    account = benchkit.bench_account()
    for code in ("A1", "A2", "B1", "B2", "F1", "F2", "D1", "D2", "G1", "G2", "C1", "C2"):
        warehouse = Warehouse.objects.create(
            organization=account.organization, code=code, name=code, kind="physical"
        )
        AccountWarehouse.objects.create(account=account, warehouse=warehouse)
    product = Product.objects.create(account=account, name="Bench product")
    columns = "account_id, product_id, sku, name, barcode, created_at, updated_at"
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = f"COPY {ProductVariant._meta.db_table} ({columns}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for i in range(SKUS):
                copy.write_row((account.pk, product.pk, sku(i), "", "", "now", "now"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return account


def sku(i: int) -> str:
    return f"BENCH-SKU-{i:07d}"


def level_rows(count: int, warehouses: tuple[str, str], seed: int) -> list[tuple[str, str, int]]:
    return [(warehouses[i % 2], sku(i // 2), (i * 7 + seed) % 1000) for i in range(count)]


def bench_bulk_http(account) -> dict:
    """(a) the API's bulk endpoint through gunicorn: a creating call, then three updating ones."""
    import httpx

    from openoms.tenancy.actor import Actor
    from openoms.tenancy.services.api_keys import api_key_create

    _, key = api_key_create(actor=Actor.system(), account=account, name="bench")
    port = free_port()
    server = start_server(port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            wait_ready(client)
            timings = []
            for seed in range(4):
                body = {
                    "rows": [
                        {"warehouse": w, "sku": s, "total": t}
                        for w, s, t in level_rows(BULK_ROWS, ("A1", "A2"), seed + 1)
                    ]
                }
                started = time.perf_counter()
                response = client.post(
                    "/api/v2/inventory/bulk", json=body, headers={"X-API-Key": key}
                )
                timings.append(time.perf_counter() - started)
                counts = response.json()["counts"]
                assert response.status_code == 200 and counts["rejected"] == 0, response.text[:300]
    finally:
        server.terminate()
        server.wait(timeout=30)
    updates = sorted(timings[1:])
    return {"create_s": timings[0], "update_s": updates[1], "counts": counts}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "openoms.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "300",
    ]  # fmt: skip
    return subprocess.Popen(command, env=os.environ.copy(), stderr=subprocess.DEVNULL)


def wait_ready(client) -> None:
    for _ in range(100):
        try:
            if client.get("/api/v2/health").status_code == 200:
                return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def bench_bulk_service(account) -> float:
    """(a') the same 10,000 updating rows, calling ``levels_bulk_set`` in this process."""
    from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
    from openoms.tenancy.actor import Actor

    rows = [LevelRow(n, *row) for n, row in enumerate(level_rows(BULK_ROWS, ("A1", "A2"), 9), 1)]
    started = time.perf_counter()
    levels_bulk_set(actor=Actor.system("bench"), account=account, rows=rows)
    return time.perf_counter() - started


def write_csv(path: Path, rows: list[tuple[str, str, int]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Warehouse,SKU,Quantity\r\n")
        out.writelines(f"{w},{s},{t}\r\n" for w, s, t in rows)


# Two rounds, each on fresh warehouses: (the import's, the floor's); the second round runs the
# floor first. Each figure is the faster of its two rounds (the machine may be busy elsewhere).
ROUNDS = ((("B1", "B2"), ("F1", "F2")), (("D1", "D2"), ("G1", "G2")))


def bench_import(account, data_dir: Path) -> dict:
    """(b) 200,000 rows: a first file creating the levels, a second changing every one; each
    imported into one pair of warehouses and applied by the SQL floor to its twin pair (holding
    the same levels before each step). → the best seconds of each (phase, way)."""
    seconds: dict[str, list[float]] = {}
    path = data_dir / "il.csv"
    for round_no, (imported, floor) in enumerate(ROUNDS):
        for phase, seed in (("create", 1), ("update", 2)):
            ways = [("import", imported), ("floor", floor)]
            written = {}
            for way, codes in ways[:: -1 if round_no % 2 else 1]:
                write_csv(path, level_rows(IMPORT_ROWS, codes, seed))
                before = movement_count(codes)
                if way == "import":
                    took = timed_import(account, path)
                else:
                    benchkit.checkpoint()
                    took = sql_floor(account, path, phase)
                seconds.setdefault(f"{phase}_{way}", []).append(took)
                written[way] = movement_count(codes) - before
            assert written["import"] == written["floor"], (phase, written)
        assert twin_levels(imported, floor), "the import and the floor left different levels"
    return {name: min(values) for name, values in seconds.items()}


def timed_import(account, path: Path) -> float:
    from openoms.inventory.imports import IMPORT_KIND, inventory_import_run

    pk = benchkit.stored_import(account, IMPORT_KIND, path)
    benchkit.checkpoint()
    started = time.perf_counter()
    done = inventory_import_run(pk)
    took = time.perf_counter() - started
    assert done.status == "succeeded" and done.rejected_count == 0, done.error
    return took


def floor_statement(phase: str) -> str:
    """The hand-written set-based version of the import: resolve each staged row's warehouse
    (an enabled physical one of the account) and SKU, write the levels, and one ledger row per
    level whose total changes (a created level from 0), as ``inventory_import_run`` does."""
    from openoms.catalog.models import ProductVariant
    from openoms.inventory.models import (
        AccountWarehouse,
        InventoryLevel,
        InventoryMovement,
        Warehouse,
    )

    level, movement = InventoryLevel._meta.db_table, InventoryMovement._meta.db_table
    resolved = f"""
        SELECT w.id AS warehouse_id, v.id AS variant_id, s.quantity
        FROM pg_temp.bench_il_stage AS s
        JOIN {Warehouse._meta.db_table} AS w
            ON w.organization_id = %(organization)s AND w.code = s.warehouse
            AND w.kind = 'physical'
        JOIN {AccountWarehouse._meta.db_table} AS aw
            ON aw.account_id = %(account)s AND aw.warehouse_id = w.id
        JOIN {ProductVariant._meta.db_table} AS v
            ON v.account_id = %(account)s AND v.sku = s.sku"""
    if phase == "create":
        written = f"""
        INSERT INTO {level} (account_id, warehouse_id, variant_id, total, allocated, on_hold,
            incoming, updated_at)
        SELECT %(account)s, r.warehouse_id, r.variant_id, r.quantity, 0, 0, 0, %(now)s
        FROM ({resolved}) AS r
        RETURNING id, total AS change, total AS resulting"""
    else:
        written = f"""
        UPDATE {level} AS l SET total = r.quantity, updated_at = %(now)s
        FROM ({resolved}) AS r, {level} AS old
        WHERE l.warehouse_id = r.warehouse_id AND l.variant_id = r.variant_id
            AND old.id = l.id AND old.total <> r.quantity
        RETURNING l.id, l.total - old.total AS change, l.total AS resulting"""
    return f"""
        WITH written AS ({written})
        INSERT INTO {movement} (account_id, level_id, quantity, change, resulting, trigger,
            reference, reason, actor_id, actor_label, created_at)
        SELECT %(account)s, id, 'total', change, resulting, 'import_inventory_level',
            'sql floor', '', NULL, 'bench', %(now)s
        FROM written WHERE change <> 0"""


def sql_floor(account, path: Path, phase: str) -> float:
    """``COPY`` the file into a staging table and apply it with ``floor_statement``, in one
    transaction; → seconds to commit."""
    from django.db import connection, transaction
    from django.utils import timezone

    params = {
        "organization": account.organization_id,
        "account": account.pk,
        "now": timezone.now(),
    }
    statement = floor_statement(phase)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{FLOOR_WORK_MEM}'")  # its joins and sorts in memory
        cursor.execute("SET LOCAL jit = off")  # as the import's statements
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_il_stage "
            "(warehouse text, sku text, quantity bigint) ON COMMIT DROP"
        )
        copy_sql = "COPY pg_temp.bench_il_stage FROM STDIN (FORMAT csv, HEADER true)"
        with cursor.cursor.copy(copy_sql) as copy, path.open("rb") as source:
            while block := source.read(1 << 16):
                copy.write(block)
        cursor.execute(statement, params)
    return time.perf_counter() - started


def movement_count(codes: tuple[str, str]) -> int:
    from openoms.inventory.models import InventoryMovement

    return InventoryMovement.objects.filter(level__warehouse__code__in=codes).count()


def twin_levels(imported: tuple[str, str], floor: tuple[str, str]) -> bool:
    """Whether the import's warehouses and the floor's hold the same totals, SKU by SKU."""
    from openoms.inventory.models import InventoryLevel

    def totals(codes):
        rows = InventoryLevel.objects.filter(warehouse__code__in=codes)
        return {
            (codes.index(code), sku, total)
            for code, sku, total in rows.values_list("warehouse__code", "variant__sku", "total")
        }

    return totals(imported) == totals(floor)


def bench_big_import(account, data_dir: Path) -> dict:
    """(c) 1,000,000 rows imported by a child process, which reports its own peak RSS."""
    from openoms.inventory.imports import IMPORT_KIND

    path = data_dir / "il_1m.csv"
    write_csv(path, level_rows(BIG_IMPORT_ROWS, ("C1", "C2"), 3))
    pk = benchkit.stored_import(account, IMPORT_KIND, path)
    path.unlink()  # the stored copy under uploads/ is what the import reads
    return benchkit.run_child(__file__, "--child-import", str(pk))


def child_import(file_import_id: int) -> None:
    from openoms.inventory.imports import inventory_import_run

    started = time.perf_counter()
    done = inventory_import_run(file_import_id)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert done.status == "succeeded" and done.rows_processed == BIG_IMPORT_ROWS, done.error
    print(json.dumps({"seconds": elapsed, "peak_rss_mb": peak_kb / 1024}))


def report_bulk(bulk: dict, service_s: float) -> float:
    rate = BULK_ROWS / bulk["update_s"]
    print(f"(a) POST /api/v2/inventory/bulk, {BULK_ROWS:,} rows through gunicorn:")
    print(
        f"    creating the levels {BULK_ROWS / bulk['create_s']:,.0f} rows/s; "
        f"changing every level {rate:,.0f} rows/s (median of 3); {bulk['counts']}"
    )
    print(f"    levels_bulk_set alone (no HTTP): {BULK_ROWS / service_s:,.0f} rows/s")
    return rate


def report_import(imported: dict) -> dict:
    print(f"(b) IL_Inventory_Levels.csv, {IMPORT_ROWS:,} rows through inventory_import_run:")
    ratios = {}
    for phase, label in (("create", "creating the levels"), ("update", "changing every level")):
        rate = IMPORT_ROWS / imported[f"{phase}_import"]
        floor = IMPORT_ROWS / imported[f"{phase}_floor"]
        ratios[phase] = rate / floor
        print(
            f"    {label}: {rate:,.0f} rows/s; SQL floor (COPY + one set-based statement) "
            f"{floor:,.0f} rows/s; ratio {ratios[phase]:.3f}"
        )
    phase = min(ratios, key=ratios.get)
    return {
        "rate": IMPORT_ROWS / imported[f"{phase}_import"],
        "floor": IMPORT_ROWS / imported[f"{phase}_floor"],
        "ratio": ratios[phase],
        "ratios": ratios,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child-import":
        benchkit.configure_environment(DATABASE_URL, os.environ["OPENOMS_DATA_DIR"])
        child_import(int(sys.argv[2]))
        return
    data_dir = Path(tempfile.mkdtemp(prefix="openoms-bench-"))
    benchkit.fresh_database(DATABASE_URL)
    benchkit.configure_environment(DATABASE_URL, str(data_dir))
    started = time.perf_counter()
    account = build_catalog()
    print(f"setup: {SKUS:,} SKUs, 12 warehouses in {time.perf_counter() - started:.1f} s")
    bulk_rate = report_bulk(bench_bulk_http(account), bench_bulk_service(account))
    imported = report_import(bench_import(account, data_dir))
    big = bench_big_import(account, data_dir)
    print(
        f"(c) {BIG_IMPORT_ROWS:,}-row import in a child process: "
        f"{BIG_IMPORT_ROWS / big['seconds']:,.0f} rows/s, peak RSS {big['peak_rss_mb']:.0f} MB"
    )
    met = imported["ratio"] >= GOAL_RATIO and big["peak_rss_mb"] < GOAL_PEAK_MB
    print(
        f"goal ratio_to_sql_floor >= {GOAL_RATIO} and 1,000,000 rows under {GOAL_PEAK_MB} MB: "
        f"{'met' if met else 'MISSED'}"
    )
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s")
    print(
        json.dumps(
            {
                "bulk_rows_per_s": round(bulk_rate),
                "import_rows_per_s": round(imported["rate"]),
                "sql_floor_rows_per_s": round(imported["floor"]),
                "ratio_to_sql_floor": round(imported["ratio"], 3),
                "create_ratio_to_sql_floor": round(imported["ratios"]["create"], 3),
                "update_ratio_to_sql_floor": round(imported["ratios"]["update"], 3),
                "import_1m_rows_per_s": round(BIG_IMPORT_ROWS / big["seconds"]),
                "import_1m_peak_rss_mb": round(big["peak_rss_mb"]),
                "load_average": round(os.getloadavg()[0], 1),  # other work skews it all
            }
        )
    )


if __name__ == "__main__":
    main()
