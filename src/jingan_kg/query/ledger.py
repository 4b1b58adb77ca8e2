"""`ledger`: the supervision ledger (督办台账) — every target with the outcome it is judged by, its
status, margin and rule, and both sentences; by indicator and by body.

The assessments are computed at build time (kinds/assessments.py); this reads them. A row's
bodies are those a table's 责任部门 names for the figure (jkg:accountableBody); failing that, the
publisher of the document stating the target, marked "states it" (no lead is invented).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import vocab as V
from ..store.base import Store as GraphStore
from .districts import District

STATUS_NAMES = {
    "Met": "met",
    "NotMet": "not met",
    "Pending": "pending",
    "Overdue": "overdue",
    "NotComparable": "not comparable",
}
STATUS_CHOICES = ["met", "not-met", "pending", "overdue", "not-comparable"]

_ROWS = """SELECT ?a ?status ?margin ?ratio ?rule ?t ?i ?ilabel ?period ?tv ?tunit ?tdoc ?tdocTitle ?tident ?tsrc ?tstart ?tend ?tquote
  ?o ?ov ?operiod ?odoc ?odocTitle ?oident ?osrc ?ostart ?oend ?oquote ?dlabel ?dist WHERE {
  {values}
  ?a jkg:status ?status ; jkg:rule ?rule ; jkg:target ?t .
  ?t jkg:indicator ?i ; jkg:period ?period ; jkg:value ?tv ; jkg:statedIn ?tdoc ; prov:wasDerivedFrom ?tex .
  ?tex jkg:inSource/jkg:path ?tsrc ; jkg:lineStart ?tstart ; jkg:lineEnd ?tend ; jkg:quote ?tquote .
  ?i skos:prefLabel ?ilabel FILTER(lang(?ilabel) = "zh")
  ?tdoc dcterms:title ?tdocTitle FILTER(lang(?tdocTitle) = "zh")
  OPTIONAL { ?tdoc dcterms:identifier ?tident } OPTIONAL { ?t jkg:unit ?tunit }
  OPTIONAL { ?a jkg:margin ?margin } OPTIONAL { ?a jkg:marginRatio ?ratio }
  OPTIONAL { ?t jkg:district ?dist . ?dist skos:prefLabel ?dlabel FILTER(lang(?dlabel) = "zh") }
  OPTIONAL { ?a jkg:outcome ?o . ?o jkg:value ?ov ; jkg:period ?operiod ; jkg:statedIn ?odoc ; prov:wasDerivedFrom ?oex .
    ?oex jkg:inSource/jkg:path ?osrc ; jkg:lineStart ?ostart ; jkg:lineEnd ?oend ; jkg:quote ?oquote .
    ?odoc dcterms:title ?odocTitle FILTER(lang(?odocTitle) = "zh") OPTIONAL { ?odoc dcterms:identifier ?oident } }
}"""
_BODIES = """SELECT ?v ?b ?label ?how WHERE { {values}
  { ?v jkg:accountableBody ?b . BIND("accountable" AS ?how) }
  UNION { ?v jkg:statedIn/dcterms:publisher ?b . BIND("states it" AS ?how) }
  ?b skos:prefLabel ?label FILTER(lang(?label) = "zh") }"""


@dataclass(frozen=True)
class Statement:
    """A target or an outcome as one document states it, with where."""

    iri: str
    value: str
    period: str
    document: str
    identifier: str | None
    source: str
    line_start: int
    line_end: int
    quote: str


@dataclass(frozen=True)
class LedgerBody:
    iri: str
    label: str
    how: str  # "accountable": a table's 责任部门 names it; "states it": the target's document's publisher


@dataclass
class LedgerRow:
    """One target judged: indicator, district, period, target, outcome, status, margin, rule, bodies."""

    assessment: str
    indicator: str
    indicator_label: str
    district: str | None
    period: str
    status: str  # met, not met, pending, overdue, not comparable
    target: Statement
    outcome: Statement | None
    unit: str | None
    margin: str | None
    ratio: str | None
    rule: str
    bodies: list[LedgerBody] = field(default_factory=list)


@dataclass
class LedgerAnswer:
    rows: list[LedgerRow]
    counts: dict[str, int]  # status -> rows

    def by_body(self) -> dict[str, list[LedgerRow]]:
        """Body label -> its rows (a row under each of its bodies)."""
        out: dict[str, list[LedgerRow]] = {}
        for r in self.rows:
            for b in r.bodies or [LedgerBody("", "(no body)", "")]:
                out.setdefault(b.label, []).append(r)
        return dict(sorted(out.items()))


def _statement(r: dict, p: str) -> Statement | None:
    if r[p] is None:
        return None
    value = r["tv"] if p == "t" else r["ov"]
    period = r["period"] if p == "t" else r["operiod"]
    return Statement(
        r[p],
        str(value),
        str(period),
        r[f"{p}docTitle"],
        r[f"{p}ident"],
        r[f"{p}src"],
        r[f"{p}start"],
        r[f"{p}end"],
        r[f"{p}quote"],
    )


def _plain(value) -> str | None:
    if value is None:
        return None
    text = format(value, "f") if not isinstance(value, str) else value
    return text.rstrip("0").rstrip(".") if "." in text else text


def _years(period: str) -> range | None:
    head, _, tail = period.partition("-")
    if not head.isdigit():
        return None
    end = int(tail) if tail.isdigit() and len(tail) == 4 else int(head)
    return range(int(head), end + 1)


def ledger(
    store: GraphStore,
    body: str | None = None,
    year: int | None = None,
    statuses: list[str] | None = None,
    district: District | None = None,
) -> LedgerAnswer:
    """Every assessment as a ledger row, best read by indicator then period; filtered by the body
    (an organisation IRI), a year the period covers, statuses (met, not-met …) and a district."""
    rows = []
    seen = set()
    wanted = [V.JKG + k for k, name in STATUS_NAMES.items() if not statuses or name.replace(" ", "-") in statuses]
    for r in store.select_each(_ROWS, "status", wanted):  # the statuses asked, bound: no other row is read
        if r["a"] in seen:  # a target cited from two excerpts
            continue
        seen.add(r["a"])
        status = STATUS_NAMES[str(r["status"]).removeprefix(V.JKG)]
        if district is not None and r["dist"] != district.iri:
            continue
        if year is not None and year not in (_years(str(r["period"])) or ()):
            continue
        rows.append(
            LedgerRow(
                r["a"],
                r["i"],
                r["ilabel"],
                r["dlabel"],
                str(r["period"]),
                status,
                _statement(r, "t"),
                _statement(r, "o"),
                r["tunit"],
                _plain(r["margin"]),
                _plain(r["ratio"]),
                r["rule"],
            )
        )
    bodies: dict[str, list[LedgerBody]] = {}
    values = sorted({x for row in rows for x in (row.target.iri, row.outcome and row.outcome.iri) if x})
    for r in store.select_each(_BODIES, "v", values):
        bodies.setdefault(r["v"], []).append(LedgerBody(r["b"], r["label"], r["how"]))
    for row in rows:
        found = bodies.get(row.target.iri, []) + (bodies.get(row.outcome.iri, []) if row.outcome else [])
        accountable = [b for b in found if b.how == "accountable"]
        row.bodies = sorted(set(accountable or found), key=lambda b: (b.how, b.label))
    if body is not None:
        rows = [r for r in rows if any(b.iri == body for b in r.bodies)]
    rows.sort(
        key=lambda r: (
            r.district or "",
            r.indicator_label,
            _years(r.period) is None,
            r.period,
            r.target.source,
            r.target.line_start,
        )
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return LedgerAnswer(rows, {s: counts[s] for s in STATUS_NAMES.values() if s in counts})
