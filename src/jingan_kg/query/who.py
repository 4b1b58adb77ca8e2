"""`who TEXT`: the bodies responsible for what TEXT names, or what a body TEXT is responsible for.

TEXT may be a question (谁负责绿色金融, who is responsible for …): lookup.py reads its topic.
Every entity the words match is a candidate; each kind's routes (kinds/*.py, written into the
search index) lead from it to bodies through cited nodes. Candidates whose routes name bodies
responsible (a measure's 责任部门) come first; those that only touch a body (a document's
publisher) are shown when the words name them best, the rest are listed as also matching.
Several entities are answered side by side, one group each; a citation is never given twice.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..errors import NoMatch
from ..graph import vocab as V
from ..store.base import iri
from ..store.index import FoundKind, Hit, SearchIndex, has_cjk
from ..text import key
from .frames import Reading
from .lookup import lookup, nearest_words

if TYPE_CHECKING:
    from ..store.base import Store as GraphStore
    from .districts import District

CANDIDATES = 200  # entities whose routes are followed, best first (the search index's limit)
GROUPS = 10  # entities answered side by side; the others are listed as also matching
ALSO = 20

# Details of a cited node ?m (a measure, project, target …): excerpt, label, number, document.
# The excerpt (required) comes first: Oxigraph joins in this order, and OPTIONALs first cost 5x.
_DETAILS = """
  ?m prov:wasDerivedFrom ?ex .
  ?ex jkg:quote ?quote ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src .
  OPTIONAL { ?m rdfs:label|skos:prefLabel ?title FILTER(lang(?title) = "zh") }
  OPTIONAL { ?m jkg:ordinal ?ordinal }
  OPTIONAL { ?m jkg:partOf|jkg:statedIn ?doc . ?doc dcterms:title ?docTitle FILTER(lang(?docTitle) = "zh")
             OPTIONAL { ?doc dcterms:identifier ?ident } }
  OPTIONAL { ?m jkg:period ?period } OPTIONAL { ?m jkg:value ?value } OPTIONAL { ?m jkg:unit ?unit }
  OPTIONAL { ?m jkg:postTitle ?post } OPTIONAL { ?m jkg:action ?action }
  OPTIONAL { ?m a ?cls FILTER(?cls IN (%s)) }"""
# (One triple pattern per OPTIONAL: with two, Oxigraph scanned every period in the graph.)
_CITE = (
    "SELECT ?m ?title ?ordinal ?period ?value ?unit ?post ?action ?docTitle ?ident ?src ?start ?end ?quote ?cls "
    "WHERE { {values} " + _DETAILS + " }"
)
# No DISTINCT: pairs are made unique where they are grouped (_answer), and Oxigraph's DISTINCT over
# a route's BIND costs 6x the rows themselves (2,174 pairs of one body at 100x: 270 ms against 49).
_PAIRS = "SELECT ?o ?m ?s WHERE { %s }"
_PAIRS_EACH = "SELECT ?o ?m ?s WHERE { {values} %s }"
_PAIRS_ONE = "SELECT ?o ?m WHERE { {values} %s }"
_PAIRS_GROUPED = (
    'SELECT ?o (COUNT(?m) AS ?n) (GROUP_CONCAT(STR(?m); separator=" ") AS ?ms) WHERE { {values} %s } GROUP BY ?o'
)
_NARROWER = "SELECT ?i ?s WHERE { {values} ?s skos:narrower ?i }"
_RENAMED = """SELECT ?s ?old ?new ?oldLabel ?newLabel WHERE { {values}
  { ?s dcterms:isReplacedBy ?new . BIND(?s AS ?old) } UNION { ?old dcterms:isReplacedBy ?s . BIND(?s AS ?new) }
  ?old skos:prefLabel ?oldLabel FILTER(lang(?oldLabel) = "zh")
  ?new skos:prefLabel ?newLabel FILTER(lang(?newLabel) = "zh") }"""
_RENAMING_SOURCE = """SELECT ?src ?start ?end ?quote ?s WHERE { ?s prov:wasDerivedFrom ?ex .
  ?ex jkg:inSource/jkg:path ?src ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote }
  ORDER BY ?src ?start"""
_BODY = """
SELECT ?o ?label ?en ?unresolved ?alt ?district WHERE {
  {values}
  ?o skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL { ?o skos:prefLabel ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?o jkg:unresolved ?unresolved }
  OPTIONAL { ?o skos:altLabel ?alt }
  OPTIONAL { ?o jkg:district/skos:prefLabel ?district FILTER(lang(?district) = "zh") }
}"""
_ROLES = {V.Target: "target", V.Outcome: "outcome"}
_ROLE_ORDER = {"target": 1, "outcome": 2}


@dataclass(frozen=True)
class Citation:
    """A node behind an answer (a measure, project, target …) with where it is written.

    `relations`: how it ties the body to what was asked (one node may do so in several ways);
    `role`, `period`, `value`, `unit` are a target's or an outcome's; `matched`: the words of the
    question found in the quote."""

    subject: str
    relations: tuple[str, ...]
    kind: str | None
    title: str
    ordinal: int | None
    role: str | None
    period: str | None
    value: str | None
    unit: str | None
    document: str | None
    identifier: str | None
    source: str
    line_start: int
    line_end: int
    quote: str
    matched: tuple[str, ...] = ()

    @property
    def relation(self) -> str:
        return self.relations[0]


@dataclass
class BodyAnswer:
    """One responsible body and the cited nodes that make it responsible."""

    body: str
    label: str
    label_en: str | None
    aliases: list[str]
    unresolved: bool
    citations: list[Citation] = field(default_factory=list)
    total: int = 0  # cited nodes in the graph; `citations` may hold only the first of them
    district: str | None = None  # the district it belongs to (长宁区)


@dataclass
class Match:
    """One entity the question's words match, and the bodies it leads to.

    `responsibility`: its bodies are named responsible (not only the publisher of a document
    that states it). `same`: other entities the words match whose answer is the very same."""

    iri: str
    kind: str
    label: str
    matched: str
    field: str
    score: int
    responsibility: bool
    bodies: list[BodyAnswer] = field(default_factory=list)
    same: list[dict] = field(default_factory=list)  # {iri, kind, label}


@dataclass(frozen=True)
class Renaming:
    """One entity renamed in the sources (商贸服务业 → 时尚消费业), with the sentence that says so."""

    old: str
    new: str
    old_iri: str
    new_iri: str
    source: str | None
    line_start: int | None
    line_end: int | None
    quote: str | None


@dataclass
class WhoAnswer:
    """`who TEXT`: how it was read, and one group per entity matched (one body in body mode)."""

    query: str  # the text asked
    reading: Reading
    mode: str  # "body": what a body is responsible for; "topic": who is responsible for what TEXT names
    groups: list[Match]
    also: list[dict] = field(default_factory=list)  # {iri, kind, label}: matched too, not answered here
    renamings: list[Renaming] = field(default_factory=list)

    @property
    def topic(self) -> str:
        return self.reading.topic

    @property
    def matched(self) -> list[str]:
        return [g.label for g in self.groups]

    @property
    def bodies(self) -> list[BodyAnswer]:
        """Every body of the answer once, with the citations of all groups."""
        merged: dict[str, BodyAnswer] = {}
        for g in self.groups:
            for b in g.bodies:
                if b.body not in merged:
                    merged[b.body] = BodyAnswer(b.body, b.label, b.label_en, b.aliases, b.unresolved, [], 0, b.district)
                m = merged[b.body]
                seen = {c.subject for c in m.citations}
                m.citations += [c for c in b.citations if c.subject not in seen]
                m.total = max(m.total, b.total, len(m.citations))
        return sorted(merged.values(), key=lambda b: (-b.total, b.label))

    @property
    def citation_count(self) -> int:
        return len({c.subject for g in self.groups for b in g.bodies for c in b.citations})

    @property
    def shown_all(self) -> bool:
        return all(len(b.citations) >= b.total for g in self.groups for b in g.bodies)

    @property
    def districts(self) -> list[str]:
        """The districts the bodies of the answer belong to; more than one are named in the answer."""
        return sorted({b.district for g in self.groups for b in g.bodies if b.district})


Pair = tuple[str, str, str, str]  # (hit, body, cited node, relation)


def who(
    store: GraphStore, index: SearchIndex, text: str, limit: int | None = None, district: District | None = None
) -> WhoAnswer:
    """Bodies responsible for whatever TEXT matches, grouped by entity, each with the nodes behind it.

    Each body lists at most `limit` citations (None: all); `BodyAnswer.total` counts them all.
    With `district`, only what is of that district: its bodies, its documents' measures.
    """
    if not key(text):
        raise NoMatch(text)
    kinds = {k.name: k for k in index.kinds()}
    inverse = {k.name for k in kinds.values() if k.inverse}
    reading, hits = lookup(index, text, store=store, district=district, narrow=True)
    body_hits = [h for h in hits if h.kind in inverse]
    named = [h for h in body_hits if h.score == body_hits[0].score] if body_hits else []
    alone = named and named[0].score == hits[0].score and len({h.iri for h in hits if h.score == hits[0].score}) == 1
    if named and (named[0].score >= 90 or alone or (reading.intent == "what" and named[0].score >= 55)):
        if len({h.iri for h in named}) > 1:
            from .districts import ambiguous

            raise ambiguous(store, reading.topic, named)
        return _body_mode(store, kinds, reading, text, named[0], hits, limit, district)
    answer = _topic_mode(store, kinds, reading, text, hits, limit, district)
    if any(g.responsibility for g in answer.groups) or not reading.asked:
        return answer
    # No name holds the words whole, and the nearest ones name nothing responsible: the measures
    # (and the other kinds with responsible bodies) whose text holds the longest part of them.
    strong = {k.name for k in kinds.values() if not k.inverse and any(r[3] for r in k.routes if len(r) > 3)}
    strong -= {g.kind for g in answer.groups}  # those kinds' hits named no one responsible
    asked = reading.asked or reading.topic
    words = nearest_words(index, asked, strong) if has_cjk(asked) else None
    if not words or words == reading.topic or len(words) * 2 < len(asked):  # too little of what was asked
        return answer
    more = index.search(words, limit=CANDIDATES, kinds=strong)
    if more and district is not None:
        from .districts import in_district

        more = in_district(store, words, more, district)
    seen = {h.iri for h in hits}
    merged = sorted(hits + [h for h in more if h.iri not in seen], key=lambda h: -h.score)
    return _topic_mode(
        store, kinds, Reading(reading.frame, words, reading.intent, asked), text, merged, limit, district
    )


def _body_mode(store, kinds, reading, text, hit: Hit, hits, limit, district) -> WhoAnswer:
    """What one body is responsible for: every route of its kind."""
    pairs = [p for route in kinds[hit.kind].routes for p in _pairs_of(store, route, hit.iri)]
    names = _body_info(store, [hit.iri]).get(hit.iri)
    words = [hit.label, *(names.aliases if names else [])]  # the body as the clauses name it
    groups = _answer(store, kinds, {hit.iri: hit}, {hit.iri: _of_district(store, pairs, district)}, limit, words)
    group = groups[0] if groups else Match(hit.iri, hit.kind, hit.label, hit.matched, hit.field, hit.score, False)
    if not group.bodies and names is not None:
        group.bodies = [names]
    cited = {c.subject for b in group.bodies for c in b.citations}
    also = [_other(h) for h in hits if h.iri != hit.iri and h.iri not in cited][:ALSO]
    return WhoAnswer(text, reading, "body", [group], also)


def _topic_mode(store, kinds, reading, text, hits: list[Hit], limit, district) -> WhoAnswer:
    hits = hits[:CANDIDATES]
    renamings, hits = _renamed(store, hits)
    by_hit = _routes(store, kinds, hits)
    if district is not None:  # one question for every cited node
        kept = set(_of_district(store, [p for ps in by_hit.values() for p in ps], district))
        by_hit = {h: [p for p in ps if p in kept] for h, ps in by_hit.items()}
    # Entities of one kind and name (the same measure title in several documents) are one group.
    first: dict[tuple[str, str], Hit] = {}
    same: dict[str, list[dict]] = {}
    for h in hits:
        if not by_hit.get(h.iri):
            continue
        rep = first.setdefault((h.kind, h.label), h)
        if rep is h:
            same[h.iri] = []
        else:
            by_hit[rep.iri] = by_hit[rep.iri] + by_hit.pop(h.iri)
            same[rep.iri].append(_other(h))
    responsible = _responsible(kinds)
    strong = {h for h, ps in by_hit.items() if any(p[3] in responsible for p in ps)}
    top = hits[0].score
    rank = {k: i for i, k in enumerate(kinds)}
    ordered = sorted(
        first.values(),
        key=lambda h: (h.iri not in strong, -h.score, rank.get(h.kind, 99), len(h.label), h.label),
    )
    shown = [h for h in ordered if h.iri in strong or h.score >= max(top, 90) or (not strong and h.score == top)]
    shown = shown[:GROUPS]
    hit_of = {h.iri: h for h in shown}
    groups = _answer(store, kinds, hit_of, {h.iri: by_hit[h.iri] for h in shown}, limit, [reading.topic])
    for g in groups:
        g.responsibility = g.iri in strong
        g.same = same.get(g.iri, []) + g.same
    if not groups:  # nothing leads to a body: say what the words name best, with no body
        groups = [Match(h.iri, h.kind, h.label, h.matched, h.field, h.score, False) for h in hits if h.score == top][:5]
    answered = {g.iri for g in groups} | {s["iri"] for g in groups for s in g.same}
    answered |= {c.subject for g in groups for b in g.bodies for c in b.citations}
    also = [_other(h) for h in hits if h.iri not in answered][:ALSO]
    return WhoAnswer(text, reading, "topic", groups, also, renamings)


def _of_district(store: GraphStore, pairs: list[Pair], district: District | None) -> list[Pair]:
    """The pairs whose cited node is of `district` (all when none is asked)."""
    if district is None:
        return pairs
    from .districts import within

    kept = within(store, [p[2] for p in pairs], district)
    return [p for p in pairs if p[2] in kept]


def _other(h: Hit) -> dict:
    return {"iri": h.iri, "kind": h.kind, "label": h.label}


def _responsible(kinds: dict[str, FoundKind]) -> set[str]:
    """The relations of the routes whose bodies are named responsible."""
    return {r[0] for k in kinds.values() for r in k.routes if len(r) < 4 or r[3]}


def _renamed(store: GraphStore, hits: list[Hit]) -> tuple[list[Renaming], list[Hit]]:
    """Renamings of the hits (both ways), and the hits with each renamed one's new name beside it."""
    rows = store.select_each(_RENAMED, "s", sorted({h.iri for h in hits}))
    if not rows:
        return [], hits
    out, seen, added = [], set(), []
    have = {h.iri for h in hits}
    for r in sorted(rows, key=lambda r: (r["old"], r["new"])):
        if (r["old"], r["new"]) in seen:
            continue
        seen.add((r["old"], r["new"]))
        cite = next(
            (c for c in store.select(_RENAMING_SOURCE, s=iri(r["old"])) if r["newLabel"] in str(c["quote"])), None
        )
        out.append(
            Renaming(
                r["oldLabel"],
                r["newLabel"],
                r["old"],
                r["new"],
                *((cite["src"], cite["start"], cite["end"], cite["quote"]) if cite else (None, None, None, None)),
            )
        )
        old = next((h for h in hits if h.iri == r["old"]), None)
        if old is not None and r["new"] not in have:
            have.add(r["new"])
            added.append((old, Hit(r["new"], old.kind, r["newLabel"], old.matched, "renamed", old.score)))
    for old, new in added:
        hits.insert(hits.index(old) + 1, new)
    return out, hits


