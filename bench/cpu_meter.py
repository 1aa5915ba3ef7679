"""Where a phase's CPU time went, from ``/proc`` (Linux): seconds of CPU used by each group of
processes while the block ran (the web server, the workers, PostgreSQL, the bench itself,
which plays the channel sending the webhooks), and the share of the machine's cores that were
busy. On a machine where the cores are busy all the time, the sum per order is what limits
orders/s: ``cores / sum`` is the ceiling of that mix of work."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class CpuUse:
    seconds: dict[str, float] = field(default_factory=dict)
    busy: float = 0.0  # share of all cores busy (0-1)
    cores: int = os.cpu_count() or 1


def _proc_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def _cmdline(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as line:
            return line.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def pids_where(match: Callable[[str], bool]) -> list[int]:
    """The processes whose command line ``match`` accepts."""
    return [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and match(_cmdline(pid))]


def _machine() -> tuple[int, int]:
    """(busy ticks, all ticks) of all cores since boot."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


@contextmanager
def cpu_use(groups: dict[str, Callable[[], list[int]]]) -> Iterator[CpuUse]:
    """CPU seconds of each group (a function listing its processes, asked at the start and at
    the end: a process gone before the end is counted up to its last reading)."""
    use = CpuUse()
    start = {name: {pid: _proc_ticks(pid) for pid in pids()} for name, pids in groups.items()}
    machine = _machine()
    yield use
    busy, total = (a - b for a, b in zip(_machine(), machine, strict=True))
    use.busy = busy / total if total else 0.0
    for name, pids in groups.items():
        before = start[name]
        now = {pid: _proc_ticks(pid) for pid in set(pids()) | set(before)}
        ticks = sum(max(now[pid] or before.get(pid, 0), 0) - before.get(pid, 0) for pid in now)
        use.seconds[name] = ticks / TICKS
