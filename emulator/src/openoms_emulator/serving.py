"""What both emulators' HTTP servers share: binding an emulator to its handler, a server running
in a thread for tests, serving until stopped, and dropping an answer after the change committed."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_server(
    handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1", port: int = 0, **attrs
) -> ThreadingHTTPServer:
    """A threading server whose requests go to a subclass of ``handler`` carrying ``attrs``
    (the emulator it serves). Nagle's algorithm is off (TCP_NODELAY): the answer's headers and
    body are two writes, and the body would otherwise wait for the client's delayed ACK (about
    40 ms a request)."""
    bound = type(f"Bound{handler.__name__}", (handler,), {"disable_nagle_algorithm": True, **attrs})
    server = ThreadingHTTPServer((host, port), bound)
    server.daemon_threads = True
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


class ServerThread:
    """``server`` serving from a daemon thread (tests): ``.url``, ``.stop()``; ``on_stop`` runs
    after the server closed."""

    def __init__(self, server: ThreadingHTTPServer, on_stop: Callable[[], None] | None = None):
        self.server = server
        self.url = base_url(server)
        self._on_stop = on_stop
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._on_stop:
            self._on_stop()
        self.thread.join(timeout=5)


def serve_until_stopped(
    server: ThreadingHTTPServer, on_stop: Callable[[], None] | None = None
) -> None:
    """Serve in the foreground until Ctrl-C (the ``openoms-emulator`` command)."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if on_stop:
            on_stop()
        sys.stdout.flush()


def drop_answer(handler: BaseHTTPRequestHandler) -> None:
    """The change is committed; the client gets no answer (the connection is closed)."""
    handler.close_connection = True
    with contextlib.suppress(OSError):
        handler.connection.shutdown(socket.SHUT_RDWR)
