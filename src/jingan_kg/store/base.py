"""The one store interface questions, views and the web use: embedded Oxigraph or a remote endpoint.

`Store` is the Protocol both implement; `Selects` gives them `select_each`. A raw query's result
is one type for both (`RawResult`): pyoxigraph's solutions or boolean for SELECT/ASK, a list of
pyoxigraph triples for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from ..errors import QueryFailed, StoreNotFound
from ..graph import vocab as V

RawResult = ox.QuerySolutions | ox.QueryBoolean | list  # list: of ox.Triple

_NUMERIC = {V.XSD + "integer": int, V.XSD + "decimal": float, V.XSD + "double": float}


class Store(Protocol):
    """What every store offers; user text only ever enters as bound values."""

    def select(self, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
        """SELECT rows as plain Python values (IRIs and strings as str, numbers as numbers)."""

    def select_each(self, sparql: str, variable: str, iris: list[str], chunk: int = 500) -> list[dict[str, Any]]:
        """A SELECT for many IRIs, through a VALUES block filled in chunks."""

    def construct(self, sparql: str, **bindings: Any) -> list:
        """CONSTRUCT/DESCRIBE triples (pyoxigraph `Triple`s)."""

    def raw_query(self, sparql: str) -> RawResult:
        """Any SPARQL 1.1 query, its result as pyoxigraph gives it (triples as a list)."""

    def dump(self) -> bytes:
        """The whole graph as N-Triples."""

    def count(self) -> int:
        """The number of triples."""


def existing(path: Path) -> Path:
    """`path` if an Oxigraph store is there (its CURRENT file); StoreNotFound otherwise."""
    if not (path / "CURRENT").exists():
        raise StoreNotFound(str(path))
    return path


def py(term: Any) -> Any:
    """A result term as a plain Python value: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        conv = _NUMERIC.get(term.datatype.value)
        return conv(term.value) if conv else term.value
    return term.value


def term(value: Any) -> Any:
    """A Python value as an RDF term to bind: str as a literal, int and bool typed."""
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


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def bind(sparql: str, bindings: dict[str, Any]) -> str:
    """Put the bound values at the start of the query's outermost WHERE, as one VALUES row.

    The values are RDF terms serialised by pyoxigraph (`term`), never text spliced in."""
    if not bindings:
        return sparql
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(term(v)) for v in bindings.values())
    m = _WHERE.search(sparql)
    if m is None:
        raise QueryFailed("a bound query needs a WHERE clause")
    return f"{sparql[: m.end()]} VALUES ({names}) {{ ({terms}) }} {sparql[m.end() :]}"


class Selects:
    """select_each for any store with `select` (embedded or remote)."""

    def select_each(self, sparql: str, variable: str, iris: list[str], chunk: int = 500) -> list[dict[str, Any]]:
        """Run a SELECT for many IRIs read from the store, as a VALUES block filled in chunks.

        `sparql` holds `{values}` where the block goes. The IRIs are serialised by pyoxigraph
        (never user text); chunks stay below the size where Oxigraph's VALUES slows sharply.
        """
        rows: list[dict[str, Any]] = []
        for i in range(0, len(iris), chunk):
            block = f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(x)) for x in iris[i : i + chunk])} }}"
            rows += self.select(sparql.replace("{values}", block))
        return rows
