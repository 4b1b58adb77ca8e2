"""Targets and outcomes of indicators: indicator tables, tax breakdown tables, prose.

Tables. A table is a run of TAB-separated lines (or, as web pages lay tables out, rows whose cells
are separated by runs of spaces, or one cell per line under a header block: layouts.py, turned
into the same rows) whose first line is a header with a name
column (指标名称, 名称, 产业名称, 集聚带名称 …) and at least one value column: a column whose
header says target (…目标…) or outcome (完成情况, 实际 …), or names a quantity with its unit
in brackets (税收总收入（亿元）). Unit (单位, 计量单位), kind (属性, 指标属性) and group (类别,
序号) columns qualify the row. The caption is the text line just above the header (表1 …, or
a title such as 静安区“十五五”时期经济社会发展主要指标). A table goes on over blank lines and
page headers; a repeated header (a table split over a page break) is skipped; a line without
the header's number of cells is reported (table-row-not-parsed) and the rest is still read.
Tables of narrative cells (HTML lists, long text) are not indicator tables and are left alone.

Role and period of a value column come from, first found: its header (2022年目标, “十五五”
目标值), the caption (表 1 2022 年…完成情况), the nearest heading above that names a year
(一、2022 年…执行情况), the document title (…2022年…执行情况与2023年…计划草案…). The Nth
five-year plan covers 1966+5(N-3) to four years later: “十五五” is 2026-2030.

Values. `value` is the cell or phrase as written, normalised; `numeric` is its number when it
holds exactly one (a sign kept, "80-100" is two); `unit` is the measure word after the first
number (万 and 亿 stay in it: 万平方米, 亿元), else the row's unit cell, else the column's
bracketed unit. `preliminary` is set for a starred row under a note that says its figures are
初步/预计, a 预计 column, or 预计 in a review's sentence. Each indicator gets a `direction`
(`direction()`): from its targets' wording (控制在…以内 a ceiling, 不低于/以上 a floor), then its
name (失业, 能耗, 浓度 … lower is better), else higher is better.

Naming. An indicator is named as its row writes it (normalised, footnote marks and * marks
removed); synonyms across documents (全社会固定资产投资额 / …总额) are resolved later through
data/curated/indicators.yaml (loaded by `curate.curated`). In a breakdown table, whose rows are
industries or areas (产业名称, 集聚带名称 …), each cell is one quantity of one subject, named
row + column quantity: "商贸服务业税收总收入", "南京西路高端服务集聚带占全区总税收比重", with
`industry` or `area` set to the row as written; its total row (合计) is named from the header's
subject, "产业合计税收总收入", with neither set. The same rule serves every year, so one
industry's tax revenue is one indicator across reports.

Prose (prose.py, sections.py; README "How prose is read" has an example of each rule). A
quantity (number + measure word, Chinese numerals read by cn2an) is a target or an outcome when
something places it: a horizon in its sentence (至/到2025年, 2025年底前, 2023-2025年, “十四五”期间,
“十四五”以来, 这五年, 今年/明年/去年, a year opening a clause), a horizon opening its paragraph, the
section it stands under (一、2025年工作回顾 → outcomes of 2025, 三、2026年主要任务 → targets of 2026),
or the year of a one-year plan (a key-work arrangement). A horizon to come gives targets, one past
gives outcomes. A quantity nothing places is not read (a policy's "给予最高100万元"). It is tied to
the words before it (全区高新技术企业超过800家 → 高新技术企业), or after an action verb to the verb
and the words after it (新增20家独角兽… → 新增独角兽…); "X增长5%" names X增长率; a growth, share or
增收 clause with no name of its own is the quantity named just before (同比增长5.0%, 占…的17.1%);
A、B分别… pairs names and values. 预计/初步 in a review mark a value preliminary. A placed quantity
that cannot be tied is reported (prose-target-untied, prose-outcome-untied), and a plan inside a
review that names no year (规划新增100张) is prose-period-unknown: never guessed.

Issues: table-row-not-parsed (a row without the header's cells, or split over lines),
table-cell-empty, table-period-unknown (no header, caption or heading dates a value column),
prose-target-untied, prose-outcome-untied, prose-period-unknown. Each names the file and line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...graph import vocab as V
from ...graph.iris import area_iri, district_iri, document_iri, excerpt_id, industry_iri, org_iri
from ...ingest.documents import Span
from ...records import Excerpt, Extraction, Issue, Record
from ...text import key, normalise, slug
from ..base import Count, Fact, Find, Kind, Route, Style
from ..core import english_triples
from .paragraphs import paragraphs
from .prose import prose_values
from .tables import read_tables, table_values
from .values import ValueRecord, numbers, numeric, value_unit

__all__ = [
    "INDICATORS",
    "KIND",
    "ValueRecord",
    "detect",
    "extract",
    "numbers",
    "numeric",
    "paragraphs",
    "read_tables",
    "value_unit",
]

KIND = "indicators"


# --- the extractor ----------------------------------------------------------------------


def detect(span: Span) -> bool:
    """A span with an indicator table or a prose target."""
    values, issues = _read(span)
    return bool(values or issues)


def extract(span: Span) -> Extraction:
    """Every target and outcome of a span's tables and prose, with the issues found."""
    values, issues = _read(span)
    return Extraction(records=values, issues=issues)


