"""Where kinds write their triples: IRIs as strings, literals as Python values, every node cited.

Kinds call `a`, `link`, `value`, `zh` and `cite`; the sink owns the RDF library, so the
kinds never import one.
"""

from __future__ import annotations

from typing import Any

from ..records import Excerpt
from ..text import normalise
from . import vocab as V
from .iris import excerpt_iri, source_iri


class Triples:
    """An RDF graph under construction (rdflib underneath)."""

    def __init__(self) -> None:
        from rdflib import Graph

        self.graph = Graph()
        for prefix, ns in V.PREFIXES.items():
            self.graph.bind(prefix, ns)

    def a(self, s: str, cls: str) -> None:
        """s rdf:type cls."""
        self.link(s, V.type_, cls)

    def link(self, s: str, p: str, o: str) -> None:
        """s p o, with o an IRI."""
        from rdflib import URIRef

        self.graph.add((URIRef(s), URIRef(p), URIRef(o)))

    def value(self, s: str, p: str, v: Any, lang: str | None = None, datatype: str | None = None) -> None:
        """s p "v", typed from the Python value (int, bool, Decimal, str) or by `datatype`."""
        from rdflib import Literal, URIRef

        lit = Literal(v, lang=lang) if datatype is None else Literal(v, datatype=URIRef(datatype))
        self.graph.add((URIRef(s), URIRef(p), lit))

    def zh(self, s: str, p: str, text: str) -> None:
        """s p "text"@zh, normalised."""
        self.value(s, p, normalise(text), lang="zh")

    def has(self, s: str, p: str, o: str) -> bool:
        from rdflib import URIRef

        return (URIRef(s), URIRef(p), URIRef(o)) in self.graph

    def cite(self, s: str, ex: Excerpt) -> None:
        """s prov:wasDerivedFrom the excerpt (source file, lines, quote)."""
        e = excerpt_iri(ex)
        self.link(s, V.wasDerivedFrom, e)
        self.a(e, V.Excerpt)
        self.link(e, V.inSource, source_iri(ex.source))
        self.value(e, V.lineStart, ex.line_start)
        self.value(e, V.lineEnd, ex.line_end)
        self.value(e, V.quote, ex.quote)
