"""A real server killed with SIGKILL in the middle of a keyed bulk request (PostgreSQL): nothing
was applied, and once it is restarted the same request with the same key is answered 200 (not
409 ``idempotency_key_in_progress``) and applied exactly once.

The request is held mid-transaction deterministically: the test locks one of the inventory levels
it writes (``SELECT … FOR UPDATE`` from its own connection), waits until the server's database
session waits for that lock, and kills the server there.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection

from openoms.api.models import IdempotencyKey
from openoms.catalog.models import Product, ProductVariant
from openoms.inventory.models import InventoryLevel, InventoryMovement
from tests.cli.test_openoms_process import free_port
from tests.inventory.stock import enable, make_warehouse
from tests.processes import SHARED_DATABASE, child_env, wait_for

pytestmark = SHARED_DATABASE

ROWS = 2_000
TOTAL = 7
KEY = "bulk-crash-1"
SECRETS_KEY = (
    "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtb2Yta2V5LSE="  # channel credentials (serve needs one)
)


@pytest.fixture
def levels(tenant) -> list[InventoryLevel]:
    """``ROWS`` variants with an empty level each in the enabled warehouse TOR-1."""
    warehouse = make_warehouse(tenant.organization, "TOR-1")
    enable(tenant.account, warehouse)
    product = Product.objects.create(account=tenant.account, name="Tee")
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(account=tenant.account, product=product, sku=f"SKU-{n:05}")
        for n in range(ROWS)
    )
    return InventoryLevel.objects.bulk_create(
        InventoryLevel(account=tenant.account, variant=variant, warehouse=warehouse, total=0)
        for variant in variants
    )


class Server:
    """``openoms serve`` (gunicorn, two workers) on a loopback port, in its own process group."""

    def __init__(self, env: dict, port: int, log_path) -> None:
        self.env, self.port, self.log_path = env, port, log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("a")
        command = [sys.executable, "-m", "openoms.cli", "serve", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*command, "--workers", "2"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_for(self._answers, timeout=40)

    def kill(self) -> None:
        """SIGKILL to gunicorn and its worker: no cleanup code runs."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)

    def _answers(self) -> bool:
        assert self.proc.poll() is None, self.log_path.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/health", timeout=2):
                return True
        except OSError:
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    env = child_env(tmp_path) | {"OPENOMS_SECRETS_KEYS": SECRETS_KEY}
    server = Server(env, free_port(), tmp_path / "server.log")
    try:
        yield server
    finally:
        server.stop()


def send_bulk(server: Server, api_key: str) -> tuple[int, dict, dict]:
    rows = [{"warehouse": "TOR-1", "sku": f"SKU-{n:05}", "total": TOTAL} for n in range(ROWS)]
    request = urllib.request.Request(
        f"{server.url}/api/v2/inventory/bulk",
        data=json.dumps({"rows": rows}).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-API-Key": api_key,
            "Idempotency-Key": KEY,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), json.load(refused)


def pg_connect() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname=db["NAME"],
    )


def waiting_backend(watcher: psycopg.Connection) -> int | None:
    """The pid of another session of this database waiting for a lock, if any."""
    row = watcher.execute(
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE NOT l.granted AND a.datname = current_database() AND l.pid <> pg_backend_pid() "
        "LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def backend_alive(watcher: psycopg.Connection, pid: int) -> bool:
    return watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()


def test_a_keyed_bulk_request_killed_mid_way_is_applied_once_on_retry(
    tenant, api_key, levels, server
):
    # given: a server whose keyed bulk request waits, mid-transaction, for a level we hold
    server.start()
    watcher = pg_connect()
    watcher.autocommit = True
    holder = pg_connect()
    table = InventoryLevel._meta.db_table
    holder.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [levels[0].pk])
    first = threading.Thread(target=lambda: _swallow(send_bulk, server, api_key), daemon=True)
    first.start()
    backend = wait_for(lambda: waiting_backend(watcher))
    # then: a retry while it truly runs is told so, at once (the other worker answers it)
    status, _, body = send_bulk(server, api_key)
    assert (status, body["error"]["code"]) == (409, "idempotency_key_in_progress")
    # when: the server dies without a chance to clean up
    server.kill()
    holder.rollback()
    wait_for(lambda: not backend_alive(watcher, backend))
    first.join(timeout=10)
    # then: nothing was applied
    assert InventoryMovement.objects.count() == 0
    assert set(InventoryLevel.objects.values_list("total", flat=True)) == {0}
    # when: the server is restarted and the client retries with the same key
    server.start()
    status, headers, body = send_bulk(server, api_key)
    # then: the retry runs (no 409) and applies every row once
    assert status == 200, body
    assert headers.get("Idempotent-Replayed") is None
    assert body["counts"] == {"updated": ROWS, "unchanged": 0, "rejected": 0, "created": 0}
    assert set(InventoryLevel.objects.values_list("total", flat=True)) == {TOTAL}
    movements = InventoryMovement.objects.filter(trigger="api_bulk_update")
    assert movements.count() == InventoryMovement.objects.count() == ROWS
    assert set(movements.values_list("change", "resulting", "reference")) == {(TOTAL, TOTAL, KEY)}
    assert sorted(movements.values_list("level_id", flat=True)) == sorted(x.pk for x in levels)
    # and a further retry is the stored answer, applying nothing again
    again_status, again_headers, again_body = send_bulk(server, api_key)
    assert (again_status, again_headers.get("Idempotent-Replayed")) == (200, "true")
    assert again_body == body
    assert InventoryMovement.objects.count() == ROWS
    assert list(IdempotencyKey.objects.values_list("key", "status_code")) == [(KEY, 200)]
    watcher.close()
    holder.close()


def _swallow(send, *args) -> None:
    """The first request's connection dies with the server: whatever it raises is expected."""
    with contextlib.suppress(OSError, ValueError):
        send(*args)
