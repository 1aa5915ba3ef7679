"""``openoms demo`` owns its children: real processes on free ports and a scratch data folder.

A stop signal (SIGTERM, SIGINT as Ctrl-C sends it, SIGHUP) stops the Shopify and ShipBob
emulators, the web server (gunicorn and its workers), the worker and the scheduler, with one
"stopped" line and no traceback; a child that dies makes the demo stop the others and exit
non-zero naming it; a taken emulator port stops the demo before it starts, saying how to move it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli.test_openoms_process import OPENOMS, _get_when_up, free_port, openoms

pytestmark = pytest.mark.xdist_group("demo-processes")


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory) -> dict:
    """A scratch data folder, migrated and seeded once for the module's demos."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOMS_")}
    env["OPENOMS_DATA_DIR"] = str(tmp_path_factory.mktemp("demo") / "data")
    assert openoms(env, "migrate", timeout=300).returncode == 0
    return env


def _parents() -> dict[int, int]:
    """pid → parent pid of every process (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> set[int]:
    parents, found, frontier = _parents(), set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


class Demo:
    def __init__(self, env: dict, tmp_path: Path):
        self.port, self.shopify_port, self.shipbob_port = free_port(), free_port(), free_port()
        self.log = tmp_path / "demo.log"
        ports = ["--shopify-port", str(self.shopify_port), "--shipbob-port", str(self.shipbob_port)]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [*OPENOMS, "demo", "--port", str(self.port), *ports],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _get_when_up(f"http://127.0.0.1:{self.port}/login/", deadline_s=120)
        self.children = self._wait_for_children()

    def _wait_for_children(self) -> set[int]:
        """The demo's processes once all are up: both emulators, gunicorn and its worker, worker,
        scheduler."""
        end = time.monotonic() + 30
        while True:
            found = descendants(self.process.pid)
            lines = [command_line(pid) for pid in found if alive(pid)]
            if len(found) >= 6 and any("scheduler" in line for line in lines):
                return found
            assert time.monotonic() < end, lines
            time.sleep(0.2)

    def child(self, word: str) -> int:
        return next(pid for pid in self.children if word in command_line(pid))

    def output(self) -> str:
        return self.log.read_text()

    def stop_leftovers(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        for pid in self.children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def demo(demo_env, tmp_path):
    started = Demo(demo_env, tmp_path)
    yield started
    started.stop_leftovers()


def _all_gone(pids: set[int], within_s: float) -> set[int]:
    end = time.monotonic() + within_s
    while (left := {pid for pid in pids if alive(pid)}) and time.monotonic() < end:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_every_child_quietly(demo, signum):
    # given a running demo and its processes, the emulators among them, which answer
    assert len(demo.children) >= 6
    assert demo.child("openoms_emulator.cli shopify") and demo.child("openoms_emulator.cli shipbob")
    assert "<h1>Shopify emulator</h1>" in _get_when_up(
        f"http://127.0.0.1:{demo.shopify_port}/_emulator/"
    )
    assert "<h1>ShipBob emulator</h1>" in _get_when_up(
        f"http://127.0.0.1:{demo.shipbob_port}/_emulator/"
    )
    assert f"ShipBob emulator:  http://127.0.0.1:{demo.shipbob_port}/_emulator/" in demo.output()
    # when
    demo.process.send_signal(signum)
    returncode = demo.process.wait(timeout=30)
    # then every child is gone, quietly
    assert _all_gone(demo.children, within_s=3) == set()
    output = demo.output()
    assert returncode == 0, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    assert output.rstrip().endswith(f"OpenOMS demo stopped ({signum.name}).")


@pytest.mark.parametrize(
    ("command", "name"),
    [("scheduler", "scheduler"), ("openoms_emulator.cli shopify", "Shopify emulator")],
)
def test_a_child_that_dies_stops_the_others_and_the_demo_says_which(demo, command, name):
    # given
    child = demo.child(command)
    # when
    os.kill(child, signal.SIGKILL)
    returncode = demo.process.wait(timeout=30)
    # then
    assert _all_gone(demo.children, within_s=3) == set()
    output = demo.output()
    assert returncode == 1
    assert (
        f"The demo's {name} stopped unexpectedly (killed by SIGKILL); "
        "the demo stopped the others." in output
    )
    assert "Traceback" not in output


def test_a_taken_emulator_port_stops_the_demo_before_it_starts(demo_env):
    # given a program listening on the port chosen for the Shopify emulator
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when
        result = openoms(
            demo_env, "demo", "--port", str(free_port()), "--shopify-port", str(port), timeout=120
        )
    # then it says which port, for what, and how to choose another; nothing was started
    assert result.returncode == 1
    assert (
        f"Port {port} on 127.0.0.1, for the Shopify emulator, is taken by another program. "
        "Stop it, or choose another port: make demo SHOPIFY_PORT=<port> "
        "(openoms demo --shopify-port <port>)." in result.stderr
    )
    assert "Traceback" not in result.stderr and "OpenOMS demo:" not in result.stdout
