"""Exports of a graph, each the same bytes for the same graph. The canonical form is the sorted
N-Triples (`ntriples`); Turtle is written by Oxigraph from it, JSON-LD compacted from `Nodes`,
both in its order (decision 0017); through `files` the JSON-LD context file, the GraphML network
(graph/graphml.py) and the CSV tables per class (graph/tables.py).

`Nodes` is the graph indexed by subject, read once for the exports that walk it node by node.
They run at build time only (networkx), never on a question command's path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import vocab as V

NTRIPLES, CONTEXT, GRAPHML, TABLES = "jingan-kg.nt", "jingan-kg.context.jsonld", "jingan-kg.graphml", "tables"
FILES: tuple[str, ...] = (NTRIPLES, CONTEXT, GRAPHML, TABLES)  # the names `files` writes (TABLES a folder)
_STRING = V.XSD + "string"
LABELS = (V.prefLabel, V.label, V.title)  # a node's name, as the views read it (views/cards.py)


def files(nodes: Nodes, nt: bytes, kinds: tuple) -> dict[str, bytes]:
    """The other exports of a graph (name -> bytes), beside Turtle and JSON-LD: `nt` (the sorted
    N-Triples, as `ntriples` gives them; `nodes` the same graph by subject), the JSON-LD
    context, the GraphML network, and one CSV table per counted class under TABLES/."""
    from .context import context_file
    from .graphml import graphml
    from .tables import tables

    out = {NTRIPLES: nt, CONTEXT: context_file(), GRAPHML: graphml(nodes, kinds)}
    out.update({f"{TABLES}/{name}": data for name, data in tables(nodes, kinds).items()})
    return out


@dataclass(frozen=True, order=True)
class Citation:
    """Where a node was read from: one of its excerpts (prov:wasDerivedFrom)."""

    source: str  # the source file's path
    line_start: int
    line_end: int
    quote: str


class Iri(str):
    """An object that is an IRI (a node of the graph)."""


class Lit(str):
    """An object that is a literal: its lexical form, with its language or datatype."""

    language: str | None
    datatype: str | None

    def __new__(cls, text: str, language: str | None = None, datatype: str | None = None) -> Lit:
        lit = super().__new__(cls, text)
        lit.language, lit.datatype = language, datatype
        return lit


def _term(o) -> Iri | Lit:
    """An Oxigraph term as `Iri` or `Lit` (a blank node by its label)."""
    import pyoxigraph as ox

    if isinstance(o, ox.Literal):
        return Lit(o.value, o.language, None if o.language else o.datatype.value)
    return Iri(o.value)


_ESCAPED = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SHORT = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def _unescaped(m: re.Match) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else _SHORT[m.group(3)]


def _read_term(o: str) -> Iri | Lit:
    """A term as an N-Triples line writes it (`<iri>`, `_:label`, `"text"`, `"text"@lang`, `"text"^^<iri>`)."""
    if o[0] == "<":
        return Iri(o[1:-1])
    if o[0] == "_":
        return Iri(o[2:])
    end = o.rindex('"')
    text, rest = o[1:end], o[end + 1 :]
    if "\\" in text:
        text = _ESCAPED.sub(_unescaped, text)
    if not rest:
        return Lit(text, None, _STRING)
    if rest[0] == "@":
        return Lit(text, rest[1:], None)
    return Lit(text, None, rest[3:-1])


class Nodes:
    """A graph by subject (IRI -> predicate IRI -> objects, `Iri` or `Lit`), read from its N-Triples,
    with the ontology's own labels for the terms the data points at (jkg:Met, jkg:OverdueTarget …)
    and for its properties."""

    def __init__(self, nt: bytes) -> None:
        from .context import ontology

        self.out: dict[str, dict[str, list[Any]]] = {}
        terms: dict[str, Iri | Lit] = {}
        for line in nt.decode("utf-8").split("\n"):  # read as text: a third faster than Oxigraph's terms
            if not line:
                continue
            s, p, o = line[:-2].split(" ", 2)  # no space in an IRI or a blank node's label
            obj = terms.get(o)
            if obj is None:
                obj = terms[o] = _read_term(o)
            self.out.setdefault(s[1:-1] if s[0] == "<" else s[2:], {}).setdefault(p[1:-1], []).append(obj)
        self._terms: dict[str, dict[str, list[Any]]] = {}
        for t in ontology():
            p = t.predicate.value
            if p in LABELS:
                obj = _term(t.object)
                self._terms.setdefault(t.subject.value, {}).setdefault(p, []).append(obj)
        self._instances: dict[str, list[str]] = {}
        self._labels: dict[tuple[str, str], tuple[str, ...]] = {}
        for s, props in self.out.items():
            for t in props.get(V.type_, ()):
                self._instances.setdefault(str(t), []).append(s)

    def count(self, cls: str) -> int:
        """How many nodes are typed `cls`."""
        return len(self._instances.get(cls, ()))

    def instances(self, cls: str) -> list[str]:
        """The nodes typed `cls`, sorted."""
        return sorted(self._instances.get(cls, ()))

    def types(self, node: str) -> set[str]:
        return {str(t) for t in self.objects(node, V.type_)}

    def objects(self, node: str, predicate: str) -> list[Any]:
        return self.out.get(node, {}).get(predicate, [])

    def labels(self, node: str, lang: str = "zh") -> list[str]:
        """The node's names in `lang` ("zh" also takes names without a language), sorted; the
        ontology's when the data has none (a status, a flag kind, a property). Read once a node."""
        found = self._labels.get((node, lang))
        if found is None:
            found = self._labels[(node, lang)] = self._read_labels(node, lang)
        return list(found)

    def _read_labels(self, node: str, lang: str) -> tuple[str, ...]:
        langs = (lang, "") if lang == "zh" else (lang,)
        for props in (self.out.get(node, {}), self._terms.get(node, {})):
            names = {str(v) for p in LABELS for v in props.get(p, ()) if (getattr(v, "language", None) or "") in langs}
            if names:
                return tuple(sorted(names))
        return ()

    def label(self, node: str) -> str | None:
        """The node's name: its first Chinese one, else its first English one."""
        return next(iter(self.labels(node) or self.labels(node, "en")), None)

    def citations(self, node: str) -> list[Citation]:
        """The excerpts the node was read from, sorted (file, lines, quote)."""
        out = []
        for ex in self.objects(node, V.wasDerivedFrom):
            ex = str(ex)
            sources = [str(p) for src in self.objects(ex, V.inSource) for p in self.objects(str(src), V.path)]
            start, end, quote = (self.objects(ex, p) for p in (V.lineStart, V.lineEnd, V.quote))
            if sources and start and end and quote:
                out.append(Citation(min(sources), int(start[0]), int(end[0]), str(quote[0])))
        return sorted(out)


