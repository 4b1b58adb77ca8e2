"""Answers to users' questions: who, show, search, targets, query, stats.

Text is looked up in the search index (index.py), hits are fetched from the store by IRI.
User text only ever reaches SPARQL as a bound literal or IRI (Oxigraph substitutions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import Ambiguous, NoMatch, QueryFailed
from ..graph import vocab as V
from ..store import base
from ..store.base import Store as GraphStore
from ..store.base import iri
from ..store.index import Hit, SearchIndex
from ..text import key
from .districts import District, ambiguous, in_district, of_district

# Details of a cited node ?m (a measure, project, target …): excerpt, label, number, document.
# The excerpt (required) comes first: Oxigraph joins in this order, and OPTIONALs first cost 5x.
_DETAILS = """
  ?m prov:wasDerivedFrom ?ex .
  ?ex jkg:quote ?quote ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src .
  OPTIONAL { ?m rdfs:label|skos:prefLabel ?title FILTER(lang(?title) = "zh") }
  OPTIONAL { ?m jkg:ordinal ?ordinal }
  OPTIONAL { ?m jkg:partOf|jkg:statedIn ?doc . ?doc dcterms:title ?docTitle FILTER(lang(?docTitle) = "zh")
             OPTIONAL { ?doc dcterms:identifier ?ident } }
  OPTIONAL { ?m jkg:period ?period } OPTIONAL { ?m jkg:value ?value }
  OPTIONAL { ?m jkg:postTitle ?post } OPTIONAL { ?m jkg:action ?action }"""
# (One triple pattern per OPTIONAL: with two, Oxigraph scanned every period in the graph.)
_PAIRS = "SELECT DISTINCT ?o ?m ?s WHERE { %s }"
_PAIRS_EACH = "SELECT DISTINCT ?o ?m ?s WHERE { {values} %s }"
_NARROWER = "SELECT ?i ?s WHERE { {values} ?s skos:narrower ?i }"


def _under(store: GraphStore, concept: str) -> list[str]:
    """A concept and everything under it, level by level (no `*` path: Virtuoso wants a constant start)."""
    seen, frontier = {concept}, [concept]
    while frontier:
        frontier = sorted({r["i"] for r in store.select_each(_NARROWER, "s", frontier)} - seen)
        seen.update(frontier)
    return sorted(seen)


_CITE = (
    "SELECT ?m ?title ?ordinal ?period ?value ?post ?action ?docTitle ?ident ?src ?start ?end ?quote "
    "WHERE { {values} " + _DETAILS + " }"
)
# How each kind of subject ?s leads to responsible bodies ?o through cited nodes ?m is each
# kind's `routes` (kinds/*.py), written into the search index by the build. The pairs are found
# first, then the cited nodes' details in one VALUES query: a sub-select holding both made
# Oxigraph join everything before applying the bound subject (14 ms against 1 ms).
_BODY = """
SELECT ?o ?label ?en ?unresolved ?alt ?district WHERE {
  {values}
  ?o skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL { ?o skos:prefLabel ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?o jkg:unresolved ?unresolved }
  OPTIONAL { ?o skos:altLabel ?alt }
  OPTIONAL { ?o jkg:district/skos:prefLabel ?district FILTER(lang(?district) = "zh") }
}"""


@dataclass(frozen=True)
class Citation:
    """A node behind an answer (a measure, project, target …) with where it is written."""

    subject: str
    relation: str
    title: str
    ordinal: int | None
    document: str | None
    identifier: str | None
    source: str
    line_start: int
    line_end: int
    quote: str


@dataclass
class BodyAnswer:
    """One responsible body and the cited nodes that make it responsible."""

    body: str
    label: str
    label_en: str | None
    aliases: list[str]
    unresolved: bool
    citations: list[Citation] = field(default_factory=list)
    total: int = 0  # citations in the graph; `citations` may hold only the first of them
    district: str | None = None  # the district it belongs to (长宁区)


@dataclass
class WhoAnswer:
    """`who TEXT`: the bodies responsible for what TEXT names, or what a body TEXT is responsible for."""

    query: str
    mode: str  # "body" when TEXT names a body; else the kind of what it matched
    matched: list[str]  # labels of the entities TEXT matched
    bodies: list[BodyAnswer]

    @property
    def citation_count(self) -> int:
        return len({c.subject for b in self.bodies for c in b.citations})

    @property
    def shown_all(self) -> bool:
        return all(len(b.citations) >= b.total for b in self.bodies)

    @property
    def districts(self) -> list[str]:
        """The districts the bodies of the answer belong to; more than one are named in the answer."""
        return sorted({b.district for b in self.bodies if b.district})


def _title(r: dict) -> str:
    if r["period"] is not None:
        return f"{r['period']}: {r['value']}"
    if r["post"] is not None:
        return f"{r['action']} {r['post']}"
    return r["title"] or ""


Pair = tuple[str, str, str]  # (body, cited node, relation)


def _pairs(store: GraphStore, pattern: str, relation: str, subjects: list[str] | None = None, **bound) -> list[Pair]:
    """(body, cited node, relation) for one relation pattern, its subject bound or many subjects."""
    rows = (
        store.select_each(_PAIRS_EACH % pattern, "s", subjects)
        if subjects is not None
        else store.select(_PAIRS % pattern, **bound)
    )
    return [(r["o"], r["m"], relation) for r in rows]


def _natural(text: str) -> list:
    """Sort key that puts …/measure/x/2 before …/measure/x/10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def _cite(store: GraphStore, pairs: list[Pair], limit: int | None) -> tuple[dict[str, list[Citation]], dict[str, int]]:
    """Citations per body (the first `limit` per body, in document order) and each body's total."""
    per_body: dict[str, list[Pair]] = {}
    for p in dict.fromkeys(pairs):
        per_body.setdefault(p[0], []).append(p)
    totals = {b: len({p[1] for p in ps}) for b, ps in per_body.items()}
    if limit:
        per_body = {b: sorted(ps, key=lambda p: _natural(p[1]))[:limit] for b, ps in per_body.items()}
    nodes = sorted({p[1] for ps in per_body.values() for p in ps})
    details = {r["m"]: r for r in store.select_each(_CITE, "m", nodes)}
    out: dict[str, list[Citation]] = {}
    for body, ps in per_body.items():
        for _, m, relation in ps:
            r = details.get(m)
            if r is not None:
                out.setdefault(body, []).append(
                    Citation(
                        m,
                        relation,
                        _title(r),
                        r["ordinal"],
                        r["docTitle"],
                        r["ident"],
                        r["src"],
                        r["start"],
                        r["end"],
                        r["quote"],
                    )
                )
    return out, totals


