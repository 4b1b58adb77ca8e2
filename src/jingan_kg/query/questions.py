"""Answers to users' questions: who, show, search, targets, query, stats.

Text is looked up in the search index (index.py), hits are fetched from the store by IRI.
User text only ever reaches SPARQL as a bound literal or IRI (Oxigraph substitutions).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import Ambiguous, NoMatch, NotAnIndicator, QueryFailed
from ..graph import vocab as V
from ..store import base
from ..store.base import Store as GraphStore
from ..store.base import iri
from ..store.index import Hit, SearchIndex
from .districts import District
from .frames import Reading
from .lookup import best, lookup, resolve_text
from .who import BodyAnswer, Citation, Match, Renaming, WhoAnswer, who

__all__ = [
    "BodyAnswer",
    "Card",
    "Citation",
    "Match",
    "Renaming",
    "TargetsAnswer",
    "WhoAnswer",
    "query",
    "resolve_text",
    "search",
    "show",
    "stats",
    "targets",
    "who",
]

# --- show ---------------------------------------------------------------------------------

_OUT = """SELECT ?p ?v ?vlabel ?s WHERE { ?s ?p ?v .
  OPTIONAL { ?v skos:prefLabel|rdfs:label|dcterms:title ?vlabel FILTER(lang(?vlabel) = "zh") } }"""
_IN = """SELECT ?x ?p ?xlabel ?s WHERE { ?x ?p ?s . FILTER(?p != prov:wasDerivedFrom)
  OPTIONAL { ?x skos:prefLabel|rdfs:label|dcterms:title ?xlabel FILTER(lang(?xlabel) = "zh") } }"""
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


_ZH_LABEL = """SELECT ?l ?s WHERE { ?s skos:prefLabel|rdfs:label|dcterms:title ?l FILTER(lang(?l) = "zh") }"""
_LABEL_PROPS = {V.prefLabel, V.altLabel, V.hiddenLabel, V.label, V.title}


def show(store: GraphStore, index: SearchIndex, name: str, district: District | None = None) -> Card:
    """The card of the entity NAME names (a full IRI or jkr: name works too), of `district` if asked."""
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
    outgoing = sorted((r for r in rels if r not in labels), key=lambda r: (r.predicate, r.label or r.value))
    incoming = sorted(
        (Relation(V.prefixed(r["p"]), r["x"], r["xlabel"], True) for r in store.select(_IN, s=iri(target))),
        key=lambda r: (r.predicate, r.label or r.value),
    )
    prov = [
        {"source": r["src"], "line_start": r["start"], "line_end": r["end"], "quote": r["quote"]}
        for r in store.select(_PROVENANCE, s=iri(target))
    ]
    if not kind:  # asked by IRI: the card is headed with the Chinese name, as a search would give it
        zh = store.select(_ZH_LABEL, s=iri(target))
        label = min((r["l"] for r in zh), default=None) or target
    kind = kind or (types[0] if types else "")
    return Card(target, kind, label, types, labels, outgoing, incoming, prov, reading)


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


# --- search ---------------------------------------------------------------------------------


def search(
    index: SearchIndex, text: str, limit: int = 20, store: GraphStore | None = None, district: District | None = None
) -> list[Hit]:
    """Ranked matches across all kinds (those of `district` when one is asked, which needs the
    store); NoMatch with the closest labels when nothing matches."""
    return lookup(index, text, store=store, district=district, limit=200 if district is not None else limit)[1][:limit]


# --- targets --------------------------------------------------------------------------------

_VALUES = """SELECT ?v ?cls ?period ?value ?num ?unit ?docTitle ?ident ?src ?start ?end ?quote ?d ?district ?s WHERE {
  { SELECT ?v ?s WHERE { ?v jkg:indicator ?s } }
  ?v prov:wasDerivedFrom ?ex . ?ex jkg:inSource/jkg:path ?src ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote .
  ?v a ?cls ; jkg:period ?period ; jkg:value ?value ; jkg:statedIn ?doc .
  ?doc dcterms:title ?docTitle FILTER(lang(?docTitle) = "zh")
  OPTIONAL { ?v jkg:numericValue ?num } OPTIONAL { ?v jkg:unit ?unit } OPTIONAL { ?doc dcterms:identifier ?ident }
  OPTIONAL { ?v jkg:district ?d . ?d skos:prefLabel ?district FILTER(lang(?district) = "zh") } }"""
_INDICATOR = """SELECT ?label ?unit ?kind ?s WHERE { ?s skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL { ?s jkg:unit ?unit } OPTIONAL { ?s jkg:indicatorKind ?kind } }"""


@dataclass(frozen=True)
class Value:
    """A target or an outcome as one document states it."""

    value: str
    numeric: str | None
    unit: str | None
    document: str
    identifier: str | None
    source: str
    line_start: int
    line_end: int
    quote: str


@dataclass
class Period:
    """One period's targets and outcomes side by side, and the gap where both are numeric."""

    period: str
    targets: list[Value]
    outcomes: list[Value]
    gap: str | None = None
    district: str | None = None  # the district whose targets and outcomes these are (长宁区)


