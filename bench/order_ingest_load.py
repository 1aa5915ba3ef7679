"""The processes and traffic of ``order_ingest.py``: a gunicorn server, ``openoms worker``
processes (and a scheduler for the kill test), deliveries POSTed as fast as they go or paced at
a rate (acknowledgment latency), waiting for the orders, and a SIGKILL of the busiest worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from order_ingest_setup import signed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, threads: int, log_path: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "openoms.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--timeout", "120", "--backlog", "2048",
    ]  # fmt: skip
    log = open(log_path, "w")  # noqa: SIM115 (the process writes it)
    return subprocess.Popen(command, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)


def wait_ready(client) -> None:
    for _ in range(200):
        try:
            if client.request("GET", "/api/v2/health") == 200:
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def start_processes(kind: str, count: int, log_dir: str) -> list[subprocess.Popen]:
    """``count`` ``openoms worker`` (or ``scheduler``) processes polling every 0.1 s."""
    procs = []
    for n in range(count):
        command = [sys.executable, "-m", "openoms.cli", kind, "--interval", "0.1"]
        if kind == "worker":
            command.append("--no-startup-delay")
        log = open(os.path.join(log_dir, f"{kind}-{n}-{time.time():.0f}.log"), "w")  # noqa: SIM115
        procs.append(
            subprocess.Popen(command, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
        )
    return procs


def stop_processes(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def prepared(world, bodies: list[dict]) -> list[tuple[str, bytes, dict]]:
    """Each body's address and signed body, made beforehand (the sender's work)."""
    return [(world.path_of(body), *signed(body)) for body in bodies]


def post_all(client, deliveries, concurrency: int) -> dict:
    """POST every delivery, ``concurrency`` at a time, as fast as the server answers;
    → first send, last answer (epoch s), statuses and per-request seconds."""

    def send(delivery):
        path, raw, headers = delivery
        began = time.perf_counter()
        status = client.request("POST", path, raw, headers)
        return status, time.perf_counter() - began

    first = time.time()
    with ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(send, deliveries))
    return {
        "first": first,
        "last_ack": time.time(),
        "statuses": [s for s, _ in answers],
        "seconds": [t for _, t in answers],
    }


def post_paced(client, deliveries, rate: float, concurrency: int) -> dict:
    """Offer the deliveries at ``rate`` per second (open loop: each has its due time);
    latency = answer time - due time (includes any wait for a free sender), and the service
    time alone (answer - send)."""
    start = time.perf_counter() + 0.2
    lock, latencies, services, statuses = threading.Lock(), [], [], []
    position = iter(enumerate(deliveries))

    def sender():
        while True:
            with lock:
                item = next(position, None)
            if item is None:
                return
            index, (path, raw, headers) = item
            due = start + index / rate
            if (pause := due - time.perf_counter()) > 0:
                time.sleep(pause)
            sent = time.perf_counter()
            status = client.request("POST", path, raw, headers)
            done = time.perf_counter()
            with lock:
                latencies.append(done - due)
                services.append(done - sent)
                statuses.append(status)

    threads = [threading.Thread(target=sender) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "offered_s": len(deliveries) / rate,
        "took_s": time.perf_counter() - start,
        "latencies": sorted(latencies),
        "services": sorted(services),
        "statuses": statuses,
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(share * len(values)))]


def wait_imported(world, bodies, timeout: float, on_idle=None) -> dict:
    """Wait until every body's order exists; → the time the last was created (epoch s) and how
    often ``on_idle`` (called when deliveries wait, no Import Orders run is queued or running
    and nothing moved for 5 s) had to start a run."""
    from django.db.models import Max

    from openoms.automation.job_types import JobType
    from openoms.automation.models import JobRun, RunStatus
    from openoms.orders.models import SalesOrder

    refs = [b["admin_graphql_api_id"] for b in bodies]
    orders = SalesOrder.objects.filter(channel__in=world.channels, external_ref__in=refs)
    end, nudges, seen, still_since = time.time() + timeout, 0, -1, time.time()
    while (count := orders.count()) < len(refs):
        if time.time() > end:
            raise SystemExit(f"only {count} of {len(refs)} orders after {timeout:.0f} s")
        if count != seen:
            seen, still_since = count, time.time()
        elif on_idle is not None and time.time() - still_since > 5:
            busy = JobRun.objects.filter(
                job__channel__in=world.channels,
                job_type=JobType.IMPORT_ORDERS,
                status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
            ).values_list("job__channel", flat=True)
            for channel in set(world.channels) - {c for c in world.channels if c.pk in set(busy)}:
                on_idle(channel)
                nudges += 1
            still_since = time.time()
        time.sleep(0.1)
    last = orders.aggregate(last=Max("created_at"))["last"]
    return {"last": last.timestamp(), "nudges": nudges}


def cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def kill_busiest(workers: list[subprocess.Popen]) -> int:
    """SIGKILL the worker that used the most CPU over the last 0.5 s (the one importing);
    → its pid."""
    before = {w.pid: cpu_ticks(w.pid) for w in workers if w.poll() is None}
    time.sleep(0.5)
    used = {pid: cpu_ticks(pid) - ticks for pid, ticks in before.items()}
    victim = max(used, key=used.get)
    os.kill(victim, signal.SIGKILL)
    return victim