def _body_info(store: GraphStore, bodies: list[str]) -> dict[str, BodyAnswer]:
    """Label, English name, aliases and unresolved flag of many bodies, in one VALUES query."""
    info: dict[str, BodyAnswer] = {}
    for r in store.select_each(_BODY, "o", sorted(bodies)):
        b = info.setdefault(
            r["o"],
            BodyAnswer(r["o"], r["label"], r["en"], [], r["unresolved"] in (True, "true", "1"), district=r["district"]),
        )
        if r["alt"] and r["alt"] not in b.aliases:
            b.aliases.append(r["alt"])
    for b in info.values():
        b.aliases.sort()
    return info


def _bodies(
    store: GraphStore, cited: dict[str, list[Citation]], totals: dict[str, int], order: list[str]
) -> list[BodyAnswer]:
    """Each body with its citations, those of `order`'s relations first in that order."""
    info = _body_info(store, list(cited))
    answers = []
    for body, citations in cited.items():
        if body not in info:
            continue
        b = info[body]
        b.total = totals.get(body, len(citations))
        b.citations = sorted(
            set(citations),
            key=lambda c: (
                order.index(c.relation) if c.relation in order else 0,
                c.document or "",
                c.ordinal or 0,
                c.title,
                c.line_start,
            ),
        )
        answers.append(b)
    return sorted(answers, key=lambda b: (-b.total, b.label))


def resolve_text(
    index: SearchIndex,
    text: str,
    kinds: set[str] | None = None,
    store: GraphStore | None = None,
    district: District | None = None,
) -> list[Hit]:
    """The best hits for a question (all those tied for the best score), only those of `district`
    when one is asked; NoMatch with candidates if none."""
    hits = index.search(text, limit=200, kinds=kinds)
    if hits and district is not None and store is not None:
        hits = in_district(store, text, hits, district)
    if not hits:
        raise NoMatch(text, index.closest(text))
    return [h for h in hits if h.score == hits[0].score]