@dataclass
class TargetsAnswer:
    indicator: str
    label: str
    unit: str | None
    kind: str | None
    periods: list[Period]  # per district, then per period: a district's figures never meet another's
    reading: Reading | None = None  # how TEXT was read (a question frame taken away)

    @property
    def districts(self) -> list[str]:
        return sorted({p.district for p in self.periods if p.district})


def _gap(targets: list[Value], outcomes: list[Value]) -> str | None:
    """outcome − target, when each side has one numeric value and the units agree."""
    tn = {(t.numeric, t.unit) for t in targets if t.numeric is not None}
    on = {(o.numeric, o.unit) for o in outcomes if o.numeric is not None}
    if len(tn) != 1 or len(on) != 1:
        return None
    (t, tu), (o, ou) = next(iter(tn)), next(iter(on))
    if tu != ou:
        return None
    try:
        gap = Decimal(o) - Decimal(t)
    except InvalidOperation:
        return None
    return f"{gap:+f}".rstrip("0").rstrip(".") if "." in f"{gap:f}" else f"{gap:+f}"


def targets(store: GraphStore, index: SearchIndex, text: str, district: District | None = None) -> TargetsAnswer:
    """An indicator's targets and outcomes over every document and year, per district (only
    `district`'s when one is asked); the gap is taken within one district."""
    try:
        reading, found = lookup(index, text, kinds={"indicator"}, store=store, district=district)
        top = best(found)
    except NoMatch as exc:
        if type(exc) is not NoMatch:  # not in the district asked, ambiguous …: as it is
            raise
        raise _not_an_indicator(index, text, exc) from None
    if len({h.iri for h in top}) > 1 and top[0].score < 100:
        raise Ambiguous(text, sorted({h.label for h in top})[:12], "indicators")
    hit = top[0]
    [info] = store.select(_INDICATOR, s=iri(hit.iri))
    periods: dict[tuple[str, str], Period] = {}
    for r in store.select(_VALUES, s=iri(hit.iri)):
        if district is not None and r["d"] != district.iri:
            continue
        num = r["num"]
        value = Value(
            r["value"],
            None if num is None else _decimal(num),
            r["unit"],
            r["docTitle"],
            r["ident"],
            r["src"],
            r["start"],
            r["end"],
            r["quote"],
        )
        p = periods.setdefault((r["district"] or "", r["period"]), Period(r["period"], [], [], district=r["district"]))
        (p.targets if r["cls"] == V.Target else p.outcomes).append(value)
    for p in periods.values():
        p.targets.sort(key=lambda v: (v.source, v.line_start))
        p.outcomes.sort(key=lambda v: (v.source, v.line_start))
        p.gap = _gap(p.targets, p.outcomes)
    return TargetsAnswer(
        hit.iri,
        info["label"],
        info["unit"],
        info["kind"],
        [periods[k] for k in sorted(periods, key=lambda k: (k[0], _period_order(k[1])))],
        reading,
    )


