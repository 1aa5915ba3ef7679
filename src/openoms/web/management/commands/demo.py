"""``openoms demo`` (what ``make demo`` runs): migrate, seed the demo data, then run the web
server, a background worker and the scheduler together until Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def _spawn(*args: str) -> subprocess.Popen:
    env = {**os.environ, "OPENOMS_DEMO": "1"}
    return subprocess.Popen([sys.executable, "-m", "openoms.cli", *args], env=env)  # noqa: S603


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


class Command(BaseCommand):
    help = "Run the OpenOMS demo: SQLite, demo data, web server, worker and scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=self.stdout)
        processes = [
            _spawn("serve", "--host", host, "--port", str(port)),
            _spawn("worker", "--no-reload", "--verbosity", "0"),
            _spawn("scheduler"),
        ]
        self.stdout.write(f"\nOpenOMS demo: http://{host}:{port}/  (Ctrl-C stops it)\n")
        self.stdout.flush()
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping the demo…")
            _stop(processes)
            return
        _stop(processes)
        raise CommandError("A demo process stopped unexpectedly; see the messages above.")
