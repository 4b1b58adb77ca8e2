"""`flags`: what does not add up in the public record, each with the sentences behind it.

The flags are made at build time (kinds/flags.py, whose docstring lists the kinds) as jkg:Flag
nodes, so an endpoint answers them too; this reads them, the kinds asked bound in SPARQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import vocab as V
from ..store.base import Store as GraphStore
from .districts import District

KINDS = tuple(V.FLAG_KINDS)
_KIND_OF = {iri: name for name, iri in V.FLAG_KINDS.items()}

# Every flag cites (FlagShape), so the excerpt is joined, not OPTIONAL: Oxigraph evaluates an
# OPTIONAL holding a join over every excerpt of the graph, 10x slower.
_FLAGS = """SELECT ?f ?k ?x ?label ?reason ?d ?src ?start ?end ?quote WHERE { {values}
  ?f jkg:flagKind ?k ; jkg:about ?x ; rdfs:label ?label ; jkg:reason ?reason ; prov:wasDerivedFrom ?ex .
  ?ex jkg:inSource ?file ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote . ?file jkg:path ?src .
  OPTIONAL { ?f jkg:district ?d } }"""


@dataclass(frozen=True)
class Cited:
    source: str
    line_start: int
    line_end: int
    quote: str


@dataclass
class Flag:
    """One thing that does not add up: its kind, what it is about, why, and where it is written."""

    kind: str
    subject: str  # IRI of the measure, target, indicator or body
    label: str
    reason: str
    district: str | None = None
    citations: list[Cited] = field(default_factory=list)


def flags(store: GraphStore, kinds: list[str] | None = None, district: District | None = None) -> list[Flag]:
    """Every flag of the graph (of `kinds`, of `district` when asked), by kind then label; each
    flag's citations in source and line order."""
    wanted = [V.FLAG_KINDS[k] for k in (kinds or KINDS)]
    found: dict[str, Flag] = {}
    for r in store.select_each(_FLAGS, "k", wanted):
        if district is not None and r["d"] != district.iri:
            continue
        f = found.setdefault(r["f"], Flag(_KIND_OF[r["k"]], r["x"], str(r["label"]), str(r["reason"]), r["d"]))
        f.citations.append(Cited(r["src"], r["start"], r["end"], r["quote"]))
    order = {k: i for i, k in enumerate(KINDS)}
    for f in found.values():
        f.citations = sorted(set(f.citations), key=lambda c: (c.source, c.line_start, c.line_end, c.quote))
    return sorted(found.values(), key=lambda f: (order[f.kind], f.label, f.subject, f.reason))
