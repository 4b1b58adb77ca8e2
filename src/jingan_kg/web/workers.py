"""The worker processes that hold the store and answer queries (`WorkerPool`), killed and replaced
when a query outlives the time limit.

This module (and what it imports at the top) is standard library only: each worker runs it in a
fresh interpreter and starts in tens of milliseconds; pyoxigraph is imported inside the worker.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import signal
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import JinganKgError, StoreNotFound
from ..graph import vocab as V
from .negotiation import DEFAULT_GRAPH, DEFAULT_RESULT, GRAPH_TYPES, RESULT_TYPES, _tsv_term, negotiate

log = logging.getLogger("jingan_kg.server")

_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


def _isolate_network() -> bool:
    """Move this process into a new, empty network namespace; False where the kernel refuses."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        # root keeps its file capabilities with a network namespace alone; others need a user one
        flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
        return libc.unshare(flags) == 0
    except (OSError, AttributeError):
        return False


def _text(status: int, message: str) -> tuple[int, str, bytes]:
    return status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8")


class _StoreWorker:
    """The store a worker process answers from, reopened when `build` swaps in a new one."""

    def __init__(self, path: Path, writable: bool, max_rows: int):
        self.path, self.writable, self.max_rows = path, writable, max_rows
        self.store: Any = None
        self.dir_fd: int | None = None  # held open so the inode number of our store is not reused
        self.generation = -1

    def _current(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None  # between the two renames of a swap: keep what we have
        return st.st_dev, st.st_ino

    def _opened(self) -> tuple[int, int] | None:
        if self.dir_fd is None:
            return None
        st = os.fstat(self.dir_fd)
        return st.st_dev, st.st_ino

    def refresh(self, generation: int = 0, wait: float = 0.0) -> bool:
        """Open the store now at `path` if it is not the one open (or updates happened); True if reopened."""
        import pyoxigraph as ox

        deadline = time.monotonic() + wait
        while True:
            current = self._current()
            if current is not None and current == self._opened() and (self.writable or generation == self.generation):
                return False
            if current is not None:
                try:
                    fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
                    try:
                        if self.writable:
                            self.store = None  # release the old store's lock before opening another
                        store = ox.Store(str(self.path)) if self.writable else ox.Store.read_only(str(self.path))
                    except BaseException:
                        os.close(fd)
                        raise
                except OSError:
                    if self.store is not None and not self.writable:
                        return False  # keep answering from the old store
                    if time.monotonic() >= deadline or self._current() == current:
                        raise  # not a swap under way (a lock held elsewhere, a damaged store …)
                else:
                    if self.dir_fd is not None:
                        os.close(self.dir_fd)
                    self.store, self.dir_fd, self.generation = store, fd, generation
                    return True
            elif self.store is not None:
                return False
            elif time.monotonic() >= deadline:
                raise StoreNotFound(str(self.path))
            time.sleep(0.05)

    def answer(self, req: dict) -> tuple[int, str, bytes]:
        op = req["op"]
        try:
            self.refresh(req.get("generation", 0), wait=1.0 if self.store is None else 0.0)
            if op == "count":  # triples in the default graph, for the service description
                n = next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
                return 200, "text/plain", n.encode()
            try:
                return self._run(req)
            except OSError:
                if self.refresh(req.get("generation", 0)):  # the store was swapped under the query
                    return self._run(req)
                raise
        except SyntaxError as exc:
            return _text(400, f"Malformed {'update' if op == 'update' else 'query'}: {exc}")
        except (ValueError, TypeError) as exc:
            return _text(400, f"Bad request: {exc}")
        except OSError as exc:
            return _text(500, f"The store could not answer: {exc}")
        except Exception as exc:  # keep the worker alive whatever happens
            return _text(500, f"Internal error: {type(exc).__name__}: {exc}")

    def _run(self, req: dict) -> tuple[int, str, bytes]:
        import pyoxigraph as ox

        if req["op"] == "update":
            self.store.update(req["sparql"], prefixes=V.PREFIXES)
            self.store.flush()
            return 204, "text/plain", b""
        kwargs: dict[str, Any] = {}
        if req.get("default_graphs") is not None or req.get("named_graphs") is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in req.get("default_graphs") or []]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.get("named_graphs") or []]
        result = self.store.query(req["sparql"], prefixes=V.PREFIXES, **kwargs)
        accept = req.get("accept")
        if isinstance(result, ox.QueryTriples):
            media = negotiate(accept, list(GRAPH_TYPES), DEFAULT_GRAPH) or DEFAULT_GRAPH
            fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
            triples = []
            for t in result:
                if len(triples) == self.max_rows and self.max_rows:
                    return self._too_many("triples")
                triples.append(t)
            return 200, fmt.media_type, ox.serialize(triples, format=fmt, prefixes=V.PREFIXES)
        media = negotiate(accept, list(RESULT_TYPES), DEFAULT_RESULT) or DEFAULT_RESULT
        fmt = getattr(ox.QueryResultsFormat, RESULT_TYPES[media])
        if isinstance(result, ox.QueryBoolean):
            return 200, fmt.media_type, result.serialize(format=fmt)
        lines = ["\t".join(str(v) for v in result.variables)]
        for solution in result:
            if len(lines) > self.max_rows > 0:
                return self._too_many("rows")
            lines.append("\t".join(_tsv_term(t) for t in solution))
        tsv = ("\n".join(lines) + "\n").encode("utf-8")
        return 200, fmt.media_type, ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)

    def _too_many(self, what: str) -> tuple[int, str, bytes]:
        return _text(
            413,
            f"The answer has more than {self.max_rows} {what}, this server's limit (--max-rows). "
            "Add a LIMIT (and OFFSET to page), or narrow the query.",
        )