def _routes(store: GraphStore, kinds: dict[str, FoundKind], hits: list[Hit]) -> dict[str, list[Pair]]:
    """For each hit, the (hit, body, node, relation) its kind's routes give."""
    out: dict[str, list[Pair]] = {h.iri: [] for h in hits}
    by_kind: dict[str, list[Hit]] = {}
    for h in hits:
        by_kind.setdefault(h.kind, []).append(h)
    for name, group in by_kind.items():
        kind = kinds[name]
        subjects = sorted({h.iri for h in group})
        if kind.inverse or (len(kind.routes) == 1 and kind.routes[0][2] == "iri"):  # one query per route
            for route in kind.routes:
                for p in _pairs(store, route, subjects):
                    out[p[0]].append(p)
            continue
        for h in group:  # few; each route tried in turn until one gives bodies
            for route in kind.routes:
                found = _route(store, h, route)
                if found:
                    out[h.iri] += found
                    break
    return out


def _pairs(store: GraphStore, route, subjects: list[str]) -> list[Pair]:
    relation, pattern = route[0], route[1]
    rows = store.select_each(_PAIRS_EACH % pattern, "s", subjects)
    return [(r["s"], r["o"], r["m"], relation) for r in rows]


def _pairs_of(store: GraphStore, route, subject: str) -> list[Pair]:
    """The pairs one route gives for one subject: ?s is known, and the cited nodes of each body
    come as one string made by the store (GROUP_CONCAT: no term made per row; a body of 2,174
    cited nodes at 100x); row by row only where one is a blank node (no STR)."""
    relation, pattern = route[0], route[1]
    groups = store.select_each(_PAIRS_GROUPED % pattern, "s", [subject])
    if any(g["ms"] is None or len(g["ms"].split(" ")) != g["n"] for g in groups):
        return [(subject, r["o"], r["m"], relation) for r in store.select_each(_PAIRS_ONE % pattern, "s", [subject])]
    return [(subject, g["o"], m, relation) for g in groups if g["n"] for m in g["ms"].split(" ")]


