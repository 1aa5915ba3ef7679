"""``openoms demo`` (what ``make demo`` runs): migrate, start the Shopify and ShipBob emulators
and seed them, seed the demo data (its Shopify and ShipBob channels pointed at the emulators)
and take its first Shopify orders through ShipBob (``live_orders``), then run the web server, a
background worker and the scheduler together until stopped.

The demo owns its children (``openoms.demo.processes``), the emulators included: Ctrl-C, SIGTERM
or SIGHUP stops all of them and prints one line; if one of them ends on its own, the others are
stopped and the demo exits non-zero naming it. A taken emulator port is refused before anything
starts, with the ``make demo`` variable that chooses another.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from openoms.core.secrets import ensure_demo_secret_keys
from openoms.demo.emulator_seed import EmulatorSeedFailed, seed_emulators
from openoms.demo.emulators import (
    Emulator,
    EmulatorsUnavailable,
    check_startable,
    demo_emulators,
    wait_until_up,
)
from openoms.demo.live_channels import SHIPBOB_PORT, SHOPIFY_PORT
from openoms.demo.live_orders import seed_live_orders, shipbob_webhooks_subscribe
from openoms.demo.live_purchases import seed_live_purchases
from openoms.demo.management.commands.seed_demo import describe
from openoms.demo.processes import (
    Child,
    StopRequested,
    spawn,
    stop_all,
    stop_signals_raise,
    watch,
)
from openoms.demo.seed import seed_demo


def _openoms(*args: str) -> list[str]:
    return [sys.executable, "-m", "openoms.cli", *args]


def children_commands(host: str, port: int) -> dict[str, list[str]]:
    """What the demo runs after the emulators, by the name its messages use."""
    return {
        "web server": _openoms("serve", "--host", host, "--port", str(port)),
        "worker": _openoms("worker", "--no-reload", "--verbosity", "0"),
        "scheduler": _openoms("scheduler"),
    }


def public_url(host: str, port: int) -> str:
    """Where the emulators send their webhooks: ``OPENOMS_PUBLIC_URL`` when set, else the demo's
    web server (Import Orders subscribes the store's order webhooks to it)."""
    return os.environ.get("OPENOMS_PUBLIC_URL", "").strip() or f"http://{host}:{port}"


def describe_orders(orders: list) -> str:
    """The demo's Shopify orders, one line each."""
    lines = ["", "Orders from the emulated Shopify store (Sales → Sales Orders):"]
    for order in orders:
        shipments = ", ".join(f"{s.number} {s.get_status_display()}" for s in order.shipments.all())
        lines.append(f"  {order.order_number:<6} {order.get_status_display():<11} {shipments}")
    if not orders:
        lines.append("  none (see the Events page)")
    return "\n".join(lines)


def describe_purchases(orders: list) -> str:
    """The demo's purchase orders received by the emulated ShipBob, one line each."""
    lines = ["", "Purchase orders received by the emulated ShipBob (Purchases → Purchase Orders):"]
    for order in orders:
        lines.append(f"  {order.order_number:<11} {order.get_status_display()}")
    if not orders:
        lines.append("  none (see the Events page)")
    return "\n".join(lines)


def banner(host: str, port: int, emulators: list[Emulator]) -> str:
    """What the demo prints once everything runs: OpenOMS and the emulators' state pages."""
    lines = [f"\nOpenOMS demo: http://{host}:{port}/  (Ctrl-C stops it)"]
    lines += [f"  {e.name + ':':<18} {e.url(host)}/_emulator/" for e in emulators]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Run the OpenOMS demo: SQLite, the Shopify and ShipBob emulators, demo data, web server, "
        "worker and scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--shopify-port", type=int, default=SHOPIFY_PORT)
        parser.add_argument("--shipbob-port", type=int, default=SHIPBOB_PORT)

    def handle(self, *args, host, port, shopify_port, shipbob_port, **options):
        ensure_demo_secret_keys(settings.DATA_DIR)  # the demo's own key for its channels' secrets
        emulators = demo_emulators(shopify_port, shipbob_port)
        children: list[Child] = []
        try:
            with stop_signals_raise():
                call_command("migrate", interactive=False, verbosity=0)
                env = {**os.environ, "OPENOMS_DEMO": "1"}
                env["OPENOMS_PUBLIC_URL"] = public_url(host, port)
                settings.OPENOMS_PUBLIC_URL = env["OPENOMS_PUBLIC_URL"]
                self._start_emulators(host, emulators, env, children)
                for name, command in children_commands(host, port).items():
                    children.append(spawn(name, command, env))
                self.stdout.write(banner(host, port, emulators))
                self.stdout.flush()
                ended = watch(children)
        except StopRequested as stop:
            stop_all(children)
            self.stdout.write(f"\nOpenOMS demo stopped ({stop.signal_name}).")
            return
        except (EmulatorsUnavailable, EmulatorSeedFailed) as exc:
            stop_all(children)
            raise CommandError(str(exc)) from exc
        stop_all(children)
        raise CommandError(f"{ended.describe()}; the demo stopped the others.")

    def _start_emulators(self, host, emulators, env, children) -> None:
        """Start and seed the emulators, then the demo data pointed at them."""
        check_startable(host, emulators)
        running = []
        for emulator in emulators:
            child = spawn(emulator.name, emulator.command(host), env)
            children.append(child)
            running.append((emulator, child))
        wait_until_up(host, running)
        shopify, shipbob = (e.url(host) for e in emulators)
        targets = seed_emulators(shopify, shipbob)
        self.stdout.write(describe(seed_demo(live=targets)))
        try:
            self.stdout.write(describe_orders(seed_live_orders(targets)))
            self.stdout.write(describe_purchases(seed_live_purchases(targets)))
            shipbob_webhooks_subscribe(shipbob, settings.OPENOMS_PUBLIC_URL)
        except EmulatorSeedFailed as exc:  # the demo runs on; its jobs import what they can
            self.stdout.write(f"\nThe demo's first Shopify orders were not taken through: {exc}")