def _worker_main(conn, path: str, writable: bool, max_rows: int) -> None:
    """A worker process: answer requests from `conn` one at a time until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    isolated = _isolate_network()
    try:
        worker = _StoreWorker(Path(path), writable, max_rows)
        worker.refresh(0, wait=5.0)
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", isolated))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(worker.answer(req))


# A worker is a fresh interpreter running only this (not multiprocessing's spawn, which re-runs
# the parent's __main__): it imports this module (and negotiation's formats), the vocabulary and
# pyoxigraph, nothing else.
_WORKER_CODE = (
    "import sys; from multiprocessing.connection import Connection; "
    "from jingan_kg.web.workers import _worker_main; "
    "_worker_main(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3] == '1', int(sys.argv[4]))"
)


def _start_worker(store: Path, writable: bool, max_rows: int):
    """Start a worker process; (process, connection to it)."""
    import subprocess
    import sys
    from multiprocessing.connection import Connection

    ours, theirs = socket.socketpair()
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER_CODE,
                str(theirs.fileno()),
                str(store),
                "1" if writable else "0",
                str(max_rows),
            ],
            pass_fds=[theirs.fileno()],
            env=env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # a terminal's Ctrl-C goes to the server, which stops the workers
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return process, Connection(ours.detach())


@dataclass(eq=False)
class _Handle:
    process: Any
    conn: Any


class WorkerPool:
    """Worker processes answering queries, each at most `timeout` seconds (then killed and replaced)."""

    START_TIMEOUT = 60.0

    def __init__(self, store: Path, size: int, timeout: float, max_rows: int, writable: bool = False):
        self.store, self.size, self.timeout, self.max_rows, self.writable = store, size, timeout, max_rows, writable
        self.isolated: bool | None = None
        self._threads = concurrent.futures.ThreadPoolExecutor(
            max_workers=2 * size + 2, thread_name_prefix="jkg-worker-io"
        )
        self._idle: asyncio.Queue[_Handle] | None = None
        self._all: set[_Handle] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self.replaced = 0  # workers killed (time limit) or lost and started anew

    @property
    def idle(self) -> int:
        """Workers waiting for a query now."""
        return self._idle.qsize() if self._idle is not None else 0

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failed = [e for e in started if isinstance(e, BaseException)]
        if failed:
            await self.close()
            raise failed[0]
        for h in started:
            self._idle.put_nowait(h)

    async def _spawn(self) -> _Handle:
        loop = asyncio.get_running_loop()
        process, parent = await loop.run_in_executor(
            self._threads, _start_worker, self.store, self.writable, self.max_rows
        )
        handle = _Handle(process, parent)
        self._all.add(handle)
        ok = await loop.run_in_executor(self._threads, parent.poll, self.START_TIMEOUT)
        try:
            kind, detail = parent.recv() if ok else ("error", f"no answer in {self.START_TIMEOUT:g} s")
        except (EOFError, OSError):
            kind, detail = "error", "it exited while starting"
        if kind != "ready":
            await self._discard(handle)
            error = JinganKgError(
                f"a {'writer' if self.writable else 'query worker'} could not open {self.store}: {detail}"
            )
            if self.writable and "lock" in str(detail).lower():
                error.hint = (
                    "Another process has the store open read-write (another `serve --allow-update`?). "
                    "Without --allow-update the server opens it read-only, beside any writer."
                )
            raise error
        self.isolated = detail if self.isolated is None else (self.isolated and detail)
        return handle

    async def run(self, request: dict) -> tuple[int, str, bytes]:
        """Send one request to an idle worker; (status, content type, body)."""
        assert self._idle is not None, "start() the pool first"
        try:
            handle = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            return _text(503, f"All {self.size} query workers stayed busy for {self.timeout:g} s; try again shortly.")
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._threads, _exchange, handle.conn, request)
        try:
            done, _ = await asyncio.wait({future}, timeout=self.timeout)
        except BaseException:  # cancelled (client gone, server stopping): the worker's state is unknown
            self._replace(handle, future)
            raise
        if not done:
            self._replace(handle, future)
            return _text(
                504,
                f"The query ran longer than this server's time limit of {self.timeout:g} s "
                "(--timeout) and was stopped. Narrow it, or add a LIMIT.",
            )
        try:
            reply = future.result()
        except (EOFError, OSError) as exc:
            self._replace(handle, None)
            return _text(500, f"The worker answering this query stopped ({exc or 'exited'}); try again.")
        self._idle.put_nowait(handle)
        return reply

    def _replace(self, handle: _Handle, future) -> None:
        """Kill a worker and start another in its place, in the background."""
        self.replaced += 1
        handle.process.kill()
        task = asyncio.get_running_loop().create_task(self._renew(handle, future))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _renew(self, handle: _Handle, future) -> None:
        if future is not None:
            try:
                await future  # the blocked read ends with EOFError now that the worker is dead
            except Exception:
                pass
        await self._discard(handle)
        delay = 0.1
        while not self._closed:
            try:
                new = await self._spawn()
            except Exception as exc:
                log.warning("could not start a query worker (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if self._closed:
                await self._discard(new)
            else:
                self._idle.put_nowait(new)
            return

    async def _discard(self, handle: _Handle) -> None:
        self._all.discard(handle)
        handle.process.kill()
        with contextlib.suppress(Exception):
            await asyncio.get_running_loop().run_in_executor(self._threads, handle.process.wait, 5)
        handle.conn.close()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for handle in list(self._all):
            handle.process.kill()
        for handle in list(self._all):
            await self._discard(handle)
        self._threads.shutdown(wait=False, cancel_futures=True)


def _exchange(conn, request: dict):
    conn.send(request)
    return conn.recv()