def who(
    store: GraphStore, index: SearchIndex, text: str, limit: int | None = None, district: District | None = None
) -> WhoAnswer:
    """Bodies responsible for whatever TEXT matches, ranked, each with the nodes behind it.

    Each body lists at most `limit` citations (None: all); `BodyAnswer.total` counts them all.
    With `district`, only what is of that district: its bodies, its documents' measures.
    """
    q = key(text)
    if not q:
        raise NoMatch(text)
    kinds = {k.name: k for k in index.kinds()}
    inverse = {k.name for k in kinds.values() if k.inverse}
    own = [r for k in kinds.values() if k.inverse for r in k.routes]
    order = [relation for relation, _, _ in own]
    top = resolve_text(index, text, store=store, district=district)
    bodies = [h for h in top if h.kind in inverse]
    if bodies and top[0].score >= 90:  # TEXT names a body: what it is responsible for
        if len({h.iri for h in bodies}) > 1:
            raise ambiguous(store, text, bodies)
        pairs = [p for relation, pattern, _ in own for p in _pairs(store, pattern, relation, s=iri(bodies[0].iri))]
        cited, totals = _cite(store, of_district(store, pairs, district), limit)
        answers = _bodies(store, cited, totals, order) or [_empty_body(store, bodies[0].iri)]
        return WhoAnswer(q, "body", [bodies[0].label], answers)
    if bodies and all(h.kind in inverse for h in top) and len({h.iri for h in bodies}) > 1:
        raise ambiguous(store, text, bodies)
    pairs: list[Pair] = []
    by_kind: dict[str, list[Hit]] = {}
    for h in top:
        by_kind.setdefault(h.kind, []).append(h)
    for kind, hits in by_kind.items():
        routes = kinds[kind].routes
        if len(routes) == 1 and routes[0][2] == "iri":  # one query for the kind, however many hits
            relation, pattern, _ = routes[0]
            pairs += _pairs(store, pattern, relation, sorted({h.iri for h in hits}))
            continue
        for h in hits:  # few; each route tried in turn until one gives bodies
            for relation, pattern, bind in routes:
                found = _route(store, h, relation, pattern, bind)
                if found:
                    pairs += found
                    break
    cited, totals = _cite(store, of_district(store, pairs, district), limit)
    mode = "body" if all(h.kind in inverse for h in top) else top[0].kind
    return WhoAnswer(q, mode, sorted({h.label for h in top}), _bodies(store, cited, totals, order))


def _route(store: GraphStore, hit: Hit, relation: str, pattern: str, bind: str) -> list[Pair]:
    """The pairs one route gives for one hit, ?s bound as the route says."""
    if bind == "narrower":
        return _pairs(store, pattern, relation, _under(store, hit.iri))
    if bind == "label":
        return _pairs(store, pattern, relation, s=hit.label)
    return _pairs(store, pattern, relation, s=iri(hit.iri))


def _empty_body(store: GraphStore, body: str) -> BodyAnswer:
    return _body_info(store, [body])[body]


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


_LABEL_PROPS = {V.prefLabel, V.altLabel, V.hiddenLabel, V.label, V.title}


def show(store: GraphStore, index: SearchIndex, name: str, district: District | None = None) -> Card:
    """The card of the entity NAME names (a full IRI or jkr: name works too), of `district` if asked."""
    target = _iri_of(name)
    if target is None:
        top = resolve_text(index, name, store=store, district=district)
        if len({h.iri for h in top}) > 1 and top[0].score < 100:
            raise Ambiguous(name, sorted({f"{h.label} ({h.kind})" for h in top})[:12], "entities")
        hit = top[0]
        target, kind, label = hit.iri, hit.kind, hit.label
    else:
        kind, label = "", target
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
    if not kind:
        zh = next((r.value for r in labels if r.predicate in ("skos:prefLabel", "rdfs:label", "dcterms:title")), None)
        label = zh or target
    return Card(target, kind or (types[0] if types else ""), label, types, labels, outgoing, incoming, prov)


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
    if district is not None and store is not None:
        hits = index.search(text, limit=200)
        hits = in_district(store, text, hits, district)[:limit] if hits else hits
    else:
        hits = index.search(text, limit=limit)
    if not hits:
        raise NoMatch(text, index.closest(text))
    return hits


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
    top = resolve_text(index, text, kinds={"indicator"}, store=store, district=district)
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
    )


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
