"""`jingan-kg serve`: the built graph over HTTP — SPARQL 1.1 Protocol at /sparql, a service
description, the HTML views and a query page — on loopback, read-only, with a time and a size
limit on every query.

How it works
- The web side is Starlette under uvicorn and never opens the store itself. Every query goes
  to one of a few worker processes (`WorkerPool`), each holding
  `pyoxigraph.Store.read_only(out/store)`. pyoxigraph cannot cancel a running query, so a query
  still running after `timeout` seconds gets its worker killed (SIGKILL) and replaced; the
  other workers answer other clients meanwhile.
- Size: a worker reads at most `max_rows` + 1 solutions (or triples) from pyoxigraph's lazy
  iterator and refuses the answer (413) beyond `max_rows` (0: no limit), so a huge result
  never builds up.
  SELECT rows are written as SPARQL TSV, read back by pyoxigraph and serialised in the
  negotiated format, so every format is pyoxigraph's own.
- Reload: `build` writes a complete new store beside the old one and renames it over
  `out/store` (build._swap). Before each query a worker compares the (device, inode) of
  `out/store` with the directory it has open (it holds a descriptor on it, so the number cannot
  be reused); when they differ it opens the new store, else it keeps answering from the old one,
  which stays readable while open even once deleted. A query that fails with a store error
  while a swap happens is run once more on the new store.
- No external fetch: SERVICE (and, for updates, LOAD) are refused before a query reaches a
  worker, and workers move into an empty network namespace where the kernel allows it, so
  pyoxigraph's HTTP client cannot reach anything even past that check.
- Updates (`allow_update=True` only): one more worker opens the store read-write and applies
  them; readers reopen after each update. The store belongs to `build`: the next build
  replaces it, and with it every update; the search index and the exports are not updated;
  and while it runs no other process can open the store read-write (read-only opens, as the
  question commands do, still work).

Library: `create_app(out, timeout, max_rows, allow_update)` gives the ASGI app, `serve(out, …)`
runs it (the `serve` command), `BackgroundServer(out, …)` runs it in a thread on a free port
(tests, notebooks). This module imports only the standard library at the top: workers run it in
a fresh interpreter and start in tens of milliseconds; Starlette and uvicorn load in `create_app`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import os
import re
import signal
import socket
import threading
import time
from base64 import b64encode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..graph import vocab as V
from ..errors import JinganKgError, StoreNotFound

log = logging.getLogger("jingan_kg.server")

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_REQUEST_BYTES = 1 << 20  # a query or update longer than 1 MiB is refused (413)
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"]  # as Host headers write them

# --- formats and content negotiation (used by the workers and the web side) -------------------

# media type -> pyoxigraph format name; the first entry of each format is its canonical type.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD", "application/json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
DEFAULT_RESULT, DEFAULT_GRAPH = "application/sparql-results+json", "text/turtle"

# `format=` shorthand (for links and the query page) -> an Accept header
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "ttl": "text/turtle", "turtle": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}


def negotiate(accept: str | None, offered: list[str], default: str) -> str | None:
    """The offered media type an Accept header ranks highest, or None when it accepts none.

    Each offered type takes the q of the most specific range that matches it (RFC 9110);
    ties go to the range the client listed first, then to `default`, then to `offered` order.
    No Accept header (or an empty one) means `default`.
    """
    if not accept or not accept.strip():
        return default
    ranges = []
    for pos, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        media, q = media.lower(), 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q, pos))
    best, best_key = None, None
    for rank, mt in enumerate(offered):
        found = None  # (specificity, q, pos)
        for media, q, pos in ranges:
            if media == mt:
                spec = 2
            elif media.endswith("/*") and media != "*/*" and mt.startswith(media[:-1]):
                spec = 1
            elif media == "*/*":
                spec = 0
            else:
                continue
            if found is None or spec > found[0]:
                found = (spec, q, pos)
        if found is None or found[1] <= 0:
            continue
        key = (-found[1], found[2], mt != default, rank)
        if best_key is None or key < best_key:
            best, best_key = mt, key
    return best


# --- what a query may not do --------------------------------------------------------------------

# One left-to-right pass in the order a SPARQL lexer reads: IRIs, strings, comments, variables
# and prefixed names are blanked, so what is left is keywords, punctuation and numbers. Each
# pattern takes no more text than the SPARQL grammar gives that token, so a keyword is never
# hidden; taking less only makes the check stricter.
_NAME = r"[A-Za-z0-9_\-\u00B7\u00C0-\uFFFF]"
_SKIP = re.compile(r"""
      <[^<>"{}|^`\\\x00-\x20]*>
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n\r]|\\.)*"
    | '(?:[^'\\\n\r]|\\.)*'
    | \#[^\n\r]*
    | [?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+
    | (?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w.\-:\u00B7\u00C0-\uFFFF]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*
    | \\.
""", re.X | re.S)

FORBIDDEN = {
    "service": "SERVICE (federated query) is not available here: this endpoint fetches nothing from other servers",
    "load": "LOAD is not available here: this endpoint fetches nothing from other servers",
}


def forbidden(sparql: str, words: tuple[str, ...] = ("service",)) -> str | None:
    """Why the query or update may not run (it names SERVICE, or LOAD), or None."""
    code = _SKIP.sub(" ", sparql).lower()
    for word in words:
        if word in code:
            return FORBIDDEN[word]
    return None


# --- worker processes ----------------------------------------------------------------------------

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


def _tsv_term(term: Any) -> str:
    if term is None:
        return ""
    import pyoxigraph as ox

    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)  # N-Triples syntax, which SPARQL TSV uses (tabs and newlines escaped)


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
        return _text(413, f"The answer has more than {self.max_rows} {what}, this server's limit (--max-rows). "
                          "Add a LIMIT (and OFFSET to page), or narrow the query.")


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
# the parent's __main__): it imports this module, the vocabulary and pyoxigraph, nothing else.
_WORKER_CODE = ("import sys; from multiprocessing.connection import Connection; "
                "from jingan_kg.web.server import _worker_main; "
                "_worker_main(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3] == '1', int(sys.argv[4]))")


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
            [sys.executable, "-c", _WORKER_CODE, str(theirs.fileno()), str(store), "1" if writable else "0",
             str(max_rows)],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL,
            start_new_session=True)  # a terminal's Ctrl-C goes to the server, which stops the workers
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
        self._threads = concurrent.futures.ThreadPoolExecutor(max_workers=2 * size + 2,
                                                              thread_name_prefix="jkg-worker-io")
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
        process, parent = await loop.run_in_executor(self._threads, _start_worker, self.store, self.writable,
                                                     self.max_rows)
        handle = _Handle(process, parent)
        self._all.add(handle)
        ok = await loop.run_in_executor(self._threads, parent.poll, self.START_TIMEOUT)
        try:
            kind, detail = parent.recv() if ok else ("error", f"no answer in {self.START_TIMEOUT:g} s")
        except (EOFError, OSError):
            kind, detail = "error", "it exited while starting"
        if kind != "ready":
            await self._discard(handle)
            error = JinganKgError(f"a {'writer' if self.writable else 'query worker'} could not open {self.store}: "
                                  f"{detail}")
            if self.writable and "lock" in str(detail).lower():
                error.hint = ("Another process has the store open read-write (another `serve --allow-update`?). "
                              "Without --allow-update the server opens it read-only, beside any writer.")
            raise error
        self.isolated = detail if self.isolated is None else (self.isolated and detail)
        return handle

    async def run(self, request: dict) -> tuple[int, str, bytes]:
        """Send one request to an idle worker; (status, content type, body)."""
        assert self._idle is not None, "start() the pool first"
        try:
            handle = await asyncio.wait_for(self._idle.get(), self.timeout)
        except (TimeoutError, asyncio.TimeoutError):
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
            return _text(504, f"The query ran longer than this server's time limit of {self.timeout:g} s "
                              "(--timeout) and was stopped. Narrow it, or add a LIMIT.")
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
        try:
            await asyncio.get_running_loop().run_in_executor(self._threads, handle.process.wait, 5)
        except Exception:
            pass
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


# --- the web side ---------------------------------------------------------------------------------

@dataclass
class ServerConfig:
    out: Path
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_update: bool = False
    workers: int | None = None
    allowed_hosts: list[str] = field(default_factory=lambda: list(LOOPBACK_NAMES))

    @property
    def store(self) -> Path:
        return self.out / "store"

    @property
    def limits(self) -> str:
        rows = f"{self.max_rows} rows (or triples)" if self.max_rows else "any number of rows"
        return f"Each query may run {self.timeout:g} s and return {rows}"

    @property
    def pool_size(self) -> int:
        return self.workers or min(4, max(2, os.cpu_count() or 2))


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


@dataclass
class _Params:
    query: str | None = None
    update: str | None = None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    using: bool = False
    fmt: str | None = None


def _single(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name) or []
    if len(found) > 1:
        raise _Refused(400, f"Give `{name}` once (it was given {len(found)} times).")
    return found[0] if found else None


def _params(url_values: dict[str, list[str]], body_values: dict[str, list[str]] | None = None,
            query: str | None = None, update: str | None = None) -> _Params:
    values = {k: list(v) for k, v in url_values.items()}
    for k, v in (body_values or {}).items():
        values.setdefault(k, []).extend(v)
    p = _Params(query=query if query is not None else _single(values, "query"),
                update=update if update is not None else _single(values, "update"),
                fmt=_single(values, "format"))
    if (query is not None or update is not None) and (values.get("query") or values.get("update")):
        raise _Refused(400, "Give the query either as the request body or as a `query` parameter, not both.")
    if p.query is not None and p.update is not None:
        raise _Refused(400, "Give either `query` or `update`, not both.")
    if "default-graph-uri" in values or "named-graph-uri" in values:
        p.default_graphs = values.get("default-graph-uri", [])
        p.named_graphs = values.get("named-graph-uri", [])
    p.using = bool(values.get("using-graph-uri") or values.get("using-named-graph-uri"))
    return p


async def _read_body(request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise _Refused(413, f"The request body is larger than {limit} bytes.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _Refused(413, f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(400, f"The request body is not UTF-8: {exc}") from None


TEMPLATES = Path(__file__).parents[1] / "templates"
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _sha256(text: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _page_csp(page: str) -> str:
    """A Content-Security-Policy allowing exactly the page's own inline script and style, and
    requests to this server only."""
    scripts = " ".join(_sha256(s) for s in _SCRIPT.findall(page)) or "'none'"
    styles = " ".join(_sha256(s) for s in _STYLE.findall(page)) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; "
            "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


# The views are written by `build` (and other commands); they are offline pages with inline
# scripts. This lets them run while forbidding any request to another origin.
VIEW_CSP = ("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; connect-src 'self'; "
            "form-action 'self'; base-uri 'self'; frame-ancestors 'self'")
HTML_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

_VIEW_NAME = re.compile(r"[\w][\w.\-]*\.html")

EXAMPLES = [
    ("Measures per responsible body",
     "SELECT ?body (COUNT(DISTINCT ?m) AS ?measures) WHERE {\n"
     "  ?m a jkg:Measure ; jkg:responsibleBody ?o .\n"
     "  ?o skos:prefLabel ?body . FILTER(lang(?body) = \"zh\")\n"
     "} GROUP BY ?body ORDER BY DESC(?measures) ?body"),
    ("Who is responsible for 绿色金融, with the sentence",
     "SELECT ?measure ?body ?line ?quote WHERE {\n"
     "  ?m a jkg:Measure ; rdfs:label ?measure ; jkg:responsibleBody ?o ;\n"
     "     prov:wasDerivedFrom [ jkg:lineStart ?line ; jkg:quote ?quote ] .\n"
     "  FILTER(CONTAINS(?measure, \"绿色金融\"))\n"
     "  ?o skos:prefLabel ?body . FILTER(lang(?body) = \"zh\")\n"
     "}"),
    ("How many nodes of each kind",
     "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"),
    ("Measures (count)", "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }"),
    ("One measure as a graph (CONSTRUCT)",
     "CONSTRUCT { ?m ?p ?o } WHERE {\n  { SELECT ?m WHERE { ?m a jkg:Measure } ORDER BY ?m LIMIT 1 }\n  ?m ?p ?o\n}"),
]


def _json_for_html(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` as themselves."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


class _Service:
    """What the routes share: the config, the worker pools, the update generation."""

    def __init__(self, config: ServerConfig):
        self.config = config
        self.readers = WorkerPool(config.store, config.pool_size, config.timeout, config.max_rows)
        self.writer = (WorkerPool(config.store, 1, config.timeout, config.max_rows, writable=True)
                       if config.allow_update else None)
        self.generation = 0
        self.start_error: Exception | None = None
        template = (TEMPLATES / "query.html").read_text(encoding="utf-8")
        self.query_template = template
        self.query_csp = _page_csp(template)

    async def start(self) -> None:
        try:
            if self.writer:  # first, so that a store another process holds read-write fails at once
                await self.writer.start()
            await self.readers.start()
        except BaseException:
            await self.close()
            raise
        if not self.readers.isolated:
            log.warning("query workers could not leave the network (no network namespace here); "
                     "SERVICE and LOAD are still refused")

    async def close(self) -> None:
        await self.readers.close()
        if self.writer:
            await self.writer.close()

    def views(self) -> list[str]:
        out = self.config.out
        return sorted(p.name for p in out.glob("*.html") if p.is_file() and _VIEW_NAME.fullmatch(p.name))


def create_app(out: Path, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               allow_update: bool = False, workers: int | None = None,
               allowed_hosts: list[str] | None = None):
    """The ASGI app serving the graph built in `out` (Starlette). The worker processes start with
    the app's lifespan (uvicorn runs it) and stop with it.

    `allowed_hosts`: Host header values accepted (defends a loopback server against DNS
    rebinding); default the loopback names; ["*"] accepts any.
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    out = Path(out)
    if not (out / "store" / "CURRENT").exists():
        raise StoreNotFound(str(out / "store"))
    if timeout <= 0 or max_rows < 0 or (workers is not None and workers < 1):
        raise JinganKgError(f"--timeout must be above 0 (got {timeout:g}), --max-rows 0 or more (got {max_rows}), "
                            f"--workers 1 or more (got {workers})")
    config = ServerConfig(out, timeout, max_rows, allow_update, workers,
                          list(allowed_hosts) if allowed_hosts else list(LOOPBACK_NAMES))
    service = _Service(config)

    def plain(status: int, message: str, **headers) -> Response:
        return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status,
                                 headers={"X-Content-Type-Options": "nosniff", **headers})

    async def sparql(request: Request) -> Response:
        try:
            params = await _request_params(request)
            if params.fmt is not None and params.fmt.lower() not in FORMAT_PARAM and "/" not in params.fmt:
                raise _Refused(400, f"Unknown format {params.fmt!r}; use one of {', '.join(FORMAT_PARAM)} "
                                    "or a media type.")
        except _Refused as exc:
            return plain(exc.status, exc.message)
        accept = (FORMAT_PARAM.get(params.fmt.lower(), params.fmt) if params.fmt
                  else request.headers.get("accept"))
        if params.update is not None:
            return await _update(request, params)
        if params.query is None:
            if request.method == "GET":
                return await _description(request, accept)
            return plain(400, "No query: send `query` (form or URL parameter) or an application/sparql-query body.")
        why = forbidden(params.query)
        if why:
            return plain(400, why + ".")
        status, ctype, body = await service.readers.run({
            "op": "query", "sparql": params.query, "accept": accept, "generation": service.generation,
            "default_graphs": params.default_graphs, "named_graphs": params.named_graphs})
        return Response(body, status_code=status, media_type=ctype,
                        headers={"X-Content-Type-Options": "nosniff", "Vary": "Accept"})

    async def _request_params(request: Request) -> _Params:
        url_values = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "GET":
            return _params(url_values)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, MAX_REQUEST_BYTES)
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(_decode(body), keep_blank_values=True, max_num_fields=1000, errors="strict")
            except (ValueError, UnicodeDecodeError) as exc:
                raise _Refused(400, f"The form cannot be read: {exc}") from None
            return _params(url_values, form)
        if ctype == "application/sparql-query":
            return _params(url_values, query=_decode(body))
        if ctype == "application/sparql-update":
            return _params(url_values, update=_decode(body))
        raise _Refused(415, "POST a query as application/x-www-form-urlencoded (query=…) or "
                            "application/sparql-query; an update as application/sparql-update "
                            f"(got {ctype or 'no content type'!r}).")

    async def _update(request: Request, params: _Params) -> Response:
        if not config.allow_update:
            return plain(403, "This endpoint is read-only: SPARQL Update is refused. The graph is made by "
                              "`jingan-kg build`; change the sources and build again (or run `jingan-kg serve "
                              "--allow-update` to accept updates that last until the next build).")
        if request.method != "POST":
            return plain(405, "Send updates with POST.", Allow="POST")
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
            return plain(403, f"Updates from pages of another origin ({origin}) are refused.")
        if params.using:
            return plain(400, "using-graph-uri / using-named-graph-uri are not supported; "
                              "name the graphs in the update (USING, WITH, GRAPH).")
        why = forbidden(params.update, ("service", "load"))
        if why:
            return plain(400, why + ".")
        status, ctype, body = await service.writer.run({"op": "update", "sparql": params.update})
        if status < 300:
            service.generation += 1  # readers reopen the store before their next query
        return Response(body if status != 204 else None, status_code=status, media_type=ctype)

    async def _description(request: Request, accept: str | None) -> Response:
        media = negotiate(accept, ["text/html", *GRAPH_TYPES], DEFAULT_GRAPH)
        if media == "text/html":  # a browser: the service description is for machines
            return RedirectResponse("/query", status_code=303)
        media = media or DEFAULT_GRAPH
        status, _, body = await service.readers.run({"op": "count", "generation": service.generation})
        triples = int(body) if status == 200 else None
        endpoint = str(request.url.replace(query="", fragment=""))
        data = service_description(endpoint, triples, config)
        import pyoxigraph as ox

        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        prefixes = {"sd": SD, "formats": "http://www.w3.org/ns/formats/", "void": VOID, "dcterms": V.DCTERMS,
                    "rdfs": V.RDFS, "xsd": V.XSD}
        return Response(ox.serialize(data, format=fmt, prefixes=prefixes), media_type=fmt.media_type,
                        headers={"X-Content-Type-Options": "nosniff", "Vary": "Accept"})

    async def query_page(request: Request) -> Response:
        data = {"prefixes": V.PREFIXES, "examples": [{"title": t, "query": q} for t, q in EXAMPLES],
                "views": service.views(), "limits": config.limits, "allow_update": config.allow_update,
                "endpoint": "/sparql"}
        page = service.query_template.replace("{{ config }}", _json_for_html(data))
        return HTMLResponse(page, headers={**HTML_HEADERS, "Content-Security-Policy": service.query_csp})

    async def index(request: Request) -> Response:
        return HTMLResponse(_index_page(service.views(), config),
                            headers={**HTML_HEADERS, "Content-Security-Policy": INDEX_CSP})

    async def view(request: Request) -> Response:
        name = request.path_params["name"]
        if not _VIEW_NAME.fullmatch(name):
            return plain(404, f"No view {name!r}.")
        path = config.out / name
        for attempt in range(3):  # a build swaps the files by rename: one may be missing for an instant
            try:
                content = await run_in_threadpool(path.read_bytes)
                break
            except (FileNotFoundError, IsADirectoryError):
                if attempt == 2:
                    return plain(404, f"No view {name!r}; the views are: {', '.join(service.views()) or 'none'}.")
                await asyncio.sleep(0.05)
        return Response(content, media_type="text/html; charset=utf-8",
                        headers={**HTML_HEADERS, "Content-Security-Policy": VIEW_CSP})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)  # no icon, and no 404 in the browser's console

    routes = [Route("/", index), Route("/query", query_page), Route("/sparql", sparql, methods=["GET", "POST"]),
              Route("/views/{name}", view), Route("/favicon.ico", favicon)]
    middleware = [] if "*" in config.allowed_hosts else [
        Middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts, www_redirect=False)]
    return _App(Starlette(routes=routes, middleware=middleware), service)


