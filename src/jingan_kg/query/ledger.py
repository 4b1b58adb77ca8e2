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

# Narrow queries, each bound to what the rows name: an OPTIONAL holding a join (the outcome's
# sentence, a district's label) is evaluated by Oxigraph over the whole graph, so a ledger of
# five rows would pay for every outcome.
_PICK = """SELECT ?a ?t ?o ?period ?dist WHERE { {values}
  ?a jkg:status ?status ; jkg:target ?t . ?t jkg:period ?period .
  OPTIONAL { ?t jkg:district ?dist } OPTIONAL { ?a jkg:outcome ?o } }"""
_ROWS = """SELECT ?a ?status ?margin ?ratio ?rule ?o ?t ?i ?period ?tv ?tunit ?tdoc ?dist ?tsrc ?tstart ?tend ?tquote
WHERE { {values}
  ?a jkg:status ?status ; jkg:rule ?rule ; jkg:target ?t .
  ?t jkg:indicator ?i ; jkg:period ?period ; jkg:value ?tv ; jkg:statedIn ?tdoc ; prov:wasDerivedFrom ?tex .
  ?tex jkg:inSource ?tf ; jkg:lineStart ?tstart ; jkg:lineEnd ?tend ; jkg:quote ?tquote . ?tf jkg:path ?tsrc .
  OPTIONAL { ?t jkg:unit ?tunit } OPTIONAL { ?t jkg:district ?dist } OPTIONAL { ?a jkg:outcome ?o }
  OPTIONAL { ?a jkg:margin ?margin } OPTIONAL { ?a jkg:marginRatio ?ratio } }"""
_OUTCOMES = """SELECT ?o ?ov ?operiod ?odoc ?osrc ?ostart ?oend ?oquote WHERE { {values}
  ?o jkg:value ?ov ; jkg:period ?operiod ; jkg:statedIn ?odoc ; prov:wasDerivedFrom ?oex .
  ?oex jkg:inSource ?of ; jkg:lineStart ?ostart ; jkg:lineEnd ?oend ; jkg:quote ?oquote . ?of jkg:path ?osrc }"""
_NAMES = """SELECT ?n ?label ?ident WHERE { {values}
  { ?n skos:prefLabel ?label FILTER(lang(?label) = "zh") } UNION { ?n dcterms:title ?label FILTER(lang(?label) = "zh") }
  UNION { ?n dcterms:identifier ?ident } }"""
_BODIES = """SELECT ?v ?b ?how WHERE { {values}
  { ?v jkg:accountableBody ?b . BIND("accountable" AS ?how) }
  UNION { ?v jkg:statedIn/dcterms:publisher ?b . BIND("states it" AS ?how) } }"""


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
    (an organisation IRI), a year the period covers, statuses (met, not-met …) and a district.
    Its cost follows the rows it returns: each query is bound to the rows kept so far."""
    wanted = [V.JKG + k for k, name in STATUS_NAMES.items() if not statuses or name.replace(" ", "-") in statuses]
    picked = {}  # the statuses asked, bound: no other row is read; then district and year
    for r in store.select_each(_PICK, "status", wanted):
        if district is not None and r["dist"] != district.iri:
            continue
        if year is not None and year not in (_years(str(r["period"])) or ()):
            continue
        picked[r["a"]] = r
    bodies = _bodies(store, list(picked.values()))
    if body is not None:
        picked = {a: r for a, r in picked.items() if any(b.iri == body for b in bodies.get(a, ()))}
    kept: dict[str, dict] = {}
    for r in store.select_each(_ROWS, "a", sorted(picked)):
        if (k := kept.get(r["a"])) and (k["tsrc"], k["tstart"]) <= (r["tsrc"], r["tstart"]):
            continue  # a target cited from two excerpts: its first sentence
        kept[r["a"]] = r
    rows = list(kept.values())
    outcomes: dict[str, dict] = {}
    for r in store.select_each(_OUTCOMES, "o", sorted({r["o"] for r in rows if r["o"]})):
        outcomes.setdefault(r["o"], r)
    names: dict[str, dict] = {}
    named = {x for r in rows for x in (r["i"], r["tdoc"], r["dist"])} | {o["odoc"] for o in outcomes.values()}
    for r in store.select_each(_NAMES, "n", sorted(x for x in named if x)):
        entry = names.setdefault(r["n"], {})
        for k in ("label", "ident"):
            if r[k] is not None:
                entry.setdefault(k, r[k])
    out = [_row(r, outcomes.get(r["o"]), names, bodies.get(r["a"], [])) for r in rows]
    out.sort(
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
    for r in out:
        counts[r.status] = counts.get(r.status, 0) + 1
    return LedgerAnswer(out, {s: counts[s] for s in STATUS_NAMES.values() if s in counts})


def _bodies(store: GraphStore, rows: list[dict]) -> dict[str, list[LedgerBody]]:
    """Assessment -> its bodies: those a table names for the target or outcome, else the target's
    document's publisher ("states it")."""
    values = sorted({x for r in rows for x in (r["t"], r["o"]) if x})
    found: dict[str, set[tuple[str, str]]] = {}
    for r in store.select_each(_BODIES, "v", values):
        found.setdefault(r["v"], set()).add((r["b"], r["how"]))
    labels: dict[str, str] = {}
    for r in store.select_each(_NAMES, "n", sorted({b for pairs in found.values() for b, _ in pairs})):
        if r["label"] is not None:
            labels.setdefault(r["n"], r["label"])
    out = {}
    for r in rows:
        pairs = found.get(r["t"], set()) | (found.get(r["o"], set()) if r["o"] else set())
        accountable = {p for p in pairs if p[1] == "accountable"}
        chosen = [LedgerBody(b, labels.get(b, b), how) for b, how in accountable or pairs]
        out[r["a"]] = sorted(set(chosen), key=lambda b: (b.how, b.label))
    return out


def _row(r: dict, o: dict | None, names: dict[str, dict], bodies: list[LedgerBody]) -> LedgerRow:
    def doc(iri):
        return names.get(iri, {}).get("label"), names.get(iri, {}).get("ident")

    title, ident = doc(r["tdoc"])
    target = Statement(
        r["t"], str(r["tv"]), str(r["period"]), title, ident, r["tsrc"], r["tstart"], r["tend"], r["tquote"]
    )
    outcome = None
    if o is not None:
        title, ident = doc(o["odoc"])
        outcome = Statement(
            r["o"], str(o["ov"]), str(o["operiod"]), title, ident, o["osrc"], o["ostart"], o["oend"], o["oquote"]
        )
    return LedgerRow(
        r["a"],
        r["i"],
        names.get(r["i"], {}).get("label"),
        names.get(r["dist"], {}).get("label") if r["dist"] else None,
        str(r["period"]),
        STATUS_NAMES[str(r["status"]).removeprefix(V.JKG)],
        target,
        outcome,
        r["tunit"],
        _plain(r["margin"]),
        _plain(r["ratio"]),
        r["rule"],
        bodies,
    )
