"""``openoms-emulator shipbob --port P``: the ShipBob 2026-01 emulator over HTTP
(stdlib ``ThreadingHTTPServer``), or started in a thread by tests with :func:`serve_in_thread`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .. import serving
from ..serving import drop_answer
from . import state_page
from .app import Config, ShipBobEmulator
from .contract import ENV_OPENAPI, Contract


class _Handler(BaseHTTPRequestHandler):
    server_version = "ShipBobEmulator/2026-01"
    protocol_version = "HTTP/1.1"
    emulator: ShipBobEmulator  # set on the subclass made per server

    def _serve(self) -> None:
        url = urlsplit(self.path)
        if self.command == "GET" and url.path == state_page.PATH:
            return state_page.send(self, self.emulator.store)
        length = int(self.headers.get("content-length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        response = self.emulator.handle(self.command, url.path, query, headers, raw_body)
        if response.drop:  # the change is committed; the client never hears about it
            drop_answer(self)
            return
        payload = response.encoded()
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if payload:
            self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        if os.environ.get("OPENOMS_EMULATOR_VERBOSE"):
            super().log_message(format, *args)


def make_server(
    emulator: ShipBobEmulator, host: str = "127.0.0.1", port: int = 0
) -> ThreadingHTTPServer:
    return serving.make_server(_Handler, host, port, emulator=emulator)


class RunningEmulator(serving.ServerThread):
    """A server running in a daemon thread: ``.url``, ``.emulator``, ``.stop()``."""

    def __init__(self, emulator: ShipBobEmulator, server: ThreadingHTTPServer) -> None:
        super().__init__(server, on_stop=emulator.dispatcher.stop)
        self.emulator = emulator


def serve_in_thread(
    config: Config | None = None,
    clock: Callable[[], float] | None = None,
    contract: Contract | None = None,
) -> RunningEmulator:
    emulator = ShipBobEmulator(contract=contract, config=config, clock=clock)
    return RunningEmulator(emulator, make_server(emulator))


def main(host: str = "127.0.0.1", port: int = 0, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="openoms-emulator shipbob")
    parser.add_argument(
        "--openapi", help=f"the OpenAPI file (default: ${ENV_OPENAPI} or shared/contracts)"
    )
    parser.add_argument(
        "--token", action="append", help="accepted personal access token (repeatable)"
    )
    parser.add_argument("--rate-limit", type=int, default=150, help="requests per minute per token")
    parser.add_argument("--lenient", action="store_true", help="log contract violations, don't 500")
    args = parser.parse_args(argv or [])
    config = Config(rate_limit=args.rate_limit, strict_responses=not args.lenient)
    if args.token:
        config.tokens = args.token
    emulator = ShipBobEmulator(contract=Contract.load(args.openapi), config=config)
    server = make_server(emulator, host, port)
    bound_host, bound_port = server.server_address[:2]
    print(f"ShipBob emulator (API 2026-01) on http://{bound_host}:{bound_port}", flush=True)
    serving.serve_until_stopped(server, emulator.dispatcher.stop)
