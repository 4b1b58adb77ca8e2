"""Where kinds write their triples: IRIs as strings, literals as Python values, every node cited.

Kinds call `a`, `link`, `value`, `zh` and `cite`; the sink writes the N-Triples (decision 0017:
no per-triple term objects, rdflib's or pyoxigraph's), so the kinds never import an RDF library.
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


# How Oxigraph writes a literal's characters in N-Triples: these escaped, every other one as is.
_ESCAPES = str.maketrans(
    {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
    | {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
)
_STRING = V.XSD + "string"


class Triples:
    """An RDF graph under construction: its N-Triples lines (`lines`, a set), each written as
    Oxigraph writes it (the canonical form, graph/exports.py), so no term object is made per
    triple; each IRI and language tag is checked once by Oxigraph's own constructors."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._iris: dict[str, str] = {}
        self._langs: dict[str, str] = {}
        self.lines: set[str] = set()
        self._cited: set[str] = set()

    def _iri(self, iri: str) -> str:
        node = self._iris.get(iri)
        if node is None:
            self._ox.NamedNode(iri)  # a bad IRI raises ValueError here, as it would in the store
            node = self._iris[iri] = f"<{iri}>"
        return node

    def _lang(self, lang: str) -> str:
        tag = self._langs.get(lang)
        if tag is None:
            tag = self._langs[lang] = self._ox.Literal("", language=lang).language  # checked, lower-cased
        return tag

    def a(self, s: str, cls: str) -> None:
        """s rdf:type cls."""
        self.link(s, V.type_, cls)

    def link(self, s: str, p: str, o: str) -> None:
        """s p o, with o an IRI."""
        self.lines.add(f"{self._iri(s)} {self._iri(p)} {self._iri(o)} .")

    def value(self, s: str, p: str, v: Any, lang: str | None = None, datatype: str | None = None) -> None:
        """s p "v", typed from the Python value (int, bool, Decimal, date, str) or by `datatype`."""
        if lang is not None:
            lit = f'"{str(v).translate(_ESCAPES)}"@{self._lang(lang)}'
        else:
            if datatype is not None:
                text = v.isoformat() if isinstance(v, date) else str(v)
            else:
                text, datatype = lexical(v)
            text = text.translate(_ESCAPES)
            lit = f'"{text}"' if datatype is None or datatype == _STRING else f'"{text}"^^{self._iri(datatype)}'
        self.lines.add(f"{self._iri(s)} {self._iri(p)} {lit} .")

    def zh(self, s: str, p: str, text: str) -> None:
        """s p "text"@zh, normalised."""
        self.value(s, p, normalise(text), lang="zh")

    def has(self, s: str, p: str, o: str) -> bool:
        return f"{self._iri(s)} {self._iri(p)} {self._iri(o)} ." in self.lines

    def cite(self, s: str, ex: Excerpt) -> None:
        """s prov:wasDerivedFrom the excerpt (source file, lines, quote)."""
        e = excerpt_iri(ex)
        self.link(s, V.wasDerivedFrom, e)
        if e in self._cited:  # an excerpt cited before: its own triples are written
            return
        self._cited.add(e)
        self.a(e, V.Excerpt)
        self.link(e, V.inSource, source_iri(ex.source))
        self.value(e, V.lineStart, ex.line_start)
        self.value(e, V.lineEnd, ex.line_end)
        self.value(e, V.quote, ex.quote)
