"""The embedded store: an Oxigraph store on disk, opened read-only by question commands."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..graph import vocab as V
from .base import RawResult, Selects, existing, iri, py, term

__all__ = ["GraphStore", "iri"]


class GraphStore(Selects):
    """A small query interface over an Oxigraph store; user text is only ever bound, never spliced."""

    def __init__(self, store: ox.Store):
        self._store = store

    @classmethod
    def open(cls, path: Path) -> GraphStore:
        """The built store at `path` (an output folder's `store/`), read-only."""
        return cls(ox.Store.read_only(str(existing(path))))

    @classmethod
    def in_memory(cls, ntriples: bytes) -> GraphStore:
        store = ox.Store()
        store.load(ntriples, ox.RdfFormat.N_TRIPLES)
        return cls(store)

    @staticmethod
    def write(path: Path, ntriples: bytes, graphs: list[tuple[str, bytes]] = ()) -> int:
        """Create a new on-disk store at `path` (which must not exist) holding the triples in its
        default graph (bulk-loaded) and each Turtle document of `graphs` in its named graph;
        returns the default graph's triples."""
        store = ox.Store(str(path))
        store.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES)
        for graph, data in graphs:  # small: `load` (a transaction) costs less than a bulk load's files
            store.load(data, ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
        store.optimize()
        store.flush()
        count = GraphStore(store).count()
        del store
        return count

    def select(self, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
        """Run a SELECT; keyword bindings are substituted as RDF terms (SEP-0007), never spliced.

        Oxigraph only substitutes variables that the SELECT projects.
        """
        subs = {ox.Variable(k): term(v) for k, v in bindings.items()}
        result = self._store.query(sparql, prefixes=V.PREFIXES, substitutions=subs or None)
        names = [v.value for v in result.variables]
        return [{n: py(row[n]) for n in names} for row in result]

    def construct(self, sparql: str, **bindings: Any) -> list:
        subs = {ox.Variable(k): term(v) for k, v in bindings.items()}
        return list(self._store.query(sparql, prefixes=V.PREFIXES, substitutions=subs or None))

    def raw_query(self, sparql: str) -> RawResult:
        result = self._store.query(sparql, prefixes=V.PREFIXES)
        return list(result) if isinstance(result, ox.QueryTriples) else result

    def dump(self) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def count(self) -> int:
        """Triples of the default graph (the data): the named graphs hold the dataset's own
        description and the build's record (graph/dataset.py, graph/activity.py)."""
        [row] = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # counted in the store
        return int(row[0].value)

    def __len__(self) -> int:
        return self.count()


def open_read_only(path: str):
    """`Store.read_only`, tried again while a writer (serve --allow-update) removes files under
    the open: RocksDB's compaction deletes the SST and MANIFEST files it replaces, and an open
    in between fails with "Corruption: IO error: No such file" (about 1 open in 10 right after
    an update); the next attempt reads the new files."""
    for attempt in range(50):
        try:
            return ox.Store.read_only(path)
        except RuntimeError as exc:
            if "No such file" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.01)
