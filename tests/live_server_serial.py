"""The test live server answers one request at a time on SQLite.

The SQLite test database lives in memory, shared by the live server's request threads in
SQLite's shared-cache mode, where two writers at once fail at once ("database table is
locked"): a browser's concurrent requests (a page and its favicon, each saving the session)
then fail at random, the session save reporting it as "the request's session was deleted"
(400). PostgreSQL needs none of this: its live server stays threaded."""

from __future__ import annotations

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread


class SerialWSGIServer(ThreadedWSGIServer):
    """Threads for the connections (a browser keeps several open), one request at a time."""

    lock = threading.Lock()

    def set_app(self, application):
        def serial(environ, start_response):
            with self.lock:
                return list(application(environ, start_response))

        super().set_app(serial)


def serial_live_server_on_sqlite() -> None:
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer
