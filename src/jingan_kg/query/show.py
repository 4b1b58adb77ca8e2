"""`show NAME`: an entity's card — type, labels, every relation in and out, and where it is written."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Ambiguous, NoMatch
from ..graph import vocab as V
from ..store.base import iri
from ..store.index import Hit, SearchIndex
from .lookup import best, lookup

if TYPE_CHECKING:
    from ..store.base import Store as GraphStore
    from .districts import District
    from .frames import Reading

_OUT = """SELECT ?p ?v ?vlabel ?s WHERE { ?s ?p ?v .
  OPTIONAL { ?v skos:prefLabel|rdfs:label|dcterms:title ?vlabel FILTER(lang(?vlabel) = "zh") } }"""
_IN = """SELECT ?x ?p ?xlabel ?s WHERE { ?x ?p ?s . FILTER(?p != prov:wasDerivedFrom)
  OPTIONAL { ?x skos:prefLabel|rdfs:label|dcterms:title ?xlabel FILTER(lang(?xlabel) = "zh") } }"""
_IN_SUBJECTS = """SELECT ?x ?p WHERE { {values} ?x ?p ?s . FILTER(?p != prov:wasDerivedFrom) }"""
_IN_GROUPS = """SELECT ?p (COUNT(?x) AS ?n) (GROUP_CONCAT(STR(?x); separator=" ") AS ?xs) WHERE {
  {values} ?x ?p ?s . FILTER(?p != prov:wasDerivedFrom) } GROUP BY ?p"""
_PROVENANCE = """SELECT ?src ?start ?end ?quote ?s WHERE { ?s prov:wasDerivedFrom ?ex .
  ?ex jkg:inSource/jkg:path ?src ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote }
  ORDER BY ?src ?start ?end"""


@dataclass(frozen=True)
class Relation:
    """One edge of an entity card: the property and the other side (IRI and label, or a literal)."""

    predicate: str
    value: str
    label: str | None
    is_iri: bool


@dataclass
class Card:
    """`show NAME`: an entity's type, labels, every relation in and out, and where it is written."""

    iri: str
    kind: str
    label: str
    types: list[str]
    labels: list[Relation]
    outgoing: list[Relation]
    incoming: list[Relation]
    provenance: list[dict]
    reading: Reading | None = None  # how NAME was read (a question frame taken away)

    def count(self, predicate: str) -> int:
        """How many relations in of `predicate` the entity has."""
        return sum(1 for r in self.incoming if r.predicate == predicate)

    def count_in(self) -> int:
        """How many relations in the entity has."""
        return len(self.incoming)


@dataclass
class Abridged(Card):
    """A card holding only the first `per_predicate` relations in of each predicate (what the table
    prints), with how many each predicate has in the graph."""

    counts: dict[str, int] = field(default_factory=dict)  # prefixed predicate -> relations in

    def count(self, predicate: str) -> int:
        return self.counts.get(predicate, 0)

    def count_in(self) -> int:
        return sum(self.counts.values())


_ZH_LABEL = """SELECT ?l ?s WHERE { ?s skos:prefLabel|rdfs:label|dcterms:title ?l FILTER(lang(?l) = "zh") }"""
_LABEL_PROPS = {V.prefLabel, V.altLabel, V.hiddenLabel, V.label, V.title}


