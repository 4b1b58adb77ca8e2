"""`serve` as several server processes on one listening socket (`supervise`), each answering its
queries itself (web/local.py), and the supervisor that keeps their number: a process that
retires (a query outlived the time limit, or runs long) says so, and a fresh one starts at once
in its place; one that dies is replaced too. Ctrl-C or SIGTERM stops them all.

Each process is a fresh interpreter (`process_main`) in a process group of its own (a terminal's
Ctrl-C is the supervisor's) but the supervisor's session: a session of its own would be a
scheduler autogroup of its own too, and each request's wake-ups across groups halved the rate
measured (decision 0021). It dies with the supervisor (PR_SET_PDEATHSIG). It first moves
into an empty network namespace (the listening socket it was given still works there), then
loads uvicorn and the app. Standard library only at the top.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import JinganKgError
from .local import LEAVING, READY

log = logging.getLogger("jingan_kg.server")

_PROCESS_CODE = "import sys; from jingan_kg.web.supervisor import process_main; process_main(sys.argv[1])"
START_TIMEOUT = 60.0


class _Child:
    def __init__(self, process: subprocess.Popen, report: int):
        self.process, self.report = process, report
        self.said = b""  # what it has told the supervisor
        self.ready = self.leaving = self.replaced = self.exited = False


def _start(sock: socket.socket, options: dict) -> _Child:
    read, write = os.pipe()
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    args = json.dumps({**options, "socket": sock.fileno(), "report": write})
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _PROCESS_CODE, args],
            pass_fds=[sock.fileno(), write],
            env=env,
            stdin=subprocess.DEVNULL,
            process_group=0,  # a terminal's Ctrl-C is the supervisor's
        )
    except BaseException:
        os.close(read)
        raise
    finally:
        os.close(write)
    return _Child(process, read)


class _Stop(Exception): ...


def supervise(sock: socket.socket, options: dict, processes: int) -> None:
    """Run `processes` server processes on `sock` until Ctrl-C or SIGTERM. `options`: what
    `create_app` takes (out, timeout, max_rows, workers, allowed_hosts, cors) and log_level."""
    folder = Path(tempfile.mkdtemp(prefix="jingan-kg-serve-"))  # the long queries' lock files
    options = {**options, "slots": str(folder)}
    selector = selectors.DefaultSelector()
    children: dict[int, _Child] = {}

    def add() -> None:
        child = _start(sock, options)
        children[child.report] = child
        selector.register(child.report, selectors.EVENT_READ)

    def stop(*_) -> None:
        raise _Stop

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for _ in range(processes):
            add()
        deadline = time.monotonic() + START_TIMEOUT
        while not all(c.ready for c in children.values()):
            if time.monotonic() > deadline:
                raise JinganKgError(f"the server processes did not start in {START_TIMEOUT:g} s")
            for fd in _events(selector, children, 0.5):
                child = children[fd]
                if not child.ready and (child.exited or child.said.startswith(b"E")):
                    raise JinganKgError(child.said[1:].decode("utf-8", "replace").strip() or "a server process exited")
        failures = 0
        while True:
            for fd in _events(selector, children, 1.0):
                child = children[fd]
                if child.leaving and not child.replaced:
                    child.replaced = True
                    add()  # at once: the one leaving finishes its requests meanwhile
                if child.exited:
                    del children[fd]
                    os.close(fd)
                    if child.replaced:
                        failures = 0
                    else:
                        failures += 1
                        log.warning("a server process exited (%s); starting another", child.process.returncode)
                        time.sleep(min(5.0, 0.1 * 2**failures))
                        add()
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for child in children.values():
            with contextlib.suppress(OSError):
                child.process.terminate()  # uvicorn's graceful shutdown
        for child in children.values():
            try:
                child.process.wait(5)
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
            with contextlib.suppress(OSError):
                os.close(child.report)
        selector.close()
        shutil.rmtree(folder, ignore_errors=True)


def _events(selector, children: dict[int, _Child], timeout: float) -> list[int]:
    """The children that said something (READY, LEAVING, or E and a message) or exited within `timeout`."""
    events = []
    for key, _ in selector.select(timeout):
        child = children[key.fd]
        data = os.read(key.fd, 4096)
        if data:
            child.said += data
        else:
            selector.unregister(key.fd)
            child.process.wait()
            child.exited = True
        child.ready = child.said.startswith(READY)
        child.leaving = child.ready and LEAVING in child.said
        events.append(key.fd)
    return events


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def process_main(argument: str) -> None:
    """A server process: leave the network, open the store, serve on the socket given until told
    to stop (SIGTERM) or until it has retired; then exit at once (a runaway query ends with it)."""
    from .answer import _isolate_network

    options = json.loads(argument)
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's
    isolated = _isolate_network()  # before any thread starts
    report = options.pop("report")
    try:
        server, runner, sock = _server(options)
        runner.isolated = isolated

        def ready() -> None:
            os.write(report, READY)

        def retire(why: str) -> None:
            os.write(report, LEAVING)
            for listening in getattr(server, "servers", []):
                listening.close()  # no new connections: the others take them
            # uvicorn's shutdown ends keep-alive and closes idle connections once no query is
            # left; not now: a connection just accepted, its request not read yet, would be reset
            _exit_when_done(server, runner)

        runner.ready, runner.retire = ready, retire
        from .run import _run_uvicorn

        _run_uvicorn(server, sock)
    except BaseException as exc:  # said to the supervisor, which shows it
        with contextlib.suppress(OSError):
            os.write(report, b"E" + f"{exc}".encode() + b"\n")
        os._exit(1)
    os._exit(0)


def _server(options: dict):
    from .app import create_app
    from .local import _Slots
    from .run import _uvicorn_server

    app = create_app(
        Path(options["out"]),
        options["timeout"],
        options["max_rows"],
        False,
        options["workers"],
        options["allowed_hosts"],
        cors=options["cors"],
        local=True,
    )
    runner = app.service.readers
    runner.slots = _Slots(Path(options["slots"]), runner.max_long, runner.per_client_long)
    sock = socket.socket(fileno=options["socket"])
    return _uvicorn_server(app, options["log_level"]), runner, sock


def _exit_when_done(server, runner) -> None:
    """uvicorn stops once this process answers no query any more."""
    import asyncio

    loop = asyncio.get_running_loop()

    def check() -> None:
        if runner.pending:
            loop.call_later(0.05, check)
        else:
            server.should_exit = True

    loop.call_later(0.2, check)  # the requests of connections accepted before are under way by then
