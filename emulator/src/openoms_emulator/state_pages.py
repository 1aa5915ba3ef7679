"""What both emulators' read-only state pages (``GET /_emulator/``) share: the address, the
style, the page around each emulator's own tables, counts in words, and answering the request
with a page rendered under the store's lock."""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

PATH = "/_emulator/"
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}"
    "table{border-collapse:collapse;margin-bottom:2rem}"
    "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}"
    "td.n{text-align:right}th{background:#f3f3f3}small{color:#666}"
)


def count(number: int, noun: str) -> str:
    """``1 order``, ``2,000 orders``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def page(title: str, heading: str, body: str) -> str:
    """A whole HTML page: ``title``, the ``heading`` as its h1, then ``body`` (already HTML)."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{heading}</h1>"
        f"{body}"
        "</body></html>"
    )


def send(handler: BaseHTTPRequestHandler, store: Any, render: Callable[[Any], str]) -> None:
    """Answer ``handler``'s request with ``render(store)``, rendered holding ``store.lock``."""
    with store.lock:
        data = render(store).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
