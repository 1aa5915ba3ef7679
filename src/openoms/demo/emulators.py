"""The emulators ``openoms demo`` runs beside OpenOMS: their commands, a check that their ports
are free before they start, and a bounded wait until they answer.

They are children of the demo like the web server (``processes.py``: one process group each,
stopped together). OpenOMS never imports the emulator package: it runs ``openoms-emulator`` as a
program and talks to it over HTTP.
"""

from __future__ import annotations

import errno
import importlib.util
import socket
import sys
import time
from dataclasses import dataclass

import httpx

from openoms.demo.live_channels import SHIPBOB_TOKEN, SHOPIFY_TOKEN
from openoms.demo.processes import Child

READY_TIMEOUT_S = 60  # the Shopify emulator builds its 3 MB schema first (about 1 to 3 s)


class EmulatorsUnavailable(Exception):
    """An emulator cannot start or does not answer; the message says which and what to do."""


@dataclass(frozen=True)
class Emulator:
    """One emulator as the demo runs it: its name in messages, the ``openoms-emulator`` service,
    the port, and the ``make demo`` variable that chooses another port."""

    name: str
    service: str
    port: int
    make_variable: str
    token: str

    def url(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def command(self, host: str) -> list[str]:
        """``openoms-emulator <service> --host … --port … --token …`` with this interpreter."""
        return [
            sys.executable,
            "-m",
            "openoms_emulator.cli",
            self.service,
            "--host",
            host,
            "--port",
            str(self.port),
            "--token",
            self.token,
        ]


def demo_emulators(shopify_port: int, shipbob_port: int) -> list[Emulator]:
    return [
        Emulator("Shopify emulator", "shopify", shopify_port, "SHOPIFY_PORT", SHOPIFY_TOKEN),
        Emulator("ShipBob emulator", "shipbob", shipbob_port, "SHIPBOB_PORT", SHIPBOB_TOKEN),
    ]


def check_startable(host: str, emulators: list[Emulator]) -> None:
    """``EmulatorsUnavailable`` when the emulator package is missing or a port is taken."""
    if importlib.util.find_spec("openoms_emulator") is None:
        raise EmulatorsUnavailable(
            "The emulators are not installed: run `make setup` (it installs ./emulator)."
        )
    for emulator in emulators:
        if not port_free(host, emulator.port):
            raise EmulatorsUnavailable(
                f"Port {emulator.port} on {host}, for the {emulator.name}, is taken by another "
                f"program. Stop it, or choose another port: make demo "
                f"{emulator.make_variable}=<port> (openoms demo --{emulator.service}-port <port>)."
            )


def port_free(host: str, port: int) -> bool:
    """True when nothing listens on ``host:port`` (binding it succeeds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def wait_until_up(
    host: str, running: list[tuple[Emulator, Child]], timeout_s: float = READY_TIMEOUT_S
) -> None:
    """Until every emulator answers ``GET /_emulator/state``; ``EmulatorsUnavailable`` when one
    ends first or none answers within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    for emulator, child in running:
        while not _answers(emulator.url(host)):
            if not child.running:
                raise EmulatorsUnavailable(
                    f"The {emulator.name} ended at start-up (exit code "
                    f"{child.process.returncode}); its messages are above."
                )
            if time.monotonic() > deadline:
                raise EmulatorsUnavailable(
                    f"The {emulator.name} did not answer on {emulator.url(host)} within "
                    f"{timeout_s:.0f} s."
                )
            time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/_emulator/state", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
