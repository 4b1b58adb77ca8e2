"""`flags`: what does not add up in the public record, each with the sentences behind it.

Read from the graph (so an endpoint answers them too), one query per kind of flag:
- `no-body`: a measure or task that names no responsible body;
- `overdue`: a target whose period is over with no outcome in any document;
- `figures-differ`: one indicator, period and district with different outcomes in two documents;
- `target-restated`: a target stated again with another value in a later document;
- `unresolved-body`: a body no curated row or document resolves;
- `early-outcome`: an outcome reported in a document older than its period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..store.base import Store as GraphStore
from .districts import District

KINDS = ("no-body", "overdue", "figures-differ", "target-restated", "unresolved-body", "early-outcome")

_EXCERPT = "?x prov:wasDerivedFrom ?ex . ?ex jkg:inSource/jkg:path ?src ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote ."
_NO_BODY = f"""SELECT ?x ?label ?d ?src ?start ?end ?quote WHERE {{
  ?x a jkg:Measure ; rdfs:label ?label ; jkg:partOf ?doc . FILTER NOT EXISTS {{ ?x jkg:responsibleBody ?o }}
  OPTIONAL {{ ?doc jkg:district ?d }} {_EXCERPT} }}"""
_OVERDUE = f"""SELECT ?x ?label ?period ?value ?d ?rule ?src ?start ?end ?quote WHERE {{
  ?a jkg:status jkg:Overdue . ?a jkg:target ?x ; jkg:rule ?rule .
  ?x jkg:period ?period ; jkg:value ?value ; jkg:indicator ?i . {_EXCERPT}
  ?i skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL {{ ?x jkg:district ?d }} }}"""
_VALUES = f"""SELECT ?x ?i ?label ?period ?value ?num ?unit ?doc ?issued ?d ?src ?start ?end ?quote WHERE {{
  ?x a %s . ?x jkg:indicator ?i ; jkg:period ?period ; jkg:value ?value ; jkg:statedIn ?doc . {_EXCERPT}
  ?i skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL {{ ?x jkg:numericValue ?num }} OPTIONAL {{ ?x jkg:unit ?unit }} OPTIONAL {{ ?doc dcterms:issued ?issued }}
  OPTIONAL {{ ?x jkg:district ?d }} }}"""
_UNRESOLVED = """SELECT ?x ?label ?d WHERE {
  ?x jkg:unresolved ?u FILTER(?u = true) ?x skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL { ?x jkg:district ?d } }"""
_NAMED_BY = """SELECT ?x ?src ?start ?end ?quote WHERE { {values}
  { ?m jkg:responsibleBody ?x } UNION { ?m jkg:accountableBody ?x }
  ?m prov:wasDerivedFrom ?ex . ?ex jkg:inSource/jkg:path ?src ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote }"""


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


def _cite(r: dict) -> Cited | None:
    return Cited(r["src"], r["start"], r["end"], r["quote"]) if r.get("src") else None


def _single(kind: str, rows: list[dict], reason) -> list[Flag]:
    """One flag per subject, its citations gathered."""
    out: dict[str, Flag] = {}
    for r in rows:
        f = out.setdefault(r["x"], Flag(kind, r["x"], str(r["label"]), reason(r), r.get("d")))
        if (c := _cite(r)) and c not in f.citations:
            f.citations.append(c)
    return list(out.values())


def _values_flags(store: GraphStore) -> list[Flag]:
    """figures-differ (outcomes), target-restated (targets) and early-outcome, from every value."""
    by: dict[tuple, dict[str, dict]] = {}
    early = []
    rows = [("target", r) for r in store.select(_VALUES % "jkg:Target")]
    rows += [("outcome", r) for r in store.select(_VALUES % "jkg:Outcome")]
    for role, r in rows:
        by.setdefault((role, r["i"], str(r["period"]), r["d"]), {}).setdefault(r["x"], r)
        head = str(r["period"]).split("-")[0]
        issued = str(r["issued"] or "")[:4]
        if role == "outcome" and head.isdigit() and issued.isdigit() and int(issued) < int(head):
            early.append(r)
    out = []
    for (role, i, period, d), values in sorted(
        by.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2], str(kv[0][3]))
    ):
        docs = {r["doc"] for r in values.values()}
        if len(docs) < 2 or agree(list(values.values())):
            continue
        first = next(iter(values.values()))
        written = "、".join(sorted({str(r["value"]) for r in values.values()}))
        flag = Flag(
            "figures-differ" if role == "outcome" else "target-restated",
            i,
            str(first["label"]),
            (
                f"{len(docs)} documents report different outcomes for {period}: {written}"
                if role == "outcome"
                else f"the target for {period} is stated with different values in {len(docs)} documents: {written}"
            ),  # fmt: skip
            d,
        )
        for r in sorted(values.values(), key=lambda r: (str(r["issued"] or ""), r["src"], r["start"])):
            if (c := _cite(r)) and c not in flag.citations:
                flag.citations.append(c)
        out.append(flag)
    out += _single(
        "early-outcome",
        early,
        lambda r: f"an outcome for {r['period']} ({r['value']}) in a document issued {r['issued']}, before its period",
    )
    return out


_APPROX = re.compile("突破|超过|近|约|余|多|以上|以下|左右|上下")


def agree(values: list[dict]) -> bool:
    """Figures of one quantity agree when, in one unit, they are equal at the coarsest one's
    precision (308.3亿元 = 3,083,012万元; 45.12 = 45.1); words (突破千家, 与全市同步) never disagree."""
    from decimal import Decimal

    from ..units import convert

    exact = [r for r in values if r["num"] is not None and not _APPROX.search(str(r["value"]))]
    if len(exact) < 2:
        return True
    unit = exact[0]["unit"]
    figures, steps = [], []
    for r in exact:
        n = Decimal(str(r["num"]))
        one = Decimal(1).scaleb(min(n.normalize().as_tuple().exponent, 0))  # its last written digit: 0.1, 1
        value, step = convert(n, r["unit"], unit), convert(one, r["unit"], unit)
        if value is None or step is None:
            return True  # not the same measure: nothing to compare
        figures.append(value)
        steps.append(step)
    step = max(steps)
    return len({(f / step).to_integral_value() for f in figures}) == 1


def flags(store: GraphStore, kinds: list[str] | None = None, district: District | None = None) -> list[Flag]:
    """Every flag of the graph (of `kinds`, of `district` when asked), by kind then label."""
    want = set(kinds or KINDS)
    out: list[Flag] = []
    if "no-body" in want:
        out += _single("no-body", store.select(_NO_BODY), lambda r: "names no responsible body")
    if "overdue" in want:
        out += _single(
            "overdue", store.select(_OVERDUE), lambda r: f"target {r['value']} for {r['period']}: {r['rule']}"
        )
    if want & {"figures-differ", "target-restated", "early-outcome"}:
        out += [f for f in _values_flags(store) if f.kind in want]
    if "unresolved-body" in want:
        bodies = {r["x"]: r for r in store.select(_UNRESOLVED)}
        named = [{**bodies[r["x"]], **r} for r in store.select_each(_NAMED_BY, "x", sorted(bodies))]
        named += [r for x, r in bodies.items() if x not in {n["x"] for n in named}]
        out += _single("unresolved-body", named, lambda r: "no curated row or document gives its full name")
    if district is not None:
        out = [f for f in out if f.district == district.iri]
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda f: (order[f.kind], f.label, f.subject))
