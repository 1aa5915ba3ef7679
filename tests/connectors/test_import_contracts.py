"""import-linter guards the connectors: they import only openoms.core, and only sync imports them."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONNECTORS_ONLY_CORE = "Connectors import only openoms.core (plain Python adapters, no tables)"
ONLY_SYNC = "Only openoms.sync imports openoms.connectors"


def lint_imports(src: Path, config: Path) -> str:
    done = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache", "--no-logo"],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return " ".join((done.stdout + done.stderr).split())


def test_the_connector_contracts_hold_in_the_code():
    # when
    report = lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    # then
    assert f"{CONNECTORS_ONLY_CORE} KEPT" in report
    assert f"{ONLY_SYNC} KEPT" in report


def test_the_contracts_catch_a_forbidden_import_either_way(tmp_path):
    # given a copy of the code where catalog imports a connector and a connector imports catalog
    shutil.copytree(
        ROOT / "src" / "openoms",
        tmp_path / "src" / "openoms",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    package = tmp_path / "src" / "openoms"
    (package / "catalog" / "uses_connector.py").write_text("import openoms.connectors.sandbox\n")
    (package / "connectors" / "uses_catalog.py").write_text("import openoms.catalog.models\n")
    # when
    report = lint_imports(tmp_path / "src", tmp_path / "pyproject.toml")
    # then
    assert f"{CONNECTORS_ONLY_CORE} BROKEN" in report
    assert f"{ONLY_SYNC} BROKEN" in report
    assert "openoms.catalog.uses_connector -> openoms.connectors.sandbox (l.1)" in report
    assert "openoms.connectors.uses_catalog -> openoms.catalog.models (l.1)" in report
