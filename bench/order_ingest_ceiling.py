"""The machine's ceiling for the worker goals of ``order_ingest.py``: the SQL floor
(``order_ingest_sql.sql_floor``: 8 hand-written statements and one transaction per order, no
Django, no HTTP) run by N processes at once, each on its share of the orders. No path through
the product can be faster than its floor on the same cores; the ratio of a worker figure to
this one says how much of the machine the product's path uses."""

from __future__ import annotations

import multiprocessing
import time

import order_ingest_sql as sql


def sql_floor_parallel(world, bodies: list[dict], processes: int) -> float:
    """Orders/s of ``bodies`` written by the floor in ``processes`` processes at once (from the
    first start to the last end)."""
    from django.db import connections

    connections.close_all()  # the children open their own connections
    shares = [bodies[n::processes] for n in range(processes)]
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        spans = pool.starmap(_share, [(world, share, f"-SQL{n}") for n, share in enumerate(shares)])
    began, ended = min(s for s, _ in spans), max(e for _, e in spans)
    return len(bodies) / (ended - began)


def _share(world, bodies: list[dict], suffix: str) -> tuple[float, float]:
    from django.db import connections

    connections.close_all()
    began = time.time()
    sql.sql_floor(world, bodies, suffix)
    return began, time.time()
