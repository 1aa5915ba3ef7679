"""Inventory write throughput on PostgreSQL, with the ledger, against a raw COPY baseline.

    .venv/bin/python bench/inventory_bulk.py

Uses ``OPENOMS_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/openoms_bench``); a
database whose name contains "bench" is dropped and re-created, any other is only migrated and
gets a fresh account. Measures:

(a) a 10,000-row ``POST /api/v2/inventory/bulk`` through a real gunicorn server (HTTP, JSON, API
    key, service, ledger), every row changing a level; also the service call alone;
(b) a 200,000-row ``IL_Inventory_Levels.csv`` through ``inventory_import_run`` (file on disk to
    committed levels and movements), and its ratio to a raw ``COPY`` of the same rows into a
    scratch table, measured in the same run;
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


def build_catalog():
    """An organization, an account, physical warehouses (two per phase), SKUs via COPY."""
    from django.db import connection, transaction

    from openoms.catalog.models import Product, ProductVariant
    from openoms.inventory.models import AccountWarehouse, Warehouse

    account = benchkit.bench_account()
    for code in ("A1", "A2", "B1", "B2", "C1", "C2"):
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


def bench_import(account, data_dir: Path) -> dict:
    """(b) 200,000 rows: a first import creating the levels, a second changing every one."""
    from openoms.inventory.imports import inventory_import_run

    figures = {}
    for label, seed in (("create", 1), ("update", 2)):
        rows = level_rows(IMPORT_ROWS, ("B1", "B2"), seed)
        path = data_dir / f"il_{label}.csv"
        write_csv(path, rows)
        pk = benchkit.stored_import(account, "inventory_levels", path)
        started = time.perf_counter()
        done = inventory_import_run(pk)
        figures[label] = time.perf_counter() - started
        assert done.status == "succeeded" and done.rejected_count == 0, done.error
    for shape in SCRATCH_TABLES:
        figures[shape] = min(raw_copy(rows, shape) for _ in range(2))
    return figures


SCRATCH_TABLES = {
    "bare": "id bigserial PRIMARY KEY, warehouse text, sku text, quantity bigint",
    "keyed": "id bigserial PRIMARY KEY, warehouse text, sku text, quantity bigint, "
    "UNIQUE (warehouse, sku)",
}


def raw_copy(rows: list[tuple[str, str, int]], shape: str) -> float:
    """The baseline: COPY the same rows into a scratch table, committed. ``bare`` has a primary
    key only; ``keyed`` also a unique (warehouse, sku), the shape of the spec's section 4.2."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_il_copy")
        cursor.execute(f"CREATE TABLE bench_il_copy ({SCRATCH_TABLES[shape]})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = "COPY bench_il_copy (warehouse, sku, quantity) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_il_copy")
    return elapsed


def bench_big_import(account, data_dir: Path) -> dict:
    """(c) 1,000,000 rows imported by a child process, which reports its own peak RSS."""
    path = data_dir / "il_1m.csv"
    write_csv(path, level_rows(BIG_IMPORT_ROWS, ("C1", "C2"), 3))
    pk = benchkit.stored_import(account, "inventory_levels", path)
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
    rates = {label: IMPORT_ROWS / seconds for label, seconds in imported.items()}
    rate = min(rates["create"], rates["update"])
    print(f"(b) IL_Inventory_Levels.csv, {IMPORT_ROWS:,} rows through inventory_import_run:")
    print(
        f"    creating the levels {rates['create']:,.0f} rows/s; "
        f"changing every level {rates['update']:,.0f} rows/s"
    )
    print(
        f"    raw COPY of the same rows: {rates['bare']:,.0f} rows/s into a bare scratch "
        f"table, {rates['keyed']:,.0f} rows/s with a unique key (spec 4.2's shape)"
    )
    print(
        f"    ratio (slower import / COPY): {rate / rates['bare']:.3f} bare, "
        f"{rate / rates['keyed']:.3f} keyed"
    )
    return {"rate": rate, "bare": rate / rates["bare"], "keyed": rate / rates["keyed"]}


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
    print(f"setup: {SKUS:,} SKUs, 6 warehouses in {time.perf_counter() - started:.1f} s")
    bulk_rate = report_bulk(bench_bulk_http(account), bench_bulk_service(account))
    imported = report_import(bench_import(account, data_dir))
    big = bench_big_import(account, data_dir)
    print(
        f"(c) {BIG_IMPORT_ROWS:,}-row import in a child process: "
        f"{BIG_IMPORT_ROWS / big['seconds']:,.0f} rows/s, peak RSS {big['peak_rss_mb']:.0f} MB"
    )
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s")
    print(
        json.dumps(
            {
                "bulk_rows_per_s": round(bulk_rate),
                "import_rows_per_s": round(imported["rate"]),
                "import_ratio_to_copy": round(imported["bare"], 3),
                "import_ratio_to_keyed_copy": round(imported["keyed"], 3),
                "import_1m_peak_rss_mb": round(big["peak_rss_mb"]),
            }
        )
    )


if __name__ == "__main__":
    main()
