"""HTTP transport (stdlib ``ThreadingHTTPServer``): ``POST /admin/api/2026-04/graphql.json``,
``POST /admin/oauth/access_token`` (client credentials), ``GET /_bulk/<id>.jsonl`` (bulk results)
and the ``/_emulator/`` control API. ``start_in_thread`` serves tests on 127.0.0.1."""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from .. import serving
from ..serving import drop_answer
from . import bulk, control, state_page
from .app import DEFAULT_TOKENS, ShopifyEmulator
from .schema import default_sdl_path, load_schema, load_seconds
from .throttle import PLANS, Clock

API_VERSION = "2026-04"
GRAPHQL_PATH = f"/admin/api/{API_VERSION}/graphql.json"
TOKEN_PATH = "/admin/oauth/access_token"
BULK_FILE = re.compile(r"/_bulk/(\d+)\.jsonl")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "OpenOMS-Shopify-Emulator/1"
    emulator: ShopifyEmulator  # set on the subclass made by make_server
    verbose = False

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlsplit(self.path).path
        if path.startswith("/_emulator/"):
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send(400, {"error": "the body must be JSON"})
                return
            self._send(*control.handle(self.emulator, "POST", path, body))
            return
        if path == TOKEN_PATH:
            answer = self.emulator.issue_token(raw, self.headers.get("Content-Type", ""))
            self._send(answer.status, answer.body)
            return
        if path != GRAPHQL_PATH:
            self._send(404, {"errors": "Not Found"})
            return
        delay = self.emulator.latency_seconds()
        if delay:
            time.sleep(delay)
        response = self.emulator.handle_graphql(
            self.headers.get("X-Shopify-Access-Token"), raw, self.headers.get("Content-Type", "")
        )
        if response.drop:
            drop_answer(self)
            return
        self._send(response.status, response.body)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == state_page.PATH:
            return state_page.send(self, self.emulator.store)
        match = BULK_FILE.fullmatch(path)
        if path.startswith("/_emulator/"):
            self._send(*control.handle(self.emulator, "GET", path, None))
        elif match:
            self._send_jsonl(int(match.group(1)))
        else:
            self._send(404, {"errors": "Not Found"})

    def _send_jsonl(self, number: int) -> None:
        with self.emulator.store.lock:
            data = bulk.jsonl(self.emulator.store, number)
        if data is None:
            self._send(404, {"errors": "Not Found"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/jsonl")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Request-Id", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        if self.verbose:
            super().log_message(format, *args)


def make_server(emulator: ShopifyEmulator, host: str = "127.0.0.1", port: int = 0, verbose=False):
    server = serving.make_server(Handler, host, port, emulator=emulator, verbose=verbose)
    bound_host, bound_port = server.server_address[:2]
    reachable = "127.0.0.1" if ipaddress.ip_address(bound_host).is_unspecified else bound_host
    emulator.base_url = f"http://{reachable}:{bound_port}"
    return server


class Running(serving.ServerThread):
    """The emulator served from a thread (tests): ``.emulator``, ``.url``, ``.graphql_url``."""

    def __init__(self, emulator: ShopifyEmulator, server) -> None:
        super().__init__(server, on_stop=emulator.webhooks.stop)
        self.emulator = emulator

    @property
    def graphql_url(self) -> str:
        return self.url + GRAPHQL_PATH


def start_in_thread(emulator: ShopifyEmulator | None = None, host="127.0.0.1", port=0) -> Running:
    emulator = emulator or ShopifyEmulator()
    return Running(emulator, make_server(emulator, host, port))


def main(host: str = "127.0.0.1", port: int = 0, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="openoms-emulator shopify")
    parser.add_argument(
        "--schema", help="the Admin SDL (default: shared/contracts, or $OPENOMS_SHOPIFY_SDL)"
    )
    parser.add_argument(
        "--token", action="append", help=f"accepted access token (default {DEFAULT_TOKENS[0]})"
    )
    parser.add_argument("--plan", choices=sorted(PLANS), default="standard")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv or [])
    path = args.schema or str(default_sdl_path())
    schema = load_schema(path)
    seconds = next(iter(load_seconds.values()), 0.0)
    emulator = ShopifyEmulator(schema, Clock(), tuple(args.token or DEFAULT_TOKENS), args.plan)
    server = make_server(emulator, host, port, args.verbose)
    bound_host, bound_port = server.server_address[:2]
    print(
        f"openoms-emulator shopify: http://{bound_host}:{bound_port}{GRAPHQL_PATH} "
        f"(plan {args.plan}, schema built in {seconds:.2f}s)",
        flush=True,
    )
    serving.serve_until_stopped(
        server, lambda: print("openoms-emulator shopify: stopped", file=sys.stderr, flush=True)
    )
