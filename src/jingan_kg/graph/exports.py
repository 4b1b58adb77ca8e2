"""Exports of a graph: Turtle, JSON-LD and N-Triples, sorted so the same graph gives the same bytes."""

from __future__ import annotations

import json

from . import vocab as V


def turtle(g) -> str:
    return g.serialize(format="turtle")


def jsonld(g) -> str:
    """JSON-LD with the contract's prefixes, nodes and values sorted so output is byte-stable."""
    doc = json.loads(g.serialize(format="json-ld", context=V.PREFIXES, auto_compact=True))
    nodes = doc.get("@graph", [])
    for node in nodes:
        for k, v in node.items():
            if isinstance(v, list):
                node[k] = sorted(v, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    doc["@graph"] = sorted(nodes, key=lambda n: n.get("@id", ""))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def ntriples(g) -> bytes:
    """The N-Triples rdflib writes, one triple a line, sorted. A triple ends at \n only: a literal
    may hold U+2028, U+0085, \v or \f unescaped, which str.splitlines would cut inside."""
    lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8")
