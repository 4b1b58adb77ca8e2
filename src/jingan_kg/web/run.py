"""Running the app: binding the socket, which Host headers to accept, uvicorn (httptools, uvloop);
`serve` (the `serve` command) and `BackgroundServer` (a server in a thread, for tests and notebooks)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from ..errors import JinganKgError
from .app import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, LOOPBACK_NAMES, _Service, create_app


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket (bound here so that a busy port is a clear error, and port 0 works)."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
        sock.set_inheritable(True)
    except OSError as exc:
        error = JinganKgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        error.hint = "Choose another --port (or stop what is using it)."
        raise error from None
    return sock


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host


def _allowed_hosts(host: str) -> list[str]:
    """Host headers to accept: on loopback, only loopback names (against DNS rebinding)."""
    return sorted({*LOOPBACK_NAMES, _host_name(host)}) if _is_loopback(host) else ["*"]


def _uvicorn_server(app, log_level: str):
    """uvicorn on httptools (a C HTTP parser) and uvloop where installed, with this package's
    protocol (http11: 414/431 for an over-long request head, lingering close)."""
    import uvicorn

    from .http11 import Protocol

    config = uvicorn.Config(
        app,
        log_level=log_level,
        lifespan="on",
        timeout_graceful_shutdown=3,
        server_header=False,
        http=Protocol,
        loop="auto",  # uvloop if it is installed, else asyncio's own
    )
    return uvicorn.Server(config)


def _run_uvicorn(server, sock: socket.socket) -> None:
    """Run uvicorn on `sock` until it stops; a start that failed raises its own error (uvicorn
    would exit the process)."""
    try:
        server.run(sockets=[sock])
    except SystemExit:
        error = server.config.app.service.start_error
        if error is None:
            raise
        raise error from None


def serve(
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    allow_update: bool = False,
    workers: int | None = None,
    log_level: str = "info",
    announce=None,
    cors: list[str] | tuple[str, ...] = (),
) -> None:
    """Serve until interrupted (Ctrl-C); `announce(url)` is called once the port is bound.

    Read-only, it runs `workers` server processes on the socket, each answering its queries
    itself (web/supervisor.py, web/local.py); with `allow_update`, one process and its worker
    pools (web/workers.py). On loopback, only loopback Host headers are accepted (against DNS
    rebinding); on another address any Host header is. `cors`: origins (or "*") whose pages may read the answers; none
    by default, so no CORS headers at all.
    """
    app = create_app(out, timeout, max_rows, allow_update, workers, _allowed_hosts(host), cors=cors)
    sock = _bind(host, port)
    try:
        if announce:
            announce(f"http://{_host_name(host)}:{sock.getsockname()[1]}/")
        if allow_update:  # one process, whose worker pools hold the writer and the update generation
            _run_uvicorn(_uvicorn_server(app, log_level), sock)
            return
        from .supervisor import supervise

        config = app.service.config
        options = {
            "out": str(Path(out).resolve()),
            "timeout": timeout,
            "max_rows": max_rows,
            "workers": workers,
            "allowed_hosts": config.allowed_hosts,
            "cors": config.cors,
            "log_level": log_level,
        }
        supervise(sock, options, config.pool_size)
    finally:
        sock.close()


class BackgroundServer:
    """The server in a thread of this process, on a free loopback port, for tests and notebooks.

    with BackgroundServer(out, timeout=2) as srv:
        urllib.request.urlopen(srv.url + "/sparql?query=...")
    """

    def __init__(self, out: Path, host: str = "127.0.0.1", port: int = 0, log_level: str = "warning", **options):
        options.setdefault("allowed_hosts", _allowed_hosts(host))
        self.app = create_app(out, **options)
        self._sock = _bind(host, port)
        bound = self._sock.getsockname()
        name = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
        self.url = f"http://{name}:{bound[1]}"
        self.endpoint = self.url + "/sparql"
        self._server = _uvicorn_server(self.app, log_level)
        self._thread = threading.Thread(target=self._run, name="jingan-kg-serve", daemon=True)

    @property
    def service(self) -> _Service:
        return self.app.service

    def _run(self) -> None:
        try:
            _run_uvicorn(self._server, self._sock)
        except Exception:
            pass  # start_error, raised by __enter__

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.close()
                raise self.service.start_error or JinganKgError("the server did not start (see the log above)")
            time.sleep(0.02)
        return self

    def close(self) -> None:
        self._server.should_exit = True
        self._thread.join(15)
        self._sock.close()

    def __exit__(self, *exc) -> None:
        self.close()
