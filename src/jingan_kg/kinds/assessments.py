"""Assessments (督办台账): every target judged by the outcome of its period, with the rule used.

Not a document kind: it reads the indicators' resolved targets and outcomes and writes one
jkg:Assessment per target — met, not met, pending (its period is not over), overdue (over, and
no document reports an outcome), not comparable (no number, or units that do not convert).

The rules (README "Supervision ledger"):
- The outcome judging a target is the one of the same district and period; a target for several
  years (2021-2025) is judged by the outcome for those years, else by its last year's. A part of
  a year (2021-H1) judges no year. Of several outcomes the latest document's is used (by issue
  date, then source and line); when their figures differ that is a flag.
- Direction: the target's own words first (控制在…以内/不超过 a ceiling, 不低于/以上 a floor), else
  the indicator's jkg:direction. Higher-is-better and floors are met at outcome ≥ target; lower-
  is-better and ceilings at outcome ≤ target. A range (800-1000) is met from its near end.
- 左右 (about): met within 10% of the target's size on the wrong side (5%左右 is met by 4.5%).
- Units convert by their magnitude (亿元 = 10,000 万元); 亿元 against % is not comparable.
- A period is over when its last year is before the year of the district's newest document.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..graph import vocab as V
from ..records import Excerpt, Record
from ..text import normalise
from ..units import convert
from .base import Count, Kind, Style

KIND = "assessments"
STATUSES = ("Met", "NotMet", "Pending", "Overdue", "NotComparable")
TOLERANCE = Decimal("0.1")  # 左右: within 10% of the target's size
_ABOUT = re.compile("左右|上下|约")
_CEILING = re.compile("控制在|以内|不超过|不高于|以下|之内")
_FLOOR = re.compile("不低于|不少于|以上|至少|超过")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*[-—–~～至到]\s*(\d+(?:\.\d+)?)")
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


class AssessmentRecord(Record):
    """One target judged: the outcome used (if any), the status, the margin and the rule."""

    target: str  # the Target's IRI
    outcome: str | None = None  # the Outcome's IRI
    status: str  # one of STATUSES
    margin: str | None = None  # outcome − target, in the target's unit, as a decimal string
    ratio: str | None = None  # margin / target, a decimal string (−0.075)
    rule: str
    excerpts: tuple[Excerpt, ...]  # the target's sentence, then the outcome's


def last_year(period: str) -> int | None:
    m = _YEARS.match(period)
    return int(m.group(2) or m.group(1)) if m else None


def judging_periods(period: str) -> list[str]:
    """The outcome periods that judge a target's period, best first: itself, then its last year."""
    m = _YEARS.match(period)
    if not m:
        return [period]
    return [period, m.group(2)] if m.group(2) else [period]


def judge(
    target: str,
    t_num: str | None,
    t_unit: str | None,
    outcome: str,
    o_num: str | None,
    o_unit: str | None,
    direction: str,
) -> tuple[str, Decimal | None, Decimal | None, str]:
    """(status, margin, ratio, rule) of one target against one outcome (values as written)."""
    words = normalise(target)
    way = "Ceiling" if _CEILING.search(words) else "Floor" if _FLOOR.search(words) else direction or "HigherIsBetter"
    higher = way in ("HigherIsBetter", "Floor")
    goal = _number(t_num)
    if r := _RANGE.search(words):  # 800-1000: met from its near end
        goal = Decimal(r.group(1)) if higher else Decimal(r.group(2))
    got = _number(o_num)
    if goal is None or got is None:
        what = "the target" if goal is None else "the outcome"
        return "NotComparable", None, None, f"{what} states no number"
    got_in = convert(got, o_unit, t_unit)
    if got_in is None:
        return "NotComparable", None, None, f"units do not convert: {o_unit or 'none'} against {t_unit or 'none'}"
    margin = got_in - goal
    ratio = (margin / abs(goal)) if goal else None
    slack = abs(goal) * TOLERANCE if _ABOUT.search(words) else Decimal(0)
    met = (margin >= -slack) if higher else (margin <= slack)
    name = {"HigherIsBetter": "higher is better", "LowerIsBetter": "lower is better", "Ceiling": "a ceiling",
            "Floor": "a floor"}[way]  # fmt: skip
    rule = f"{name}: met when the outcome is {'at least' if higher else 'at most'} the target"
    if slack:
        rule += f" (左右: within {TOLERANCE:%} of it)".replace(".0%", "%")
    return ("Met" if met else "NotMet"), margin, ratio, rule


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _date_key(ctx, doc_key: str) -> str:
    """A document's date for ordering (issued, else its source's manifest date); '' if none."""
    doc = next((d for d in ctx.documents if d.key == doc_key), None)
    if doc is None:
        return ""
    if doc.issued:
        return doc.issued
    src = next((s for s in ctx.sources if s.path == doc.excerpt.source), None)
    return (src.meta.date or "") if src else ""