def _route(store: GraphStore, hit: Hit, route) -> list[Pair]:
    """The pairs one route gives for one hit, ?s bound as the route says."""
    relation, pattern, bind = route[0], route[1], route[2]
    if bind == "narrower":
        return [(hit.iri, *p[1:]) for p in _pairs(store, route, _under(store, hit.iri))]
    value = hit.label if bind == "label" else iri(hit.iri)
    return [(hit.iri, r["o"], r["m"], relation) for r in store.select(_PAIRS % pattern, s=value)]


def _under(store: GraphStore, concept: str) -> list[str]:
    """A concept and everything under it, level by level (no `*` path: Virtuoso wants a constant start)."""
    seen, frontier = {concept}, [concept]
    while frontier:
        frontier = sorted({r["i"] for r in store.select_each(_NARROWER, "s", frontier)} - seen)
        seen.update(frontier)
    return sorted(seen)


def _natural(text: str) -> list:
    """Sort key that puts …/measure/x/2 before …/measure/x/10 (the runs of digits as numbers)."""
    parts = _digits().split(text)
    parts[1::2] = map(int, parts[1::2])
    return parts


@cache
def _digits() -> re.Pattern:
    """Runs of digits (compiled on first use: most answers sort no citations)."""
    return re.compile(r"(\d+)")