def show(
    store: GraphStore, index: SearchIndex, name: str, district: District | None = None, per_predicate: int | None = None
) -> Card:
    """The card of the entity NAME names (a full IRI or jkr: name works too), of `district` if asked.

    With `per_predicate`, an `Abridged` card: of each predicate in, only the first so many relations
    are made (the others counted), what a table prints. The store reads every other side, not its
    name: the order is by the other side's Chinese name, read from the search index (Oxigraph's
    ORDER BY … LIMIT costs more than the rows, 2,457: 150 ms against 75)."""
    target = _iri_of(name)
    if target is None:
        reading, found = lookup(index, name, store=store, district=district)
        top = best(found)
        if len({h.iri for h in top}) > 1 and top[0].score < 100:
            raise _ambiguous(name, top)
        hit = top[0]
        target, kind, label = hit.iri, hit.kind, hit.label
    else:
        kind, label, reading = "", target, None
    out = store.select(_OUT, s=iri(target))
    if not out:
        raise NoMatch(name, index.closest(name))
    types = sorted(V.prefixed(r["v"]) for r in out if r["p"] == V.type_)
    rels = [
        Relation(V.prefixed(r["p"]), str(r["v"]), r["vlabel"], _looks_iri(str(r["v"])))
        for r in out
        if r["p"] != V.type_ and r["p"] != V.wasDerivedFrom
    ]
    labels = sorted(
        (r for r in rels if r.predicate in {V.prefixed(p) for p in _LABEL_PROPS}), key=lambda r: (r.predicate, r.value)
    )
    outgoing = sorted((r for r in rels if r not in labels), key=_relation_key)
    if per_predicate is None:
        rows = store.select(_IN, s=iri(target))
    else:  # of each predicate, the first in the card's order, and how many
        by = _incoming(store, index, target)
        counts = {p: len(group) for p, group in by.items()}
        rows = [r for group in by.values() for r in heapq.nsmallest(per_predicate, group, key=_in_key)]
    incoming = sorted((Relation(V.prefixed(r["p"]), r["x"], r["xlabel"], True) for r in rows), key=_relation_key)
    prov = [
        {"source": r["src"], "line_start": r["start"], "line_end": r["end"], "quote": r["quote"]}
        for r in store.select(_PROVENANCE, s=iri(target))
    ]
    if not kind:  # asked by IRI: the card is headed with the Chinese name, as a search would give it
        zh = store.select(_ZH_LABEL, s=iri(target))
        label = min((r["l"] for r in zh), default=None) or target
    kind = kind or (types[0] if types else "")
    if per_predicate is None:
        return Card(target, kind, label, types, labels, outgoing, incoming, prov, reading)
    counted = {V.prefixed(p): n for p, n in counts.items()}
    return Abridged(target, kind, label, types, labels, outgoing, incoming, prov, reading, counted)


def _incoming(store: GraphStore, index: SearchIndex, target: str) -> dict[str, list[dict]]:
    """The relations in of `target` by predicate, as `_IN` gives them (a row per Chinese name of
    the other side, one with none if it has none), the names read from the search index: the store
    gives only the other sides, one string per predicate (GROUP_CONCAT: no term made per row), and
    decoding every one's name (2,510 relations in of a body at 100x) cost the store more than all
    the rest of the card."""
    groups = store.select_each(_IN_GROUPS, "s", [target])
    if any(g["xs"] is None or len(g["xs"].split(" ")) != g["n"] for g in groups):  # a blank node: no STR
        rows = store.select_each(_IN_SUBJECTS, "s", [target])
    else:  # each predicate's other sides in one string, made by the store
        rows = [{"x": x, "p": g["p"]} for g in groups for x in g["xs"].split(" ")]
    names = index.zh_labels(sorted({r["x"] for r in rows}))
    by: dict[str, list[dict]] = {}
    for r in rows:
        group = by.setdefault(r["p"], [])
        group += [{"x": r["x"], "p": r["p"], "xlabel": n} for n in names.get(r["x"], [None])]
    return by


def _in_key(row: dict) -> str:
    """A relation in's place among those of its predicate: the other side's label, else its IRI."""
    return row["xlabel"] or row["x"]


def _relation_key(r: Relation) -> tuple[str, str]:
    return (r.predicate, r.label or r.value)


def _ambiguous(text: str, hits: list[Hit]) -> Ambiguous:
    """Several entities named equally well: each candidate with its kind, the kinds in the message."""
    kinds = sorted({h.kind for h in hits})
    what = f"{kinds[0]}s" if len(kinds) == 1 else "entities (" + ", ".join(kinds) + ")"
    return Ambiguous(text, sorted({f"{h.label} ({h.kind})" for h in hits})[:12], what)


def _iri_of(name: str) -> str | None:
    """The IRI a NAME spells (full, or jkr:…), if it is one and a valid one."""
    name = name.strip()
    full = V.JKR + name[4:] if name.startswith("jkr:") else name
    if not full.startswith(("http://", "https://")):
        return None
    try:
        iri(full)
    except ValueError:
        return None
    return full


def _looks_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:"))
