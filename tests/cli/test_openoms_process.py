"""The installed ``openoms`` command as a user runs it: a fresh data folder, real processes."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

OPENOMS = [sys.executable, "-m", "openoms.cli"]


@pytest.fixture
def fresh_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOMS_")}
    env["OPENOMS_DATA_DIR"] = str(tmp_path / "data")
    return env


def openoms(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*OPENOMS, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_migrate_seed_and_create_a_key_on_an_empty_data_folder(fresh_env):
    # when
    migrate = openoms(fresh_env, "migrate")
    seed = openoms(fresh_env, "seed-demo")
    key = openoms(fresh_env, "apikey", "create", "--account", "NORTHWIND-HOME")
    passthrough = openoms(
        fresh_env,
        "shell",
        "--no-imports",
        "-c",
        "from openoms.tenancy.models import User; print(User.objects.count())",
    )
    # then
    assert migrate.returncode == 0, migrate.stderr
    assert seed.returncode == 0, seed.stderr
    assert "owner@northwind.example" in seed.stdout
    assert key.returncode == 0, key.stderr
    assert key.stdout.startswith("oms_") and key.stdout.count("\n") == 1
    assert passthrough.stdout.strip() == "5"
    assert (Path(fresh_env["OPENOMS_DATA_DIR"]) / "openoms.sqlite3").exists()
    assert (Path(fresh_env["OPENOMS_DATA_DIR"]) / "secret_key").stat().st_mode & 0o077 == 0


def test_serve_runs_gunicorn_with_static_files(fresh_env):
    # given a migrated database and a secret key in the environment
    assert openoms(fresh_env, "migrate").returncode == 0
    env = {**fresh_env, "OPENOMS_SECRET_KEY": "test-secret-" + "x" * 40}
    env["OPENOMS_SECRETS_KEYS"] = "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtb2Yta2V5LSE="
    port = free_port()
    server = subprocess.Popen(
        [*OPENOMS, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # when
        page = _get_when_up(f"http://127.0.0.1:{port}/login/")
        css = _get_when_up(f"http://127.0.0.1:{port}/static/web/openoms.css")
        health = _get_when_up(f"http://127.0.0.1:{port}/api/v2/health")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=5) as icon:
            favicon = (icon.status, icon.headers["Content-Type"], icon.read()[:4])
        # then
        assert "Sign in" in page
        assert "{" in css
        assert favicon == (200, "image/x-icon", b"\x00\x00\x01\x00")
        assert '"status": "ok"' in health.replace('":"', '": "')
    finally:
        server.terminate()
        server.wait(timeout=20)
    # and stopping `openoms serve` stops gunicorn itself: nothing listens on the port any more
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def _get_when_up(url: str, deadline_s: float = 30) -> str:
    end = time.monotonic() + deadline_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.3)
