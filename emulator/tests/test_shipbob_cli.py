"""The real command, as `make demo` starts it: `openoms-emulator shipbob --port 0`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest


def _command() -> str:
    beside = Path(sys.executable).parent / "openoms-emulator"
    found = str(beside) if beside.exists() else shutil.which("openoms-emulator")
    if found is None:
        pytest.fail("openoms-emulator is not installed (make setup installs ./emulator)")
    return found


def test_the_command_serves_the_api_on_a_free_port():
    process = subprocess.Popen(
        [_command(), "shipbob", "--port", "0", "--token", "cli-pat"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        url = match.group(0)
        seed = {"fulfillment_centers": [{"id": 7, "name": "Cicero (IL)"}]}
        request = urllib.request.Request(
            f"{url}/_emulator/seed", json.dumps(seed).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        request = urllib.request.Request(
            f"{url}/2026-01/fulfillment-center", headers={"authorization": "Bearer cli-pat"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert [fc["id"] for fc in json.loads(response.read())] == [7]
            assert response.headers["x-remaining-calls"] == "149"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()
