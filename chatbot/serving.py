"""Serving an ASGI app from a background thread, for `chatbot eval` and for tests of real HTTP paths."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port for uvicorn to listen on; OSError when the address is taken or not this machine's."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # With Nagle on, each small response waits ~40 ms for a delayed ACK. asyncio turns it off only on connections
    # whose socket says IPPROTO_TCP (socket()'s default is 0), and Linux hands TCP_NODELAY down from the listener.
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # As uvicorn does: a restart need not wait for the last run's connections to leave TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
    except OSError:
        listener.close()
        raise
    listener.set_inheritable(True)  # as uvicorn's own: worker processes may be started with it
    return listener


@contextmanager
def serve_in_thread(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `app` on a free loopback port while the block runs; yields its base URL."""
    import uvicorn

    listener = bind(host, 0)
    port = listener.getsockname()[1]
    # An open event stream never ends by itself: a second's grace, then it is closed with the server.
    config = uvicorn.Config(app, log_config=None, access_log=False, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join()
        listener.close()
