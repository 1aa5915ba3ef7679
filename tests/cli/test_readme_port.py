"""The README says how to run the demo on another port, and the Makefile does what it says."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_shows_make_demo_on_another_port_and_make_passes_it_on():
    # given the README's own line
    readme = (ROOT / "README.md").read_text()
    line = re.search(r"^make demo PORT=(\d+)\b.*$", readme, re.MULTILINE)
    assert line is not None
    # when make is asked what it would run
    dry_run = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "demo", f"PORT={line.group(1)}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    # then the demo is served on that port
    assert dry_run.returncode == 0, dry_run.stderr
    assert f"openoms demo --host 127.0.0.1 --port {line.group(1)}" in dry_run.stdout
