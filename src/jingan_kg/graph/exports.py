"""Exports of a graph, each sorted so the same graph gives the same bytes: Turtle, JSON-LD (with the
context of graph/context.py), N-Triples, and through `files` the context file, the GraphML
network (graph/graphml.py) and the CSV tables per class (graph/tables.py).

`Nodes` is the graph indexed by subject, read once for the exports that walk it node by node.
They run at build time only (rdflib, networkx), never on a question command's path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from . import vocab as V

NTRIPLES, CONTEXT, GRAPHML, TABLES = "jingan-kg.nt", "jingan-kg.context.jsonld", "jingan-kg.graphml", "tables"
FILES: tuple[str, ...] = (NTRIPLES, CONTEXT, GRAPHML, TABLES)  # the names `files` writes (TABLES a folder)
LABELS = (V.prefLabel, V.label, V.title)  # a node's name, as the views read it (views/cards.py)


def files(g, nt: bytes, kinds: tuple) -> dict[str, bytes]:
    """The other exports of a graph (name -> bytes), beside Turtle and JSON-LD: `nt` (the sorted
    N-Triples of `g`, as `ntriples` gives it), the JSON-LD context, the GraphML network, and
    one CSV table per counted class under TABLES/."""
    from .context import context_file
    from .graphml import graphml
    from .tables import tables

    nodes = Nodes(g)
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


class Nodes:
    """A graph by subject (IRI -> predicate IRI -> objects, rdflib terms), with the ontology's own
    labels for the terms the data points at (jkg:Met, jkg:OverdueTarget …) and for its properties."""

    def __init__(self, g) -> None:
        from .context import ontology

        self.out: dict[str, dict[str, list[Any]]] = {}
        for s, p, o in g:
            self.out.setdefault(str(s), {}).setdefault(str(p), []).append(o)
        self._terms: dict[str, dict[str, list[Any]]] = {}
        for s, p, o in ontology():
            if str(p) in LABELS:
                self._terms.setdefault(str(s), {}).setdefault(str(p), []).append(o)
        self._instances: dict[str, list[str]] = {}
        for s, props in self.out.items():
            for t in props.get(V.type_, ()):
                self._instances.setdefault(str(t), []).append(s)

    def instances(self, cls: str) -> list[str]:
        """The nodes typed `cls`, sorted."""
        return sorted(self._instances.get(cls, ()))

    def types(self, node: str) -> set[str]:
        return {str(t) for t in self.objects(node, V.type_)}

    def objects(self, node: str, predicate: str) -> list[Any]:
        return self.out.get(node, {}).get(predicate, [])

    def labels(self, node: str, lang: str = "zh") -> list[str]:
        """The node's names in `lang` ("zh" also takes names without a language), sorted; the
        ontology's when the data has none (a status, a flag kind, a property)."""
        langs = (lang, "") if lang == "zh" else (lang,)
        for props in (self.out.get(node, {}), self._terms.get(node, {})):
            names = {str(v) for p in LABELS for v in props.get(p, ()) if (getattr(v, "language", None) or "") in langs}
            if names:
                return sorted(names)
        return []

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


def turtle(g) -> str:
    return g.serialize(format="turtle")


def jsonld(g) -> str:
    """JSON-LD compacted with the context of graph/context.py, embedded whole (a reference to the
    context file would not load from a file:// URL in every processor; the file is written too,
    for those who reuse it). Nodes and values are sorted, so the output is byte-stable."""
    from .context import context

    doc = json.loads(g.serialize(format="json-ld", context=context(), auto_compact=True))
    nodes = doc.pop("@graph", None)
    if nodes is None:  # one node: rdflib writes it at the top
        nodes = [{k: v for k, v in doc.items() if k != "@context"}] if len(doc) > 1 else []
    out = {"@context": context(), "@graph": sorted(map(_sorted, nodes), key=lambda n: n.get("@id", ""))}
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _sorted(value):
    """A JSON-LD value with every set of values sorted (an @list keeps its order)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted(v)) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sorted(v) for v in value), key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    return value


def ntriples(g) -> bytes:
    """The N-Triples rdflib writes, one triple a line, sorted. A triple ends at \n only: a literal
    may hold U+2028, U+0085, \v or \f unescaped, which str.splitlines would cut inside."""
    lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8")
