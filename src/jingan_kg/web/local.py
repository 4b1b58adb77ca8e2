"""A server process that answers queries itself (`LocalRunner`), one of several that `serve` runs
on the same listening socket (web/supervisor.py): no hop to a worker process and back.

Each process holds the store read-only and runs each query on a thread of its own (pyoxigraph
releases the GIL while it evaluates and writes an answer), with the same answers as a worker's
(web/answer.py: the query guard, --max-rows, the formats). pyoxigraph cannot cancel a query, so
a query that outlives the time limit takes its process with it: the client gets the 504 at once,
and the process *retires* — it stops accepting connections, tells the supervisor (which starts
a fresh one in its place), finishes the requests it has, and exits, ending the runaway query.
A query that runs past `long_after` retires its process early the same way, at a lower CPU
priority, as a worker leaves the pool (web/workers.py): the others take the new connections.
How many may run long at once (`max_long`, `per_client_long` from one address) is counted
across the processes with lock files, which the kernel releases when a process ends.

Standard library only at the top, as web/workers.py: the process imports uvicorn and Starlette
after it has left the network (unshare needs a single thread).
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .answer import QUERY_STACK_BYTES, _StoreWorker, _text
from .workers import LONG_NICE

LEAVING, READY = b"L", b"R"  # what a process tells the supervisor (and "E" + a message + newline)


class _SharedStore(_StoreWorker):
    """The store of a process, shared by its query threads: reopened under a lock, and a search
    index (sqlite) for each thread."""

    def __init__(self, path: Path, max_rows: int):
        super().__init__(path, False, max_rows)
        self._lock = threading.Lock()
        self._local = threading.local()

    def fresh(self) -> bool:
        """Whether the store open is the one at `path` now (no reopening before the next query)."""
        return self.store is not None and self._current() == self._opened()

    def refresh(self, generation: int = 0, wait: float = 0.0) -> bool:
        with self._lock:
            return super().refresh(generation, wait)

    def index(self):
        from ..store.index import SearchIndex

        path = str(Path(self.real or self.path).parent / "search.sqlite")
        held = getattr(self._local, "index", None)
        if held is None or held[0] != path:
            held = self._local.index = (path, SearchIndex(Path(path)))
        return held[1]


class _Slots:
    """Lock files for the queries running long in every process of a server: a query takes a
    slot of `max_long` and one of `per_client` for its client's address, or is refused."""

    def __init__(self, folder: Path, max_long: int, per_client: int):
        self.folder, self.max_long, self.per_client = folder, max_long, per_client
        self._held: list[int] = []

    def _take(self, prefix: str, count: int) -> int | None:
        for n in range(count):
            fd = os.open(self.folder / f"{prefix}-{n}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            return fd
        return None

    def take(self, client: str) -> str | None:
        """None if both slots were taken (held until this process ends), else which limit is full."""
        mine = self._take("client-" + hashlib.sha256(client.encode()).hexdigest()[:16], self.per_client)
        if mine is None:
            return "client"
        every = self._take("long", self.max_long)
        if every is None:
            os.close(mine)
            return "all"
        self._held += [mine, every]
        return None


# A query (text, formats, graphs) answered within this time on a query thread is answered on the
# event loop's thread the next times, until the store changes: a read-only store answers the same
# query with the same work, and the hand-off to a thread and back is a quarter of a quick query's CPU.
QUICK_SECONDS = 0.002
QUICK_QUERIES = 512


def _key(request: dict):
    """What makes a query's answer, or None for what is not a query."""
    if request.get("op") != "query":
        return None
    graphs = tuple(request.get("default_graphs") or ()), tuple(request.get("named_graphs") or ())
    return request["sparql"], request.get("accept"), request.get("base_iri"), graphs, request.get("generation")


class LocalRunner:
    """Queries answered in this process (the interface of `WorkerPool`: `start`, `run`, `close`).
    `retire(why)` is called once a query outlives the limit (or goes long): it is the process's
    to stop accepting and exit once `pending` is 0."""

    def __init__(
        self,
        store: Path,
        size: int,
        timeout: float,
        max_rows: int,
        slots: _Slots | None = None,
        long_after: float | None = -1.0,
        max_waiting: int | None = None,
    ):
        self.store, self.size, self.timeout, self.max_rows = store, size, timeout, max_rows
        self.long_after = min(0.5, timeout / 4) if long_after is not None and long_after < 0 else long_after
        self.max_long = slots.max_long if slots else size
        self.per_client_long = slots.per_client if slots else max(1, size // 2)
        self.max_waiting = max(64, 16 * size) if max_waiting is None else max_waiting
        self.slots = slots
        self.isolated: bool | None = None
        self.ready = lambda: None  # called once the store is open
        self.retire = lambda why: None
        self.retiring: str | None = None
        self.pending = 0  # requests in `run` now
        self.replaced = self.long_queries = self.refused_long = 0
        self._running = 0
        self._waiting = 0
        self._free: asyncio.Semaphore | None = None
        self._store: _SharedStore | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._quick: set = set()  # queries answered quickly (QUICK_SECONDS) ...
        self._quick_of: str | None = None  # ... from the store opened at this path

    @property
    def idle(self) -> int:
        return self.size - self._running

    @property
    def running_long(self) -> int:
        return 1 if self.retiring == "long" else 0

    async def start(self) -> None:
        threading.stack_size(QUERY_STACK_BYTES)  # the query threads' stack (see web/answer.py)
        self._store = _SharedStore(self.store, self.max_rows)
        await asyncio.to_thread(self._store.refresh, 0, 5.0)
        self._free = asyncio.Semaphore(self.size)
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="jkg-query")
        self.ready()

    async def close(self) -> None:
        pass  # the store closes with the process

    def _leave(self, why: str) -> None:
        if self.retiring is None:
            self.retiring = why
            self.replaced += 1
            self.retire(why)

    async def run(self, request: dict, client: str = "") -> tuple[int, str, bytes]:
        """Answer one request on a thread of this process; (status, content type, body)."""
        if self._waiting >= self.max_waiting:
            return _text(503, f"{self._waiting} requests are already waiting for a query worker; try again shortly.")
        self.pending += 1
        try:
            return await self._run(request, client)
        finally:
            self.pending -= 1

    async def _run(self, request: dict, client: str) -> tuple[int, str, bytes]:
        key = _key(request)
        if key is not None and key in self._quick and self._store.real == self._quick_of and self._store.fresh():
            return self._inline(request, key)
        loop = asyncio.get_running_loop()
        self._waiting += 1
        try:
            if self._free.locked():
                async with asyncio.timeout(self.timeout):
                    await self._free.acquire()
            else:
                await self._free.acquire()  # at once
        except TimeoutError:
            return _text(503, f"All {self.size} query workers stayed busy for {self.timeout:g} s; try again shortly.")
        finally:
            self._waiting -= 1
        started = loop.time()
        self._running += 1
        future = loop.run_in_executor(self._threads, self._timed, request, key)
        future.add_done_callback(lambda _: self._release())
        lane = self.long_after is not None and self.long_after < self.timeout
        try:
            done, _ = await asyncio.wait({future}, timeout=self.long_after if lane else self.timeout)
            if not done and lane:
                refused = self._go_long(client)
                if refused:
                    self._leave("refused")  # the query runs on: the process goes with it
                    return refused
                done, _ = await asyncio.wait({future}, timeout=max(0.0, self.timeout - (loop.time() - started)))
        except BaseException:  # cancelled (client gone): the query runs on, within the limit
            self._watch(future, started)
            raise
        if not done:
            self._leave("timeout")
            return _text(
                504,
                f"The query ran longer than this server's time limit of {self.timeout:g} s "
                "(--timeout) and was stopped. Narrow it, or add a LIMIT.",
            )
        return future.result()

    def _timed(self, request: dict, key) -> tuple[int, str, bytes]:
        """The answer on a query thread; a query answered within QUICK_SECONDS is remembered."""
        real, started = self._store.real, time.perf_counter()
        reply = self._store.answer(request)
        if key is not None and time.perf_counter() - started < QUICK_SECONDS and real == self._store.real:
            if self._quick_of != real or len(self._quick) >= QUICK_QUERIES:
                self._quick, self._quick_of = set(), real
            self._quick.add(key)
        return reply

    def _inline(self, request: dict, key) -> tuple[int, str, bytes]:
        """A query this process answered quickly before from the same store, answered on the event
        loop's thread (no hand-off to a query thread and back); forgotten if it is slow this time."""
        started = time.perf_counter()
        reply = self._store.answer(request)
        if time.perf_counter() - started > 4 * QUICK_SECONDS:
            self._quick.discard(key)
        return reply

    def _release(self) -> None:
        self._running -= 1
        self._free.release()

    def _watch(self, future, started: float) -> None:
        """A query whose client went: if it outlives the limit, the process retires."""
        loop = asyncio.get_running_loop()

        def check() -> None:
            if not future.done():
                self._leave("timeout")

        loop.call_at(started + self.timeout, check)

    def _go_long(self, client: str) -> tuple[int, str, bytes] | None:
        """This process leaves the pool (a lower priority, no new connections) to run the query
        on until the limit; a 503 if as many queries as allowed run long already."""
        full = self.slots.take(client) if self.slots else None
        if full:
            self.refused_long += 1
            limit = self.per_client_long if full == "client" else self.max_long
            who = (
                f"{limit} of this client's queries (address {client or 'unknown'}) already run"
                if full == "client"
                else f"{limit} queries already run"
            )
            return _text(
                503,
                f"This query was stopped after {self.long_after:g} s: {who} longer than that, "
                f"and this server lets {limit} do so at once. Try again when they are done, "
                "or narrow the query.",
            )
        self.long_queries += 1
        self._leave("long")
        _lower_priority()
        return None


def _lower_priority() -> None:
    """This process at LONG_NICE, every thread of it (best effort). Not its autogroup: the
    process shares its session (and so its group) with the supervisor and the terminal."""
    for task in os.listdir("/proc/self/task") if os.path.isdir("/proc/self/task") else [str(os.getpid())]:
        try:
            os.setpriority(os.PRIO_PROCESS, int(task), LONG_NICE)
        except OSError:
            pass
