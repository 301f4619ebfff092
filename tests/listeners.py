"""What the loopback test servers share (faultserver.FaultServer, rawserver.RawServer): one
listening socket per host on an ephemeral port, a thread per connection, and a stop that
closes the listeners and shuts every open connection down."""

from __future__ import annotations

import socket
import threading


class Listeners:
    """Subclasses fill ``ports`` and ``_listeners`` in their ``start()``, and add accepted
    connections to ``_conns`` under ``_lock``."""

    def __init__(self, hosts: list[str]) -> None:
        self.hosts = hosts
        self.ports: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._listeners: list[socket.socket] = []
        self._conns: set[socket.socket] = set()

    def stop(self) -> None:
        self._stopped.set()
        for lsock in self._listeners:
            try:
                lsock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            lsock.close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _forget(self, conn: socket.socket) -> None:
        """A connection's thread is done with it: no longer tracked, closed."""
        with self._lock:
            self._conns.discard(conn)
        try:
            conn.close()
        except OSError:
            pass

    def base(self, host: str | int = 0) -> str:
        if isinstance(host, int):
            host = self.hosts[host]
        return f"http://{host}:{self.ports[host]}"
