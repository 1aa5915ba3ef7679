"""The API base URL a channel may be pointed at instead of its service's own address (an
emulator in tests and the demo, a proxy): https anywhere, plain http only on this machine."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from openoms.core.errors import InvalidValue

MAX_LENGTH = 300
LOOPBACK_NAMES = {"localhost"}


def clean_base_url(raw: object) -> str:
    """``raw`` as stored ("" = the service's own address), without a trailing slash; else
    ``InvalidValue`` saying why."""
    text = str(raw or "").strip()
    if not text:
        return ""
    if len(text) > MAX_LENGTH:
        raise InvalidValue(f"Use at most {MAX_LENGTH} characters.")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidValue(
            "Enter an address such as https://proxy.example.com or http://127.0.0.1:8701."
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidValue("The address may hold no user, password, query or fragment.")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InvalidValue(
            "Plain http is allowed only on this machine (127.0.0.1, ::1, localhost): use https."
        )
    try:
        parts.port  # noqa: B018 -- raises on a port out of range
    except ValueError as exc:
        raise InvalidValue("The port must be a number from 1 to 65535.") from exc
    return text.rstrip("/")


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
