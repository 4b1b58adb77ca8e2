"""Answers to users' questions, read from the store; user text is bound, never spliced."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Ambiguous, NoMatch
from .store import GraphStore, iri
from .text import normalise

_CITED = """
SELECT ?m ?ordinal ?title ?docTitle ?ident ?src ?start ?end ?quote ?o ?olabel ?oen ?unresolved %s WHERE {
  ?m a jkg:Measure ; rdfs:label ?title ; jkg:ordinal ?ordinal ; jkg:partOf ?doc ;
     prov:wasDerivedFrom ?ex ; jkg:responsibleBody ?o .
  %s
  ?doc dcterms:title ?docTitle . FILTER(lang(?docTitle) = "zh")
  OPTIONAL { ?doc dcterms:identifier ?ident }
  ?ex jkg:quote ?quote ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src .
  ?o skos:prefLabel ?olabel . FILTER(lang(?olabel) = "zh")
  OPTIONAL { ?o skos:prefLabel ?oen . FILTER(lang(?oen) = "en") }
  OPTIONAL { ?o jkg:unresolved ?unresolved }
}"""
# The filter parts are fixed query text; the user's words arrive only as the bound ?q / ?body
# (Oxigraph substitutes only variables that are projected, hence ?q in the SELECT).
_BY_TEXT = _CITED % ("?q", """{ SELECT DISTINCT ?m ?q WHERE {
      { ?m a jkg:Measure ; jkg:text ?t FILTER(CONTAINS(STR(?t), ?q)) }
      UNION { ?m jkg:concernsIndustry/skos:prefLabel ?il FILTER(CONTAINS(STR(?il), ?q)) } } }""")
# The sub-select makes Oxigraph start from the body's measures (a plain FILTER joins all first).
_BY_BODY = _CITED % ("?body", "{ SELECT ?m ?body WHERE { ?m jkg:responsibleBody ?body } } FILTER(?o = ?body)")
_BODY_EXACT = """
SELECT DISTINCT ?o ?q WHERE {
  ?o a org:Organization . { ?o skos:prefLabel ?l } UNION { ?o skos:altLabel ?l } UNION { ?o skos:hiddenLabel ?l }
  FILTER(STR(?l) = ?q)
}"""
_BODY_PARTIAL = """
SELECT DISTINCT ?o ?q WHERE {
  ?o a org:Organization . { ?o skos:prefLabel ?l } UNION { ?o skos:altLabel ?l } UNION { ?o skos:hiddenLabel ?l }
  FILTER(CONTAINS(STR(?l), ?q))
}"""
_ALIASES = """SELECT ?a ?body WHERE { ?body skos:altLabel ?a } ORDER BY ?a"""
_LABELS = """
SELECT DISTINCT ?l WHERE {
  { ?s a jkg:Measure ; rdfs:label ?l } UNION { ?s a org:Organization ; skos:prefLabel ?l }
  UNION { ?s skos:altLabel ?l } UNION { ?s a jkg:Industry ; skos:prefLabel ?l }
  FILTER(lang(?l) = "zh")
}"""


@dataclass(frozen=True)
class Citation:
    """A measure behind an answer, with where it is written."""

    measure: str
    ordinal: int
    title: str
    document: str
    identifier: str | None
    source: str
    line_start: int
    line_end: int
    quote: str


@dataclass
class BodyAnswer:
    """One responsible body and the measures that make it responsible."""

    body: str
    label: str
    label_en: str | None
    aliases: list[str]
    unresolved: bool
    measures: list[Citation] = field(default_factory=list)


@dataclass
class WhoAnswer:
    """`who TEXT`: bodies responsible for what TEXT matches, or what a body TEXT is responsible for."""

    query: str
    mode: str  # "matches": TEXT matched measures/industries; "body": TEXT named a body
    bodies: list[BodyAnswer]

    @property
    def measure_count(self) -> int:
        return len({c.measure for b in self.bodies for c in b.measures})


def _group(store: GraphStore, rows: list[dict]) -> list[BodyAnswer]:
    bodies: dict[str, BodyAnswer] = {}
    for r in rows:
        b = bodies.get(r["o"])
        if b is None:
            aliases = [a["a"] for a in store.select(_ALIASES, body=iri(r["o"]))]
            b = bodies[r["o"]] = BodyAnswer(r["o"], r["olabel"], r["oen"], aliases, bool(r["unresolved"]))
        cite = Citation(r["m"], r["ordinal"], r["title"], r["docTitle"], r["ident"], r["src"],
                        r["start"], r["end"], r["quote"])
        if cite not in b.measures:
            b.measures.append(cite)
    for b in bodies.values():
        b.measures.sort(key=lambda c: (c.document, c.ordinal))
    return sorted(bodies.values(), key=lambda b: (-len(b.measures), b.label))


def _closest(store: GraphStore, q: str, limit: int = 5) -> list[str]:
    """Labels sharing the most characters with the question, for a helpful 'no match'."""
    chars = set(q)
    scored = [(len(chars & set(r["l"])), r["l"]) for r in store.select(_LABELS)]
    return [label for score, label in sorted(scored, key=lambda s: (-s[0], len(s[1]), s[1]))[:limit] if score]


def who(store: GraphStore, text: str) -> WhoAnswer:
    """Who is responsible for TEXT (a measure's words, an industry) — or, for a body, for what."""
    q = normalise(text)
    if not q:
        raise NoMatch(text)
    exact = store.select(_BODY_EXACT, q=q)
    if len(exact) == 1:
        return WhoAnswer(q, "body", _group(store, store.select(_BY_BODY, body=iri(exact[0]["o"]))))
    rows = store.select(_BY_TEXT, q=q)
    if rows:
        return WhoAnswer(q, "matches", _group(store, rows))
    partial = store.select(_BODY_PARTIAL, q=q)
    if len(partial) == 1:
        return WhoAnswer(q, "body", _group(store, store.select(_BY_BODY, body=iri(partial[0]["o"]))))
    if len(partial) > 1:
        labels = sorted({b.label for p in partial for b in _group(store, store.select(_BY_BODY, body=iri(p["o"])))})
        raise Ambiguous(text, labels)
    raise NoMatch(text, _closest(store, q))
