"""What answers a query: `_StoreWorker`, the store a process answers from (reopened when a build
swaps in a new one), and the answer to each request, status, content type and body, written by
the store (`_Rows` counts a SELECT's rows against --max-rows as they are written); and
`_isolate_network`, which moves the process that answers into an empty network namespace.
Used by a query worker (web/workers.py) and by a server process that answers itself
(web/local.py). Standard library only at the top: pyoxigraph is imported when a store opens.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

from ..errors import StoreNotFound
from ..graph import vocab as V
from ..query.guard import refusal
from .negotiation import DEFAULT_GRAPH, DEFAULT_RESULT, GRAPH_TYPES, RESULT_TYPES, _tsv_term, negotiate, xml_safe

_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
# A worker parses and runs each query on a thread with this stack (8 MiB is the main thread's):
# pyoxigraph recurses per nesting level, and an overflow kills the process. `guard` keeps
# queries far below what even 8 MiB takes; this is the margin for what it does not foresee.
QUERY_STACK_BYTES = 256 << 20


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
        self.real: str | None = None  # the open store's resolved path (in its generation)
        self._index: tuple[str, Any] | None = None  # (path, SearchIndex) beside it, for "ask"

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

        from ..store.embedded import open_read_only

        deadline = time.monotonic() + wait
        while True:
            current = self._current()
            if current is not None and current == self._opened() and (self.writable or generation == self.generation):
                return False
            if current is not None:
                try:
                    # out/store links into the current generation: resolved once, so the store's
                    # files are all read from one generation even if the next build publishes now
                    real = os.path.realpath(self.path)
                    fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY)
                    try:
                        if self.writable:
                            self.store = None  # release the old store's lock before opening another
                        store = ox.Store(real) if self.writable else open_read_only(real)
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
                    self.store, self.dir_fd, self.generation, self.real = store, fd, generation, real
                    return True
            elif self.store is not None:
                return False
            elif time.monotonic() >= deadline:
                raise StoreNotFound(str(self.path))
            time.sleep(0.05)

    def answer(self, req: dict) -> tuple[int, str, bytes]:
        op = req["op"]
        if req.get("check"):  # the text, before the parser sees it (off the event loop)
            why = refusal(req["sparql"], ("service", "load") if op == "update" else ("service",))
            if why:
                return _text(400, why + ".")
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

    def index(self):
        """The search index written with the open store (search.sqlite beside it, in the same
        generation), opened again when the store is."""
        from ..store.index import SearchIndex

        path = str(Path(self.real or self.path).parent / "search.sqlite")
        if self._index is None or self._index[0] != path:
            self._index = (path, SearchIndex(Path(path)))
        return self._index[1]

    def _run(self, req: dict) -> tuple[int, str, bytes]:
        import pyoxigraph as ox

        if req["op"] == "ask":  # the ask page (web/ask.py): who/search/targets/show, as JSON
            from ..store.embedded import GraphStore
            from .ask import answer_in_worker

            return answer_in_worker(GraphStore(self.store), self.index, req)
        # -- linked data (web/linked.py): an entity's description or card, by IRI (web/describe.py)
        if req["op"] == "describe":
            from .describe import answer_in_worker as describe

            return describe(self.store, self.index, req)
        if req["op"] == "update":
            self.store.update(req["sparql"], prefixes=V.PREFIXES, base_iri=req.get("base_iri"))
            self.store.flush()
            return 204, "text/plain", b""
        kwargs: dict[str, Any] = {}
        if req.get("default_graphs") is not None or req.get("named_graphs") is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in req.get("default_graphs") or []]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.get("named_graphs") or []]
        result = self.store.query(req["sparql"], prefixes=V.PREFIXES, base_iri=req.get("base_iri"), **kwargs)
        accept = req.get("accept")
        if isinstance(result, ox.QueryTriples):
            media = negotiate(accept, list(GRAPH_TYPES), DEFAULT_GRAPH) or DEFAULT_GRAPH
            fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
            triples = []
            for t in result:
                if len(triples) == self.max_rows and self.max_rows:
                    return self._too_many("triples")
                triples.append(t)
            body = ox.serialize(triples, format=fmt, prefixes=V.PREFIXES)
            return 200, fmt.media_type, xml_safe(body) if fmt == ox.RdfFormat.RDF_XML else body
        media = negotiate(accept, list(RESULT_TYPES), DEFAULT_RESULT) or DEFAULT_RESULT
        fmt = getattr(ox.QueryResultsFormat, RESULT_TYPES[media])
        if isinstance(result, ox.QueryBoolean):
            return 200, fmt.media_type, result.serialize(format=fmt)
        if fmt == ox.QueryResultsFormat.TSV:  # every term written out: rdflib cannot read -1.5 (rdflib#2962)
            lines = ["\t".join(str(v) for v in result.variables)]
            for solution in result:
                if len(lines) > self.max_rows > 0:
                    return self._too_many("rows")
                lines.append("\t".join(_tsv_term(t) for t in solution))
            return 200, fmt.media_type, ("\n".join(lines) + "\n").encode("utf-8")
        if self.max_rows:  # the store writes TSV (one line a row), counted as it comes, then the format
            rows = _Rows(self.max_rows)
            try:
                result.serialize(rows, format=ox.QueryResultsFormat.TSV)
            except _Rows.Full:
                return self._too_many("rows")
            result = ox.parse_query_results(rows.getvalue(), ox.QueryResultsFormat.TSV)
        body = result.serialize(format=fmt)
        return 200, fmt.media_type, xml_safe(body) if fmt == ox.QueryResultsFormat.XML else body

    def _too_many(self, what: str) -> tuple[int, str, bytes]:
        return _text(
            413,
            f"The answer has more than {self.max_rows} {what}, this server's limit (--max-rows). "
            "Add a LIMIT (and OFFSET to page), or narrow the query.",
        )


class _Rows(io.BytesIO):
    """The file the store writes SPARQL TSV results into (a line a row), which stops it past `limit` rows."""

    class Full(Exception): ...  # more rows than the limit: stops the store writing

    def __init__(self, limit: int):
        super().__init__()
        self.lines = -1 - limit  # the header line, then `limit` rows

    def write(self, data) -> int:
        self.lines += data.count(b"\n")
        if self.lines > 0:
            raise _Rows.Full
        return super().write(data)
