"""The graph store: an embedded Oxigraph store on disk, opened read-only by query commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..graph import vocab as V
from ..errors import StoreNotFound

_NUMERIC = {V.XSD + "integer": int, V.XSD + "decimal": float, V.XSD + "double": float}


def _py(term: Any) -> Any:
    """A result term as a plain Python value: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        conv = _NUMERIC.get(term.datatype.value)
        return conv(term.value) if conv else term.value
    return term.value


def _term(value: Any) -> Any:
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(V.XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(V.XSD + "integer"))
    return ox.Literal(str(value))


def iri(value: str) -> ox.NamedNode:
    """Mark a binding as an IRI (plain strings bind as literals)."""
    return ox.NamedNode(value)


class Selects:
    """select_each for any store with `select` (embedded or remote)."""

    def select_each(self, sparql: str, variable: str, iris: list[str], chunk: int = 500) -> list[dict[str, Any]]:
        """Run a SELECT for many IRIs read from the store, as a VALUES block filled in chunks.

        `sparql` holds `{values}` where the block goes. The IRIs are serialised by pyoxigraph
        (never user text); chunks stay below the size where Oxigraph's VALUES slows sharply.
        """
        rows: list[dict[str, Any]] = []
        for i in range(0, len(iris), chunk):
            block = f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(x)) for x in iris[i:i + chunk])} }}"
            rows += self.select(sparql.replace("{values}", block))
        return rows


class GraphStore(Selects):
    """A small query interface over an Oxigraph store; user text is only ever bound, never spliced."""

    def __init__(self, store: ox.Store):
        self._store = store

    @classmethod
    def open(cls, path: Path) -> GraphStore:
        if not (path / "CURRENT").exists():
            raise StoreNotFound(str(path))
        return cls(ox.Store.read_only(str(path)))

    @classmethod
    def in_memory(cls, ntriples: bytes) -> GraphStore:
        store = ox.Store()
        store.load(ntriples, ox.RdfFormat.N_TRIPLES)
        return cls(store)

    @staticmethod
    def write(path: Path, ntriples: bytes) -> int:
        """Create a new on-disk store at `path` (which must not exist) holding the triples."""
        store = ox.Store(str(path))
        store.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        count = len(store)
        del store
        return count

    def select(self, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
        """Run a SELECT; keyword bindings are substituted as RDF terms (SEP-0007), never spliced.

        Oxigraph only substitutes variables that the SELECT projects.
        """
        subs = {ox.Variable(k): _term(v) for k, v in bindings.items()}
        result = self._store.query(sparql, prefixes=V.PREFIXES, substitutions=subs or None)
        names = [v.value for v in result.variables]
        return [{n: _py(row[n]) for n in names} for row in result]

    def raw_query(self, sparql: str) -> Any:
        return self._store.query(sparql, prefixes=V.PREFIXES)

    def __len__(self) -> int:
        return len(self._store)