def _answer(store, kinds, hits: dict[str, Hit], pairs: dict[str, list[Pair]], limit, words: list[str]) -> list[Match]:
    """One Match per hit with its bodies and citations (`words`: those to find in the quotes); hits
    whose answer another's holds are merged into it."""
    order = [r[0] for k in kinds.values() if k.inverse for r in k.routes]
    groups: dict[frozenset, Match] = {}
    plan: list[tuple[Match, dict[str, list[tuple[str, tuple[str, ...]]]], dict[str, int]]] = []
    for h_iri, ps in pairs.items():
        if not ps:
            continue
        h = hits[h_iri]
        per_node: dict[tuple[str, str], list[str]] = {}
        for _, body, node, relation in ps:
            rels = per_node.setdefault((body, node), [])
            if relation not in rels:
                rels.append(relation)
        signature = frozenset(per_node)
        within = next((g for sig, g in groups.items() if signature <= sig), None)
        if within is not None:  # answered already, by an entity the words match as well
            within.same.append(_other(h))
            continue
        m = Match(h.iri, h.kind, h.label, h.matched, h.field, h.score, False)
        groups[signature] = m
        per_body: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for (body, node), rels in per_node.items():
            ordered = tuple(sorted(rels, key=lambda r: order.index(r) if r in order else -1))
            per_body.setdefault(body, []).append((node, ordered))
        totals = {b: len(ns) for b, ns in per_body.items()}
        if limit:
            first = heapq.nsmallest  # = sorted(…)[:limit], without ordering the rest (a body's 2,174 nodes at 100x)
            per_body = {b: first(limit, ns, key=lambda n: _natural(n[0])) for b, ns in per_body.items()}
        plan.append((m, per_body, totals))
    nodes = sorted({n for _, per_body, _ in plan for ns in per_body.values() for n, _ in ns})
    kind_of = {V.expand(k.cls): k.name for k in kinds.values()} | _ROLES
    classes = ", ".join(f"<{c}>" for c in sorted(kind_of))  # the kinds' own classes, not user text
    details = {r["m"]: r for r in store.select_each(_CITE % classes, "m", nodes)}
    info = _body_info(store, sorted({b for _, per_body, _ in plan for b in per_body}))
    words = [w for w in dict.fromkeys(key(w) for w in words) if w]
    for m, per_body, totals in plan:
        for body, ns in per_body.items():
            if body not in info:
                continue
            b = _copy(info[body])
            b.total = totals[body]
            for node, rels in ns:
                r = details.get(node)
                if r is not None:
                    b.citations.append(_citation(node, rels, r, kind_of, words))
            b.citations.sort(key=lambda c: _citation_order(c, order))
            m.bodies.append(b)
        m.bodies.sort(key=lambda b: (-b.total, b.label))
    return [m for m, _, _ in plan]