@lru_cache(maxsize=4)  # `detect` and `extract` read the same span one after the other
def _read(span: Span) -> tuple[tuple[ValueRecord, ...], tuple[Issue, ...]]:
    values, issues = [], []
    for table in read_tables(span):
        v, i = table_values(span, table)
        values += v
        issues += i
    v, i = prose_values(span)
    return tuple(values + v), tuple(issues + i)


# --- resolution and triples ---------------------------------------------------------------


class IndicatorNode(Record):
    """One quantity, whatever document or year states a value of it."""

    id: str
    label: str
    unit: str | None = None
    kind: str | None = None  # 预期性 / 约束性
    aliases: tuple[str, ...] = ()
    direction: str | None = None  # HigherIsBetter, LowerIsBetter, Ceiling, Floor (see `direction`)
    excerpt: Excerpt


_RATE = re.compile("(?:增长率|增速|下降率)$")
_CEILING = re.compile("控制在|以内|不超过|不高于|以下")
_FLOOR = re.compile("不低于|不少于|以上")
_LOWER = re.compile("失业|能耗(?!.*下降)|浓度|排放(?!.*(?:下降|减少))|事故|死亡|发生率|空置率")


def direction(label: str, targets: list[str]) -> str:
    """Which way an indicator is better: its targets' wording first (控制在9600人以内 is a ceiling,
    不低于/以上 a floor), then its name (失业, 能耗, 浓度 … are better lower), else higher.

    A 下降率 counts the fall (a rise is negative, see `values.signed`), so it is better higher.
    """
    if any(_CEILING.search(t) for t in targets):
        return "Ceiling"
    if _LOWER.search(label):
        return "LowerIsBetter"
    if any(_FLOOR.search(t) for t in targets):
        return "Floor"
    return "HigherIsBetter"


class ResolvedValue(Record):
    value: ValueRecord
    indicator: str  # IndicatorNode.id
    area: str | None = None  # area id for an area's tax outcome
    bodies: tuple[str, ...] = ()  # organisation ids of the 责任部门 the table names for it
    iri: str = ""  # its node: jkr:target/… or jkr:outcome/…


def _bodies(ctx, v: ValueRecord) -> tuple[str, ...]:
    """The organisations of a figure's 责任部门 cell, each resolved in the document's district."""
    ids = []
    for name in v.bodies:
        oid, ok = ctx.resolver.resolve(name, v.excerpt)
        if not ok:
            ctx.issues.append(
                Issue(
                    source=v.excerpt.source,
                    line=v.excerpt.line_start,
                    code="unresolved-body",
                    reason=f"{v.indicator}: body {name!r} of its 责任部门 is not in "
                    "data/curated/organisations.yaml; kept as an unresolved organisation",
                )
            )
        ids.append(oid)
    return tuple(dict.fromkeys(ids))


def _resolve(ctx) -> tuple[list[IndicatorNode], list[ResolvedValue]]:
    """One indicator per quantity (curated synonyms unified); unit and kind from whichever table states them."""
    from .. import areas, industries

    names = ctx.curated.indicator_names
    industry_name = industries.current_name(ctx)
    nodes: dict[str, IndicatorNode] = {}
    out = []
    area_ids = {(a.district, key(n)): a.id for a in areas.resolved(ctx) for n in (a.label, *a.aliases)}
    for v in ctx.of(ValueRecord):
        label = names.get(key(v.indicator), normalise(v.indicator))
        if _RATE.search(label) and not _RATE.search(v.indicator) and v.unit and v.unit != "%":
            label = _RATE.sub("", label)  # an amount under a name curated as a rate: the amount's indicator
        if v.industry:
            v = v.model_copy(update={"industry": industry_name(v.industry)})
        iid = slug(label)
        node = nodes.get(iid) or IndicatorNode(id=iid, label=label, excerpt=v.excerpt)
        nodes[iid] = node.model_copy(
            update={
                "unit": node.unit or v.indicator_unit,
                "kind": node.kind or v.indicator_kind,
                "aliases": tuple(dict.fromkeys(a for a in (*node.aliases, normalise(v.indicator)) if a != label)),
            }
        )
        out.append(
            ResolvedValue(
                value=v,
                indicator=iid,
                area=area_ids.get((ctx.district(v.document), key(v.area))) if v.area else None,
                bodies=_bodies(ctx, v),
            )
        )
    targets: dict[str, list[str]] = {}
    for rv in out:
        if rv.value.role == "target":
            targets.setdefault(rv.indicator, []).append(normalise(rv.value.value))
    nodes = {k: n.model_copy(update={"direction": direction(n.label, targets.get(k, []))}) for k, n in nodes.items()}
    seen: set[str] = set()
    for i, rv in enumerate(out):
        v = rv.value
        n = V.JKR + f"{v.role}/{rv.indicator}/{slug(v.period)}/" + excerpt_id(v.excerpt)
        if n in seen:  # one sentence, two values of one quantity ("增长0.34%…实际增长4.38%")
            n += "/" + slug(v.value)
        seen.add(n)
        out[i] = rv.model_copy(update={"iri": n})
    return [nodes[k] for k in sorted(nodes)], out


