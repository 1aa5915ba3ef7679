"""The channel's side of the webhook benchmark: POSTs over kept-alive HTTP/1.1 connections, one
per sending thread, with the standard library's ``http.client``. A light client on purpose:
the load generator shares the machine's cores with what it measures (Shopify's senders run on
Shopify's machines), and ``bench/cpu_meter.py`` reports what it still takes."""

from __future__ import annotations

import http.client
import threading

ATTEMPTS = 3


class Sender:
    def __init__(self, host: str, port: int, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self._local = threading.local()

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> int:
        """The answer's status. A connection the server closed (idle between phases) is opened
        again and the request sent once more, as Shopify retries a delivery; the time counts."""
        for attempt in range(ATTEMPTS):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=headers or {})
                response = connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                connection.close()
                self._local.connection = None
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _connection(self) -> http.client.HTTPConnection:
        if getattr(self._local, "connection", None) is None:
            self._local.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        return self._local.connection
