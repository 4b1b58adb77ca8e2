"""Flags (the supervision view of open data): what does not add up in the public record.

Not a document kind: made at build time from the resolved records (like the assessments), so
`flags` reads them and an endpoint answers them; one jkg:Flag per finding, citing its sentences:
- `no-body`: a measure or task that names no responsible body;
- `overdue`: a target whose period is over with no outcome in any document;
- `figures-differ`: one indicator, period and district with different outcomes in two documents;
- `target-restated`: a target stated again with another value in a later document;
- `unresolved-body`: a body no curated row or document resolves;
- `early-outcome`: an outcome reported in a document issued before its period.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..graph import vocab as V
from ..graph.iris import district_iri, org_iri
from ..records import Excerpt, Record
from ..units import convert
from . import assessments, indicators, measures
from .base import Count, Kind, Style

KIND = "flags"
KINDS = tuple(V.FLAG_KINDS)  # no-body, overdue, … in the order answers list them


class FlagRecord(Record):
    """One finding: its kind, what it is about (an IRI), its label, why, and where it is written."""

    kind: str  # one of KINDS
    subject: str
    label: str
    reason: str
    district: str | None = None  # district id
    key: str  # what tells it from the other flags of its kind about the same subject
    excerpts: tuple[Excerpt, ...]


_APPROX = re.compile("突破|超过|近|约|余|多|以上|以下|左右|上下")


def agree(figures: list[tuple[str, str | None, str | None]]) -> bool:
    """Figures (value as written, number, unit) of one quantity agree when, in one unit, they are
    equal at the coarsest one's precision (308.3亿元 = 3,083,012万元; 45.12 = 45.1); words
    (突破千家, 与全市同步) and approximations never disagree."""
    exact = [(n, u) for v, n, u in figures if n is not None and not _APPROX.search(v)]
    if len(exact) < 2:
        return True
    unit = exact[0][1]
    values, steps = [], []
    for num, u in exact:
        n = Decimal(str(num))
        one = Decimal(1).scaleb(min(n.normalize().as_tuple().exponent, 0))  # its last written digit: 0.1, 1
        value, step = convert(n, u, unit), convert(one, u, unit)
        if value is None or step is None:
            return True  # not the same measure: nothing to compare
        values.append(value)
        steps.append(step)
    step = max(steps)
    return len({(f / step).to_integral_value() for f in values}) == 1


def _no_body(ctx) -> list[FlagRecord]:
    return [
        FlagRecord(
            kind="no-body",
            subject=rm.iri,
            label=rm.measure.title,
            reason="names no responsible body",
            district=ctx.district(rm.measure.document),
            key="",
            excerpts=(rm.measure.excerpt,),
        )
        for rm in ctx.result(measures.KIND)
        if not rm.bodies
    ]


def _overdue(ctx, labels: dict[str, str], values: dict[str, object]) -> list[FlagRecord]:
    out = []
    for a in ctx.result(assessments.KIND):
        if a.status != "Overdue":
            continue
        rv = values[a.target]
        out.append(
            FlagRecord(
                kind="overdue",
                subject=a.target,
                label=labels[rv.indicator],
                reason=f"target {rv.value.value} for {rv.value.period}: {a.rule}",
                district=ctx.district(rv.value.document),
                key="",
                excerpts=(rv.value.excerpt,),
            )
        )
    return out


def _values(ctx, labels: dict[str, str], values: list) -> list[FlagRecord]:
    """figures-differ (outcomes), target-restated (targets) and early-outcome, from every value."""
    issued = {d.key: d.issued or "" for d in ctx.documents}
    groups: dict[tuple, list] = {}
    out = []
    for rv in values:
        v = rv.value
        district = ctx.district(v.document)
        groups.setdefault((v.role, rv.indicator, v.period, district or ""), []).append(rv)
        head, year = v.period.split("-")[0], issued.get(v.document, "")[:4]
        if v.role == "outcome" and head.isdigit() and year.isdigit() and int(year) < int(head):
            out.append(
                FlagRecord(
                    kind="early-outcome",
                    subject=rv.iri,
                    label=labels[rv.indicator],
                    reason=f"an outcome for {v.period} ({v.value}) in a document issued {issued[v.document]}, "
                    "before its period",
                    district=district,
                    key="",
                    excerpts=(v.excerpt,),
                )
            )
    for (role, indicator, period, district), found in sorted(groups.items()):
        docs = {rv.value.document for rv in found}
        if len(docs) < 2 or agree([(rv.value.value, rv.value.numeric, rv.value.unit) for rv in found]):
            continue
        written = "、".join(sorted({rv.value.value for rv in found}))
        outcome = role == "outcome"
        out.append(
            FlagRecord(
                kind="figures-differ" if outcome else "target-restated",
                subject=V.JKR + "indicator/" + indicator,
                label=labels[indicator],
                reason=(
                    f"{len(docs)} documents report different outcomes for {period}: {written}"
                    if outcome
                    else f"the target for {period} is stated with different values in {len(docs)} documents: {written}"
                ),  # fmt: skip
                district=district or None,
                key=f"{district or '-'}/{period}",
                excerpts=tuple(dict.fromkeys(rv.value.excerpt for rv in found)),
            )
        )
    return out


def _unresolved(ctx) -> list[FlagRecord]:
    """Each unresolved body, cited where a measure, a table or a document's head names it (else
    where it was read). Made once every name is resolved, publishers included."""
    named: dict[str, list[Excerpt]] = {}
    for rm in ctx.result(measures.KIND):
        for oid in rm.bodies:
            named.setdefault(oid, []).append(rm.measure.excerpt)
    for rv in indicators.resolved(ctx)[1]:
        for oid in rv.bodies:
            named.setdefault(oid, []).append(rv.value.excerpt)
    for d in ctx.documents:
        for oid in ctx.publishers.get(d.key, ()):
            named.setdefault(oid, []).append(d.excerpt)
    return [
        FlagRecord(
            kind="unresolved-body",
            subject=org_iri(org.id),
            label=org.label,
            reason="no curated row or document gives its full name",
            district=org.district,
            key="",
            excerpts=tuple(dict.fromkeys(named.get(org.id) or [org.excerpt])),
        )
        for org in ctx.resolver.organisations()
        if org.unresolved
    ]


def _resolve(ctx) -> list[FlagRecord]:
    nodes, values = indicators.resolved(ctx)
    labels = {n.id: n.label for n in nodes}
    out = _no_body(ctx)
    out += _overdue(ctx, labels, {rv.iri: rv for rv in values})
    out += _values(ctx, labels, values)
    return out


def flags_of(ctx) -> list[FlagRecord]:
    """Every flag of a resolved context, by kind then label."""
    order = {k: i for i, k in enumerate(KINDS)}
    out = ctx.result(KIND) + _unresolved(ctx)
    return sorted(out, key=lambda f: (order[f.kind], f.label, f.subject, f.key))


def flag_iri(f: FlagRecord) -> str:
    return V.JKR + f"flag/{f.kind}/" + f.subject.removeprefix(V.JKR) + (f"/{f.key}" if f.key else "")


def _triples(ctx, t) -> None:
    for f in flags_of(ctx):
        n = flag_iri(f)
        t.a(n, V.Flag)
        t.link(n, V.flagKind, V.FLAG_KINDS[f.kind])
        t.link(n, V.about, f.subject)
        t.zh(n, V.label, f.label)
        t.value(n, V.reason, f.reason)
        if f.district:
            t.link(n, V.district, district_iri(f.district))
        for ex in f.excerpts:
            t.cite(n, ex)


FLAGS = Kind(
    name=KIND,
    resolve=_resolve,
    after=(measures.KIND, indicators.KIND, assessments.KIND),
    triples=_triples,
    counts=(Count("flags", V.Flag),),
    styles=(Style("flag", "问题 Flag", "#ff9896", "triangle", rank=146, cls=V.Flag),),
    names_documents=False,
)