def resolved(ctx) -> tuple[list[IndicatorNode], list[ResolvedValue]]:
    """The indicators and their values (for kinds that judge or link them)."""
    return ctx.result(KIND)


def _triples(ctx, t) -> None:
    from decimal import Decimal

    indicators, values = ctx.result(KIND)
    for ind in indicators:
        i = V.JKR + "indicator/" + ind.id
        t.a(i, V.Indicator)
        t.zh(i, V.prefLabel, ind.label)
        if ind.unit:
            t.value(i, V.unit, ind.unit)
        if ind.kind:
            t.value(i, V.indicatorKind, ind.kind)
        if ind.direction:
            t.link(i, V.direction, V.JKG + ind.direction)
        for alias in ind.aliases:
            t.zh(i, V.altLabel, alias)
        t.cite(i, ind.excerpt)
    english_triples(ctx, t, "indicator", {ind.label: [V.JKR + "indicator/" + ind.id] for ind in indicators})
    for rv in values:
        v, n = rv.value, rv.iri
        t.a(n, V.Target if v.role == "target" else V.Outcome)
        t.link(n, V.indicator, V.JKR + "indicator/" + rv.indicator)
        t.value(n, V.period, v.period)
        t.value(n, V.value, normalise(v.value))
        if v.numeric is not None:
            t.value(n, V.numericValue, Decimal(v.numeric))
        if v.unit:
            t.value(n, V.unit, v.unit)
        if v.preliminary:
            t.value(n, V.preliminary, True)
        t.link(n, V.statedIn, document_iri(v.document))
        if district := ctx.district(v.document):
            t.link(n, V.district, district_iri(district))
        if v.industry:
            t.link(n, V.concernsIndustry, industry_iri(v.industry))
        if rv.area:
            t.link(n, V.concernsArea, area_iri(rv.area))
        for oid in rv.bodies:
            t.link(n, V.accountableBody, org_iri(oid))
        t.cite(n, v.excerpt)


def _cited(ctx):
    for rv in ctx.result(KIND)[1]:
        yield ("targets" if rv.value.role == "target" else "outcomes"), rv.value.excerpt


INDICATORS = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    after=("areas", "industry-system"),
    triples=_triples,
    cited=_cited,
    counts=(Count("indicators", V.Indicator), Count("targets", V.Target), Count("outcomes", V.Outcome)),
    finds=(
        Find(
            "jkg:Indicator",
            "indicator",
            (
                Route("named responsible for its figure", "?m jkg:indicator ?s ; jkg:accountableBody ?o ."),
                Route(
                    "states a target or outcome",
                    "?m jkg:indicator ?s ; jkg:statedIn/dcterms:publisher ?o .",
                    responsible=False,
                ),
            ),
            rank=50,
        ),
    ),
    styles=(
        Style("indicator", "指标 Indicator", "#bcbd22", "star", rank=130, cls=V.Indicator),
        Style("target", "目标 Target", "#e6550d", "dot", rank=140, cls=V.Target),
        Style("outcome", "实际 Outcome", "#3182bd", "dot", rank=150, cls=V.Outcome),
    ),
    facts=(
        Fact(V.period, "时期 Period", 40),
        Fact(V.value, "数值 Value", 50),
        Fact(V.unit, "单位 Unit", 60),
        Fact(V.indicatorKind, "属性 Kind", 70),
        Fact(V.statedIn, "文件 Document", 10, linked=True),
        Fact(V.indicator, "指标 Indicator", 30, linked=True),
        Fact(V.concernsArea, "片区 Area", 80, linked=True),
    ),
)
