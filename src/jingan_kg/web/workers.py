"""The worker processes that hold the store and answer queries (`WorkerPool`), killed when a query
outlives the time limit; long queries move out of the way of quick ones (see `WorkerPool`). What a
worker answers, and how, is web/answer.py.

This module (and what it imports at the top) is standard library only: each worker runs it in a
fresh interpreter and starts in tens of milliseconds; pyoxigraph is imported inside the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import JinganKgError
from .answer import QUERY_STACK_BYTES, _isolate_network, _Rows, _StoreWorker, _text

__all__ = ["WorkerPool", "_Rows", "_StoreWorker", "_start_worker"]

log = logging.getLogger("jingan_kg.server")


def _worker_main(conn, path: str, writable: bool, max_rows: int) -> None:
    """A worker process: answer requests from `conn` until it closes, on a thread the process waits for."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    isolated = _isolate_network()
    try:
        worker = _StoreWorker(Path(path), writable, max_rows)
        worker.refresh(0, wait=5.0)
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", isolated))
    threading.stack_size(QUERY_STACK_BYTES)  # after unshare(), which needs a single thread
    threading.Thread(target=_answer_all, args=(conn, worker), name="jkg-query").start()


def _answer_all(conn, worker: _StoreWorker) -> None:
    """Answer requests from `conn` one at a time until it closes (on the thread with the large stack)."""
    with contextlib.suppress(EOFError, OSError):
        while True:
            conn.send(worker.answer(conn.recv()))


# A worker is a fresh interpreter running only this (not multiprocessing's spawn, which re-runs the
# parent's __main__): it imports this module (and negotiation's formats), the vocabulary and pyoxigraph.
_WORKER_CODE = (
    "import sys; from multiprocessing.connection import Connection; "
    "from jingan_kg.web.workers import _worker_main; "
    "_worker_main(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3] == '1', int(sys.argv[4]))"
)


