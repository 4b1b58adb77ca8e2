"""`targets TEXT`: an indicator's targets and outcomes over every document and year, with the gap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Ambiguous, NoMatch, NotAnIndicator
from ..graph import vocab as V
from ..store.base import iri
from ..store.index import SearchIndex
from .lookup import best, lookup

if TYPE_CHECKING:
    from ..store.base import Store as GraphStore
    from .districts import District
    from .frames import Reading

# The value's own triples before its excerpt's: Oxigraph joins in this order, and the other way
# round (behind a subquery) took 2.2x as long (408 values of one indicator at 100x: 142 ms against 65).
_VALUES = """SELECT ?v ?cls ?period ?value ?num ?unit ?docTitle ?ident ?src ?start ?end ?quote ?d ?district ?s WHERE {
  ?v jkg:indicator ?s .
  ?v a ?cls ; jkg:period ?period ; jkg:value ?value ; jkg:statedIn ?doc .
  ?v prov:wasDerivedFrom ?ex . ?ex jkg:inSource/jkg:path ?src ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:quote ?quote .
  ?doc dcterms:title ?docTitle FILTER(lang(?docTitle) = "zh")
  OPTIONAL { ?v jkg:numericValue ?num } OPTIONAL { ?v jkg:unit ?unit } OPTIONAL { ?doc dcterms:identifier ?ident }
  OPTIONAL { ?v jkg:district ?d } }"""
# The districts' names apart: an OPTIONAL of two patterns made Oxigraph read every district's
# name for each value (400 values of one indicator at 100x: 470 ms against 40).
_DISTRICT_NAMES = (
    """SELECT ?d ?district WHERE { {values} ?d skos:prefLabel ?district FILTER(lang(?district) = "zh") }"""
)
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
    from decimal import Decimal, InvalidOperation  # here: decimal costs a millisecond to import

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
    for r in _with_districts(store, store.select(_VALUES, s=iri(hit.iri))):
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


def _with_districts(store: GraphStore, rows: list[dict]) -> list[dict]:
    """Each value's row with its district's Chinese name (a row per name); a district without
    one counts as none, as when both were one OPTIONAL."""
    names: dict[str, list[str]] = {}
    for r in store.select_each(_DISTRICT_NAMES, "d", sorted({r["d"] for r in rows if r["d"] is not None})):
        names.setdefault(r["d"], []).append(r["district"])
    out = []
    for r in rows:
        if r["d"] in names:
            out += [{**r, "district": name} for name in names[r["d"]]]
        else:
            out.append({**r, "d": None, "district": None})
    return out


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
    from decimal import Decimal

    d = Decimal(str(value))
    return format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")


def _period_order(period: str) -> tuple:
    head = period.split("-")[0]
    return (int(head) if head.isdigit() else 9999, period)