class _App:
    """The ASGI app: Starlette's routes, and the worker pools started and stopped by the lifespan
    (handled here, so that a store that cannot be opened is one clear message, not a traceback)."""

    def __init__(self, app, service: _Service):
        self.app, self.service = app, service

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.service.start()
                except Exception as exc:
                    self.service.start_error = exc
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.service.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
               "N-Triples", "JSON-LD", "RDF_XML"]  # names in http://www.w3.org/ns/formats/
VOID = "http://rdfs.org/ns/void#"


def service_description(endpoint: str, triples: int | None, config: ServerConfig) -> list:
    """The SPARQL 1.1 Service Description of this endpoint, as pyoxigraph triples."""
    import pyoxigraph as ox

    n, lit = ox.NamedNode, ox.Literal
    a = n(V.type_)
    service, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    out = [ox.Triple(service, a, n(SD + "Service")),
           ox.Triple(service, n(SD + "endpoint"), n(endpoint)),
           ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
           ox.Triple(service, n(V.DCTERMS + "title"), lit("jingan-kg: Jing'an District plans, measures and bodies")),
           ox.Triple(service, n(V.RDFS + "comment"), lit(
               f"{'Read-only. ' if not config.allow_update else ''}{config.limits}. "
               "SERVICE and LOAD are refused. Prefixes predeclared: "
               + ", ".join(f"{p}: <{ns}>" for p, ns in V.PREFIXES.items()) + "."))]
    if config.allow_update:
        out.append(ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Update")))
    for fmt in FORMAT_IRIS:
        out.append(ox.Triple(service, n(SD + "resultFormat"), n("http://www.w3.org/ns/formats/" + fmt)))
    out += [ox.Triple(service, n(SD + "defaultDataset"), dataset),
            ox.Triple(dataset, a, n(SD + "Dataset")),
            ox.Triple(dataset, n(SD + "defaultGraph"), graph),
            ox.Triple(graph, a, n(SD + "Graph"))]
    if triples is not None:
        out.append(ox.Triple(graph, n(VOID + "triples"), lit(str(triples), datatype=n(V.XSD + "integer"))))
    return out


_INDEX_STYLE = ("body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}"
                "code{background:#f3f3f3;padding:0 .2em}li{margin:.2em 0}")
INDEX_CSP = f"default-src 'none'; style-src {_sha256(_INDEX_STYLE)}; base-uri 'none'; frame-ancestors 'none'"


def _index_page(views: list[str], config: ServerConfig) -> str:
    from html import escape

    items = "".join(f'<li><a href="/views/{escape(v)}">{escape(v)}</a></li>' for v in views) or "<li>none built</li>"
    mode = "read-only" if not config.allow_update else "accepting updates (lost at the next build)"
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>jingan-kg</title>"
            f"<style>{_INDEX_STYLE}</style></head><body><h1>jingan-kg</h1>"
            "<p>The knowledge graph of Jing'an District's plans, measures, responsible bodies and targets.</p>"
            "<ul><li><a href=\"/query\">Query page</a>: SPARQL in the browser</li>"
            "<li><code>/sparql</code>: the SPARQL 1.1 Protocol endpoint (GET or POST <code>query</code>); "
            "<a href=\"/sparql?format=ttl\">service description</a></li></ul>"
            f"<h2>Views</h2><ul>{items}</ul>"
            f"<p>This server is {mode}. {escape(config.limits)}.</p></body></html>")


# --- running it -------------------------------------------------------------------------------------

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
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, lifespan="on", timeout_graceful_shutdown=3,
                            server_header=False)
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


def serve(out: Path, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
          max_rows: int = DEFAULT_MAX_ROWS, allow_update: bool = False, workers: int | None = None,
          log_level: str = "info", announce=None) -> None:
    """Serve until interrupted (Ctrl-C); `announce(url)` is called once the port is bound.

    On loopback, only loopback Host headers are accepted (against DNS rebinding); on another
    address any Host header is.
    """
    app = create_app(out, timeout, max_rows, allow_update, workers, _allowed_hosts(host))
    sock = _bind(host, port)
    try:
        if announce:
            announce(f"http://{_host_name(host)}:{sock.getsockname()[1]}/")
        _run_uvicorn(_uvicorn_server(app, log_level), sock)
    finally:
        sock.close()


class BackgroundServer:
    """The server in a thread of this process, on a free loopback port, for tests and notebooks.

        with BackgroundServer(out, timeout=2) as srv:
            urllib.request.urlopen(srv.url + "/sparql?query=...")
    """

    def __init__(self, out: Path, host: str = "127.0.0.1", port: int = 0, log_level: str = "warning",
                 **options):
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
