"""``openoms demo`` (what ``make demo`` runs): migrate, seed the demo data, then run the web
server, a background worker and the scheduler together until stopped.

The demo owns its children (``openoms.demo.processes``): Ctrl-C, SIGTERM or SIGHUP stops all of
them and prints one line; if one of them ends on its own, the others are stopped and the demo
exits non-zero naming it.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from openoms.core.secrets import ensure_demo_secret_keys
from openoms.demo.processes import StopRequested, spawn, stop_all, stop_signals_raise, watch


def _openoms(*args: str) -> list[str]:
    return [sys.executable, "-m", "openoms.cli", *args]


def children_commands(host: str, port: int) -> dict[str, list[str]]:
    """What the demo runs, by the name its messages use."""
    return {
        "web server": _openoms("serve", "--host", host, "--port", str(port)),
        "worker": _openoms("worker", "--no-reload", "--verbosity", "0"),
        "scheduler": _openoms("scheduler"),
    }


class Command(BaseCommand):
    help = "Run the OpenOMS demo: SQLite, demo data, web server, worker and scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host, port, **options):
        ensure_demo_secret_keys(settings.DATA_DIR)  # the demo's own key for its channels' secrets
        children = []
        try:
            with stop_signals_raise():
                call_command("migrate", interactive=False, verbosity=0)
                call_command("seed_demo", stdout=self.stdout)
                env = {**os.environ, "OPENOMS_DEMO": "1"}
                for name, command in children_commands(host, port).items():
                    children.append(spawn(name, command, env))
                self.stdout.write(f"\nOpenOMS demo: http://{host}:{port}/  (Ctrl-C stops it)\n")
                self.stdout.flush()
                ended = watch(children)
        except StopRequested as stop:
            stop_all(children)
            self.stdout.write(f"\nOpenOMS demo stopped ({stop.signal_name}).")
            return
        stop_all(children)
        raise CommandError(f"{ended.describe()}; the demo stopped the others.")