# What answers for an entity that is not an indicator, by its kind.
_ANSWERED_BY = {"organisation": "who", "measure": "who", "industry": "who", "area": "who", "project": "who"}


def _not_an_indicator(index: SearchIndex, text: str, missed: NoMatch) -> NoMatch:
    """`targets` of a name that is something else: what it is and which command answers it."""
    try:
        hit = lookup(index, text)[1][0]
    except NoMatch:
        return missed
    if hit.score < 90:  # the words are in other names, not the name of something
        return NoMatch(text, index.closest(text), missed.read_as)
    closest = [h.label for h in index.search(text, limit=5, kinds={"indicator"})]
    return NotAnIndicator(text, hit.label, hit.kind, _ANSWERED_BY.get(hit.kind, "show"), closest)


def _decimal(value) -> str:
    d = Decimal(str(value))
    return format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")


def _period_order(period: str) -> tuple:
    head = period.split("-")[0]
    return (int(head) if head.isdigit() else 9999, period)


# --- query, stats -----------------------------------------------------------------------------


def query(store: GraphStore, sparql: str, district: District | None = None):
    """Run SPARQL 1.1 (SELECT, ASK, CONSTRUCT, DESCRIBE); a malformed query raises QueryFailed.

    With `district`, ?district is bound to its IRI (a VALUES row at the start of the outermost
    WHERE), for saved queries that ask about one district."""
    from .guard import check_query_shape

    if (too := check_query_shape(sparql)) is not None:  # a deeper text could crash the parser (SIGSEGV)
        raise QueryFailed(too)
    if district is not None:
        sparql = base.bind(sparql, {"district": iri(district.iri)})
    try:
        return store.raw_query(sparql)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryFailed(str(exc)) from None


_COUNT = """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c"""
_TRIPLES = """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"""
_PER_SOURCE = """SELECT ?path (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x prov:wasDerivedFrom/jkg:inSource/jkg:path ?path } GROUP BY ?path ORDER BY ?path"""


_PER_DISTRICT = """SELECT ?label ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a ?c . { ?x jkg:district ?d } UNION { ?x (jkg:partOf|jkg:statedIn|jkg:definedIn)/jkg:district ?d }
  ?d skos:prefLabel ?label FILTER(lang(?label) = "zh") } GROUP BY ?label ?c"""


def stats(store: GraphStore, index: SearchIndex, district: District | None = None) -> dict:
    """Counts per kind (the classes the build counted), triples, nodes read from each source, and
    the counts per district (a node is of its own district, or of its document's). With
    `district`, `counts` are that district's and `per_district` holds it alone."""
    per_class = {r["c"]: r["n"] for r in store.select(_COUNT)}
    counted = index.counted()
    per_district: dict[str, dict[str, int]] = {}
    for r in store.select(_PER_DISTRICT):
        per_district.setdefault(r["label"], {})[r["c"]] = r["n"]
    by_district = {
        d: {label: n for label, cls in counted.items() if (n := classes.get(cls, 0))}
        for d, classes in sorted(per_district.items())
    }
    if district is not None:
        by_district = {district.label: by_district.get(district.label, {})}
        counts = {label: by_district[district.label].get(label, 0) for label in counted}
    else:
        counts = {label: per_class.get(cls, 0) for label, cls in counted.items()}
    return {
        "triples": store.select(_TRIPLES)[0]["n"],
        "counts": counts,
        "per_source": {r["path"]: r["n"] for r in store.select(_PER_SOURCE)},
        "per_district": by_district,
    }


def conformance(store, ontology: Path | None = None) -> list[str]:
    """The graph's SHACL violations against the shapes (default: the package's ontology); [] if it conforms."""
    from ..config import resource
    from ..graph.shacl import validate_ntriples

    return validate_ntriples(store.dump(), ontology or resource("ontology"))
