"""Where kinds write their triples: IRIs as strings, literals as Python values, every node cited.

Kinds call `a`, `link`, `value`, `zh` and `cite`; the sink owns the RDF terms (pyoxigraph's, made
in Rust: no per-triple rdflib objects, decision 0017), so the kinds never import an RDF library.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..records import Excerpt
from ..text import normalise
from . import vocab as V
from .iris import excerpt_iri, source_iri


def lexical(v: Any) -> tuple[str, str | None]:
    """A Python value's lexical form and XSD datatype (None: a plain string), as in RDF 1.1."""
    if isinstance(v, bool):  # before int: a bool is an int
        return ("true" if v else "false"), V.XSD + "boolean"
    if isinstance(v, int):
        return str(v), V.XSD + "integer"
    if isinstance(v, Decimal):
        return format(v, "f"), V.XSD + "decimal"  # never an exponent, which xsd:decimal does not allow
    if isinstance(v, date):
        return v.isoformat(), V.XSD + "date"
    if isinstance(v, str):
        return v, None
    raise TypeError(f"no RDF literal for a {type(v).__name__}: {v!r}")


class Triples:
    """An RDF graph under construction: a set of pyoxigraph triples (`triples`)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._iris: dict[str, Any] = {}
        self.triples: set = set()

    def _iri(self, iri: str):
        node = self._iris.get(iri)
        if node is None:
            node = self._iris[iri] = self._ox.NamedNode(iri)
        return node

    def a(self, s: str, cls: str) -> None:
        """s rdf:type cls."""
        self.link(s, V.type_, cls)

    def link(self, s: str, p: str, o: str) -> None:
        """s p o, with o an IRI."""
        self.triples.add(self._ox.Triple(self._iri(s), self._iri(p), self._iri(o)))

    def value(self, s: str, p: str, v: Any, lang: str | None = None, datatype: str | None = None) -> None:
        """s p "v", typed from the Python value (int, bool, Decimal, date, str) or by `datatype`."""
        if lang is not None:
            lit = self._ox.Literal(str(v), language=lang)
        elif datatype is not None:
            text = v.isoformat() if isinstance(v, date) else str(v)
            lit = self._ox.Literal(text, datatype=self._iri(datatype))
        else:
            text, dt = lexical(v)
            lit = self._ox.Literal(text) if dt is None else self._ox.Literal(text, datatype=self._iri(dt))
        self.triples.add(self._ox.Triple(self._iri(s), self._iri(p), lit))

    def zh(self, s: str, p: str, text: str) -> None:
        """s p "text"@zh, normalised."""
        self.value(s, p, normalise(text), lang="zh")

    def has(self, s: str, p: str, o: str) -> bool:
        return self._ox.Triple(self._iri(s), self._iri(p), self._iri(o)) in self.triples

    def cite(self, s: str, ex: Excerpt) -> None:
        """s prov:wasDerivedFrom the excerpt (source file, lines, quote)."""
        e = excerpt_iri(ex)
        self.link(s, V.wasDerivedFrom, e)
        self.a(e, V.Excerpt)
        self.link(e, V.inSource, source_iri(ex.source))
        self.value(e, V.lineStart, ex.line_start)
        self.value(e, V.lineEnd, ex.line_end)
        self.value(e, V.quote, ex.quote)