def _copy(b: BodyAnswer) -> BodyAnswer:
    return BodyAnswer(b.body, b.label, b.label_en, list(b.aliases), b.unresolved, [], 0, b.district)


def _citation(node, relations, r, kind_of, words) -> Citation:
    role = _ROLES.get(r["cls"])
    kind = kind_of.get(r["cls"])
    if r["period"] is not None:
        title = f"{role or 'value'} {r['period']}: {r['value']}"
    elif r["post"] is not None:
        title = f"{r['action']} {r['post']}"
    else:
        title = r["title"] or ""
    quote = r["quote"]
    matched = tuple(w for w in words if _holds(quote, w))
    return Citation(
        node,
        relations,
        kind,
        title,
        r["ordinal"],
        role,
        r["period"],
        None if r["value"] is None else str(r["value"]),
        r["unit"],
        r["docTitle"],
        r["ident"],
        r["src"],
        r["start"],
        r["end"],
        quote,
        matched,
    )


def _holds(quote: str, words: str) -> bool:
    """The quote holds the words (as keys compare); normalising only quotes that may."""
    if words in quote:
        return True
    return words[0] in quote and words[-1] in quote and words in key(quote)


def _citation_order(c: Citation, order: list[str]) -> tuple:
    return (
        order.index(c.relation) if c.relation in order else 0,
        c.document or "",
        _period_key(c.period),
        _ROLE_ORDER.get(c.role, 0),
        c.ordinal or 0,
        c.title,
        c.source,
        c.line_start,
    )


def _period_key(period: str | None) -> tuple:
    if period is None:
        return (0, "")
    head = period.split("-")[0]
    return (int(head) if head.isdigit() else 9999, period)


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


__all__ = ["BodyAnswer", "Citation", "Match", "Renaming", "WhoAnswer", "who"]