def ntriples(lines) -> bytes:
    """The canonical form: the N-Triples lines the sink wrote (graph/sink.py, as Oxigraph writes
    them), sorted bytewise (code point order is UTF-8's byte order), one triple a line. A triple
    ends at \n only: a literal may hold U+2028 or U+0085 unescaped."""
    lines = sorted(lines)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def turtle(nt: bytes) -> bytes:
    """Turtle of the sorted N-Triples, written by Oxigraph with the contract's prefixes: a node's
    triples together, in the canonical order, so the same graph gives the same bytes."""
    import pyoxigraph as ox

    triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=V.PREFIXES)


def jsonld(nodes: Nodes) -> bytes:
    """JSON-LD of the graph, compacted with the context of graph/context.py (embedded whole; the
    context file is written too): a property by its short term where its definition fits the
    value (an IRI for `@type: @id`, the declared datatype, a language for a language map), else by
    its prefixed name; one value bare, several sorted. One node a line, in the order of the
    canonical N-Triples, so the output is byte-stable. pyld expands it to exactly the graph
    (tests/test_exports.py); rdflib's and pyld's compaction took seconds per 100k triples
    (decision 0017)."""
    from .context import context

    ctx = context()
    terms = _terms(ctx)
    prefixed = cache(V.prefixed)
    lines = []
    for s, props in nodes.out.items():
        node: dict[str, Any] = {"@id": s}
        for p, objects in props.items():
            if p == V.type_:
                node["@type"] = _one([terms.get(str(o), (prefixed(o),))[0] for o in objects])
                continue
            name, kind, datatype = terms.get(p, (None, None, None))
            fit, rest = [], []
            for o in objects:
                if name is None:
                    rest.append(o)
                elif kind == "plain":
                    fit.append(str(o) if _plain(o) else _value(o))
                elif kind == "@id" and isinstance(o, Iri):
                    fit.append(_compact_iri(o, prefixed))
                elif kind == "typed" and isinstance(o, Lit) and o.datatype == datatype:
                    fit.append(str(o))
                elif kind == "@language" and isinstance(o, Lit) and o.language:
                    fit.append(o)
                else:
                    rest.append(o)
            if fit and kind == "@language":
                by_lang: dict[str, list[str]] = {}
                for o in fit:
                    by_lang.setdefault(o.language, []).append(str(o))
                node[name] = {lang: _one(v) for lang, v in sorted(by_lang.items())}
            elif fit:
                node[name] = _one(fit)
            if rest:
                node[prefixed(p)] = _one([str(o) if _plain(o) else _value(o) for o in rest])
        lines.append(json.dumps(node, ensure_ascii=False, sort_keys=True))
    head = json.dumps(ctx, ensure_ascii=False, sort_keys=True)
    return ('{"@context": ' + head + ',\n"@graph": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def _terms(ctx: dict) -> dict[str, tuple[str, str, str | None]]:
    """Full IRI -> (term, how it compacts: "plain", "@id", "typed" or "@language", its datatype)."""
    out = {}
    for name, d in ctx.items():
        if name in V.PREFIXES:
            continue
        if isinstance(d, str):
            out[V.expand(d)] = (name, "plain", None)
        elif d.get("@type") == "@id":
            out[V.expand(d["@id"])] = (name, "@id", None)
        elif "@type" in d:
            out[V.expand(d["@id"])] = (name, "typed", V.expand(d["@type"]))
        elif d.get("@container") == "@language":
            out[V.expand(d["@id"])] = (name, "@language", None)
    return out


def _compact_iri(iri: str, prefixed) -> str:
    """An IRI value as rdflib compacted it: by its prefixed name (jkg:Pending) when the local part is
    one word, else whole (a jkr: node's IRI has a path)."""
    short = prefixed(iri)
    return short if short != iri and "/" not in short.split(":", 1)[1] else str(iri)


def _plain(o) -> bool:
    return isinstance(o, Lit) and not o.language and o.datatype in (None, V.XSD + "string")


def _value(o) -> dict:
    """An object in expanded form: {"@id"} for an IRI, {"@value", "@language" or "@type"} for a literal."""
    if isinstance(o, Iri):
        return {"@id": str(o)}
    if o.language:
        return {"@language": o.language, "@value": str(o)}
    return {"@type": V.prefixed(o.datatype), "@value": str(o)}


def _one(values: list):
    """One value bare, several sorted (by their JSON), as JSON-LD compaction writes them."""
    if len(values) == 1:
        return values[0]
    return sorted(values, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
