"""``bench/shopify_push.py`` runs (a smoke test: 2,000 levels at a fast restore rate, so it takes
about a second) and reports what it promises, every level set as intended."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "shopify_push.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("shopify_push_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_push_bench_sets_every_level_and_prints_its_figures_as_json(capsys):
    # when
    figures = _bench_module().main(["--levels", "2000", "--restore-rate", "10000"])
    # then: 2,000 quantities in batches of 250, 10 points each, nothing throttled or wrong
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last_line) == figures
    assert {k: figures[k] for k in ("quantities", "calls", "points_charged", "mismatches")} == {
        "quantities": 2000,
        "calls": 8,
        "points_charged": 80.0,
        "mismatches": 0,
    }
    assert (figures["bucket"], figures["restore_rate"]) == (200_000.0, 10_000.0)
    assert (figures["throttled"], figures["notices"], figures["physical_min_s"]) == (0, 0, 0.0)
    assert set(figures) >= {"seconds", "ratio_to_physical_min", "throttled_per_1000"}