def _resolve(ctx) -> list[AssessmentRecord]:
    from . import indicators

    nodes, values = indicators.resolved(ctx)
    way = {n.id: n.direction for n in nodes}
    dates = {d.key: _date_key(ctx, d.key) for d in ctx.documents}
    now: dict[str | None, int] = {}
    for d in ctx.documents:
        if (year := dates[d.key][:4]).isdigit():
            district = ctx.district(d.key)
            now[district] = max(now.get(district, 0), int(year))
    outcomes: dict[tuple, list] = {}
    for rv in values:
        if rv.value.role == "outcome":
            outcomes.setdefault((rv.indicator, ctx.district(rv.value.document), rv.value.period), []).append(rv)
    order = lambda rv: (dates.get(rv.value.document, ""), rv.value.excerpt.source, rv.value.excerpt.line_start)
    out = []
    for rv in values:
        v = rv.value
        if v.role != "target":
            continue
        district = ctx.district(v.document)
        found = next(
            (
                sorted(os, key=order)
                for p in judging_periods(v.period)
                if (os := outcomes.get((rv.indicator, district, p)))
            ),
            None,
        )
        judged_by = found[-1].value.period if found else None
        if not found:
            year, today = last_year(v.period), now.get(district)
            over = year is not None and today is not None and year < today
            status = "Overdue" if over else "Pending"
            rule = (
                f"no outcome of {v.period} in any document, and the district's newest document is of {today}"
                if over
                else f"no outcome of {v.period} yet"
                + (f" (the district's newest document is of {today})" if today else "")
            )
            out.append(AssessmentRecord(target=rv.iri, status=status, rule=rule, excerpts=(v.excerpt,)))
            continue
        used = found[-1]
        status, margin, ratio, rule = judge(
            v.value, v.numeric, v.unit, used.value.value, used.value.numeric, used.value.unit, way.get(rv.indicator, "")
        )
        if judged_by != v.period:
            rule += f"; judged by the outcome of {judged_by}, the last year of {v.period}"
        if len({(o.value.numeric, o.value.unit) for o in found}) > 1:
            rule += "; the outcomes of the documents differ, the latest document's is used"
        out.append(
            AssessmentRecord(
                target=rv.iri,
                outcome=used.iri,
                status=status,
                margin=None if margin is None else _plain(margin),
                ratio=None if ratio is None else _plain(ratio.quantize(Decimal("0.0001"))),
                rule=rule,
                excerpts=(v.excerpt, used.value.excerpt),
            )
        )
    return sorted(out, key=lambda a: a.target)


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def assessment_iri(target: str) -> str:
    return V.JKR + "assessment/" + target.removeprefix(V.JKR)


def _triples(ctx, t) -> None:
    assessments = ctx.result(KIND)
    for a in assessments:
        n = assessment_iri(a.target)
        t.a(n, V.Assessment)
        t.link(n, V.target, a.target)
        if a.outcome:
            t.link(n, V.outcome, a.outcome)
        t.link(n, V.status, V.JKG + a.status)
        if a.margin is not None:
            t.value(n, V.margin, Decimal(a.margin))
        if a.ratio is not None:
            t.value(n, V.marginRatio, Decimal(a.ratio))
        t.value(n, V.rule, a.rule)
        for ex in a.excerpts:
            t.cite(n, ex)


ASSESSMENTS = Kind(
    name=KIND,
    resolve=_resolve,
    after=("indicators",),
    triples=_triples,
    counts=(Count("assessments", V.Assessment),),
    styles=(Style("assessment", "评估 Assessment", "#98df8a", "dot", rank=145, cls=V.Assessment),),
    names_documents=False,
)