def _start_worker(store: Path, writable: bool, max_rows: int):
    """Start a worker process; (process, our end of the socket pair it reads and writes)."""
    import subprocess
    import sys

    ours, theirs = socket.socketpair()
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    fd = theirs.fileno()
    argv = [sys.executable, "-c", _WORKER_CODE, str(fd), str(store), str(int(writable)), str(max_rows)]
    try:  # a session of its own: a terminal's Ctrl-C goes to the server, which stops the workers
        process = subprocess.Popen(argv, pass_fds=[fd], env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return process, ours


@dataclass(eq=False, repr=False)
class _Handle:
    """A worker and the event loop's streams to it, in the framing of multiprocessing.connection (the worker's)."""

    process: Any
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    async def exchange(self, message: Any) -> Any:
        data = pickle.dumps(message)  # a request is at most a few MiB: a 4-byte length
        self.writer.writelines((struct.pack("!i", len(data)), data))
        return await self.receive()

    async def receive(self) -> Any:
        (size,) = struct.unpack("!i", await self.reader.readexactly(4))
        if size == -1:  # 2 GiB or more: an 8-byte length follows
            (size,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return pickle.loads(await self.reader.readexactly(size))


LONG_NICE = 10  # the CPU niceness of a worker once its query runs long


def _lower_priority(pid: int) -> None:
    """Give a worker running a long query less CPU than the others (best effort). Each worker is
    its own session, hence, where the kernel groups tasks by session (autogroup), its own group:
    there the group's niceness is what counts, so both are set."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, LONG_NICE)
    with contextlib.suppress(OSError), open(f"/proc/{pid}/autogroup", "w") as f:
        f.write(str(LONG_NICE))


class WorkerPool:
    """Worker processes answering queries, each at most `timeout` seconds (then killed), so that
    slow queries cannot starve the others (the policy in full: the package's docstring):
    - `size` workers take queries in arrival order, but a client (by address) with a query running
      long, or that had one in the last `timeout` s, waits behind the others; a request waits at
      most `timeout` s, and at most `max_waiting` wait at once (503 beyond either).
    - A query still running after `long_after` s (default min(0.5, timeout / 4)) leaves the pool
      at a lower CPU priority until the time limit, and a spare takes its worker's place at once.
    - At most `max_long` (default `size`) run long at once, `per_client_long` (default
      max(1, max_long // 2)) from one client address (behind a proxy, every client's); more: 503.
    `long_after=None` turns the long lane off (the writer: its store has one read-write opener).
    """

    START_TIMEOUT = 60.0
    SPARES = 1  # workers started ahead, to replace one that goes long or is killed

    def __init__(
        self,
        store: Path,
        size: int,
        timeout: float,
        max_rows: int,
        writable: bool = False,
        long_after: float | None = -1.0,
        max_long: int | None = None,
        per_client_long: int | None = None,
        max_waiting: int | None = None,
    ):
        self.store, self.size, self.timeout, self.max_rows, self.writable = store, size, timeout, max_rows, writable
        if long_after is not None and long_after < 0:  # the default
            long_after = None if writable else min(0.5, timeout / 4)
        self.long_after = long_after
        self.max_long = size if max_long is None else max_long
        self.per_client_long = max(1, self.max_long // 2) if per_client_long is None else per_client_long
        self.max_waiting = max(64, 16 * size) if max_waiting is None else max_waiting
        self.spares = self.SPARES if long_after is not None else 0
        self.isolated: bool | None = None
        self._free: list[_Handle] = []  # idle workers
        self._waiters: tuple[deque, deque] = (deque(), deque())  # requests waiting: first, then low priority
        self._started = False
        self._spare: list[_Handle] = []
        self._owed = 0  # workers being started for the idle queue
        self._starting = 0
        self._long: dict[str, int] = {}  # client address -> its queries running long now
        self._low_until: dict[str, float] = {}  # client address -> when its requests stop waiting last
        self._all: set[_Handle] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self.replaced = 0  # workers killed (time limit, client gone) or lost, and started anew
        self.long_queries = 0  # queries that went long
        self.refused_long = 0  # queries stopped when going long (503)

    @property
    def idle(self) -> int:
        """Workers waiting for a query now."""
        return len(self._free)

    @property
    def running_long(self) -> int:
        """Queries running long now."""
        return sum(self._long.values())

    async def start(self) -> None:
        self._started = True
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size + self.spares)), return_exceptions=True)
        failed = [e for e in started if isinstance(e, BaseException)]
        if failed:
            await self.close()
            raise failed[0]
        self._free.extend(started[: self.size])
        self._spare.extend(started[self.size :])

    async def _spawn(self) -> _Handle:
        process, sock = await asyncio.to_thread(_start_worker, self.store, self.writable, self.max_rows)
        handle = _Handle(process, *await asyncio.open_unix_connection(sock=sock))  # a local pair: cannot fail
        self._all.add(handle)
        try:
            kind, detail = await asyncio.wait_for(handle.receive(), self.START_TIMEOUT)
        except TimeoutError:
            kind, detail = "error", f"no answer in {self.START_TIMEOUT:g} s"
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

    async def run(self, request: dict, client: str = "") -> tuple[int, str, bytes]:
        """Send one request to an idle worker; (status, content type, body). `client`: the
        address the request came from (the per-client limit on long queries)."""
        assert self._started, "start() the pool first"
        waiting = len(self._waiters[0]) + len(self._waiters[1])
        if waiting >= self.max_waiting:
            return _text(503, f"{waiting} requests are already waiting for a query worker; try again shortly.")
        handle = await self._acquire(self._is_low(client))
        if handle is None:
            return _text(503, f"All {self.size} query workers stayed busy for {self.timeout:g} s; try again shortly.")
        loop = asyncio.get_running_loop()
        started = loop.time()
        future = asyncio.ensure_future(handle.exchange(request))
        lane = self.long_after is not None and self.long_after < self.timeout
        long = False
        try:
            done, _ = await asyncio.wait({future}, timeout=self.long_after if lane else self.timeout)
            if not done and lane:
                refused = self._go_long(handle, client)
                if refused:
                    self._kill(handle, future, refill=True)
                    return refused
                long = True
                left = max(0.0, self.timeout - (loop.time() - started))
                done, _ = await asyncio.wait({future}, timeout=left)
        except BaseException:  # cancelled (client gone, server stopping): the worker's state is unknown
            self._kill(handle, future, refill=not long)
            raise
        finally:
            if long:
                self._long[client] -= 1
                if not self._long[client]:
                    del self._long[client]
                self._mark_low(client)
        if not done:
            self._kill(handle, future, refill=not long)
            return _text(
                504,
                f"The query ran longer than this server's time limit of {self.timeout:g} s "
                "(--timeout) and was stopped. Narrow it, or add a LIMIT.",
            )
        try:
            reply = future.result()
        except (EOFError, OSError) as exc:
            self._kill(handle, future, refill=not long)
            return _text(500, f"The worker answering this query stopped ({exc or 'exited'}); try again.")
        if long:  # it runs at a lower priority now, and the pool has its replacement
            self._background(self._discard(handle))
        else:
            self._give(handle)
        return reply

    async def _acquire(self, low: bool) -> _Handle | None:
        """An idle worker, waited for at most `timeout` s (None then); low-priority requests get
        one only when no other request waits."""
        if self._free:  # then nobody waits: a worker that comes free goes to a waiter first
            return self._free.pop()
        waiter = asyncio.get_running_loop().create_future()
        self._waiters[low].append(waiter)
        try:
            async with asyncio.timeout(self.timeout):
                return await asyncio.shield(waiter)
        except TimeoutError:
            if waiter.done():
                return waiter.result()
            waiter.cancel()
            return None
        except BaseException:
            if waiter.done():
                self._give(waiter.result())
            else:
                waiter.cancel()
            raise
        finally:
            with contextlib.suppress(ValueError):
                self._waiters[low].remove(waiter)

    def _give(self, handle: _Handle) -> None:
        """A worker is idle: to the first waiting request (low priority last), else to the free list."""
        for queue in self._waiters:
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(handle)
                    return
        self._free.append(handle)

    def _is_low(self, client: str) -> bool:
        """Whether the client's requests wait behind others': it has a query running long, or
        had one within the last `timeout` s."""
        return client in self._long or self._low_until.get(client, 0.0) > time.monotonic()

    def _mark_low(self, client: str) -> None:
        now = time.monotonic()
        if len(self._low_until) > 1000:
            self._low_until = {c: t for c, t in self._low_until.items() if t > now}
        self._low_until[client] = now + self.timeout

    def _go_long(self, handle: _Handle, client: str) -> tuple[int, str, bytes] | None:
        """Move a worker whose query has run `long_after` s out of the pool; a 503 if it may not."""
        mine = self._long.get(client, 0)
        if self.running_long >= self.max_long or mine >= self.per_client_long:
            self.refused_long += 1
            self._mark_low(client)
            who = (
                f"{mine} of this client's queries (address {client or 'unknown'}) already run"
                if mine >= self.per_client_long
                else f"{self.running_long} queries already run"
            )
            limit = self.per_client_long if mine >= self.per_client_long else self.max_long
            return _text(
                503,
                f"This query was stopped after {self.long_after:g} s: {who} longer than that, "
                f"and this server lets {limit} do so at once. Try again when they are done, "
                "or narrow the query.",
            )
        self._long[client] = mine + 1
        self.long_queries += 1
        _lower_priority(handle.process.pid)
        self._refill()
        return None

    def _refill(self) -> None:
        """One more worker for the idle queue: a spare now, or one started for it."""
        if self._spare:
            self._give(self._spare.pop())
        else:
            self._owed += 1
        for _ in range(self._owed + self.spares - len(self._spare) - self._starting):
            self._starting += 1
            self._background(self._start_one())

    async def _start_one(self) -> None:
        """Start a worker (counted in `_starting` by the caller) for the idle queue or the spares."""
        try:
            delay = 0.1
            while True:
                if self._closed:
                    return
                try:
                    handle = await self._spawn()
                    break
                except Exception as exc:
                    log.warning("could not start a query worker (%s); retrying in %.1f s", exc, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 5.0)
        finally:
            self._starting -= 1
        if self._closed:
            await self._discard(handle)
        elif self._owed:
            self._owed -= 1
            self._give(handle)
        else:
            self._spare.append(handle)

    def _kill(self, handle: _Handle, future, refill: bool) -> None:
        """Kill a worker and cancel the exchange with it; `refill`: replace it in the pool."""
        self.replaced += 1
        handle.process.kill()
        future.cancel()
        self._background(self._discard(handle))
        if refill:
            self._refill()

    def _background(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _discard(self, handle: _Handle) -> None:
        self._all.discard(handle)
        handle.process.kill()
        with contextlib.suppress(Exception):
            await asyncio.to_thread(handle.process.wait, 5)
        handle.writer.close()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for handle in list(self._all):
            handle.process.kill()
        for handle in list(self._all):
            await self._discard(handle)
