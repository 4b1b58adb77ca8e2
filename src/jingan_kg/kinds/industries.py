"""An industry system such as the (3+3)+(1+3+X) scheme: groups, industries, focus fields.

Recognised by its sentences, not its place: group lines (第1个“3”指的是三大优势产业 /
“X”未来产业赛道，即…) and industry lines (金融服务业主要聚焦资产管理、…等重点领域); and
the earlier key-industry system stated in one sentence (“3+3”重点产业体系…商贸服务业、
金融服务业、专业服务业等优势产业…数智产业、文创产业、健康产业等潜能产业).
"""

from __future__ import annotations

import re

from ..graph import vocab as V
from ..graph.iris import industry_iri
from ..ingest.documents import Span
from ..records import Excerpt, Extraction, Record
from ..text import key, normalise, strip_markup
from .base import Count, Fact, Find, Kind, Route, Style
from .core import english_triples

# --- records ---


class IndustryRecord(Record):
    """An industry, track, group or focus field of an industry system."""

    label: str
    role: str  # "group" | "industry" | "focus"
    broader: str | None = None  # label of the parent concept
    excerpt: Excerpt


KIND = "industry-system"

SCHEME = re.compile(
    r"^([(（]?\d\+\d[)）]?\s*\+\s*[(（]?\d\+\d\+X[)）]?\s*现代化产业体系)$"
)  # (3+3)+(1+3+X)现代化产业体系
GROUP = re.compile(r"^第\s*\d+\s*个“[0-9X]+”指的是(\S+?)。?$")
SINGLE = re.compile(r"^“[0-9X]+”(?:指的是(?:深化)?(\S+?)[，,]|(\S+?)[，,]即)")
INDUSTRY = re.compile(r"^(\S{2,16}?(?:产业赛道|产业|业))主要(?:是)?(?:重点)?(?:聚焦|瞄准)")
FOCUS = re.compile(r"(?:聚焦|瞄准|布局)(.+?)等(?:重点)?(?:领域|方向|未来产业赛道|产业)")
_SPLIT = re.compile(r"[、，,]|和(?=\S{2,})")
# “3+3”重点产业(体系): the system's name; then "A、B、C等优势产业" lists, one per group.
SYSTEM = re.compile(r"“(\d\+\d)”重点产业")
GROUP_LIST = re.compile(r"((?:[^、，,。“”]{2,10}、)+[^、，,。“”]{2,10})等([^、，,。“”]{2,6}产业)")


def _focus(text: str) -> list[str]:
    m = FOCUS.search(text)
    if not m:
        return []
    return [f for f in (normalise(x) for x in _SPLIT.split(m.group(1))) if 1 < len(f) <= 12]


def _lines(span: Span):
    for ln in span.lines():
        if ln.text and not ln.noise:
            yield ln, normalise(strip_markup(ln.text))


def detect(span: Span) -> bool:
    groups = industries = 0
    for _, text in _lines(span):
        groups += bool(GROUP.match(text))
        industries += bool(INDUSTRY.match(text))
        if _key_system(text):
            return True
    return groups >= 1 and industries >= 2


def _key_system(text: str) -> tuple[str, list[tuple[str, list[str]]]] | None:
    """A sentence naming a “3+3” key-industry system and its groups' members, if this is one."""
    for sentence in text.split("。"):
        m = SYSTEM.search(sentence)
        if not m:
            continue
        groups = [
            (g.group(2), [x for x in g.group(1).split("、") if x]) for g in GROUP_LIST.finditer(sentence, m.end())
        ]
        if len(groups) >= 2:
            return f"“{m.group(1)}”重点产业", groups
    return None


def extract(span: Span) -> Extraction:
    """Each group, the industries under it, and the focus fields each names."""
    out: list[IndustryRecord] = []
    group: str | None = None
    scheme: str | None = None
    src = span.source.path
    for ln, text in _lines(span):
        if not (quote := strip_markup(ln.text).strip()):
            continue  # a line of markup only ("#", "**"): nothing to read or cite
        ex = Excerpt(source=src, line_start=ln.number, line_end=ln.number, quote=quote)
        if system := _key_system(text):
            name, groups = system
            out.append(IndustryRecord(label=name, role="group", excerpt=ex))
            for group, members in groups:
                out.append(IndustryRecord(label=group, role="group", broader=name, excerpt=ex))
                out += [IndustryRecord(label=normalise(x), role="industry", broader=group, excerpt=ex) for x in members]
            continue
        if m := SCHEME.match(text):
            scheme = normalise(m.group(1)).replace(" ", "")
            out.append(IndustryRecord(label=scheme, role="group", excerpt=ex))
        elif m := GROUP.match(text):
            group = m.group(1)
            out.append(IndustryRecord(label=group, role="group", broader=scheme, excerpt=ex))
        elif m := SINGLE.match(text):
            label = m.group(1) or m.group(2)
            out.append(IndustryRecord(label=label, role="group", broader=scheme, excerpt=ex))
            out += [IndustryRecord(label=f, role="focus", broader=label, excerpt=ex) for f in _focus(text)]
            group = None
        elif (m := INDUSTRY.match(text)) and group:
            label = m.group(1)
            out.append(IndustryRecord(label=label, role="industry", broader=group, excerpt=ex))
            out += [IndustryRecord(label=f, role="focus", broader=label, excerpt=ex) for f in _focus(text)]
    return Extraction(records=tuple(out))


# --- resolution and triples ---------------------------------------------------------------


def current_name(ctx):
    """label -> the name the curated table gives the industry (other names and renamings unified)."""
    canon = {key(a.name): r.label for r in ctx.curated.industries for a in r.aliases}
    return lambda label: canon.get(key(label), normalise(label))


def _resolve(ctx) -> list[IndustryRecord]:
    """Industries under their current names, one record per (industry, broader) pair.

    An industry that only a tax table names becomes an industry of its own, cited to that row.
    """
    from .indicators import ValueRecord

    name_of = current_name(ctx)
    out: dict[tuple[str, str | None], IndustryRecord] = {}
    for r in ctx.of(IndustryRecord):
        r = r.model_copy(update={"label": name_of(r.label), "broader": name_of(r.broader) if r.broader else None})
        out.setdefault((key(r.label), r.broader and key(r.broader)), r)
    known = {k for k, _ in out}
    for v in ctx.of(ValueRecord):
        if v.industry and key(name_of(v.industry)) not in known:
            out[(key(name_of(v.industry)), None)] = IndustryRecord(
                label=name_of(v.industry), role="industry", excerpt=v.excerpt
            )
            known.add(key(name_of(v.industry)))
    return list(out.values())


def resolved(ctx) -> list[IndustryRecord]:
    """The industries of the graph (for kinds that tie their records to industries)."""
    return ctx.result(KIND)


def _triples(ctx, t) -> None:
    for ind in resolved(ctx):
        i = industry_iri(ind.label)
        t.a(i, V.Industry)
        t.a(i, V.Concept)
        t.zh(i, V.prefLabel, ind.label)
        if ind.broader:
            t.link(i, V.broader, industry_iri(ind.broader))
            t.link(industry_iri(ind.broader), V.narrower, i)
        t.cite(i, ind.excerpt)
    english_triples(ctx, t, "industry", {ind.label: [industry_iri(ind.label)] for ind in resolved(ctx)})
    read = {s.path for s in ctx.sources}
    for r in ctx.curated.industries:
        if r.replaced_by:
            t.link(industry_iri(r.label), V.isReplacedBy, industry_iri(r.replaced_by))
            if r.source and r.source.file in read:  # the sentence stating the renaming, cited on the old name
                line = r.source.line
                t.cite(
                    industry_iri(r.label),
                    Excerpt(source=r.source.file, line_start=line, line_end=line, quote=r.source.quote),
                )


INDUSTRIES = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    triples=_triples,
    cited=lambda ctx: (("industries", i.excerpt) for i in resolved(ctx)),
    counts=(Count("industries", V.Industry),),
    finds=(
        Find(
            "jkg:Industry",
            "industry",
            (
                Route(
                    "responsible for a measure concerning it",
                    "?m jkg:concernsIndustry ?s ; jkg:responsibleBody ?o .",
                    bind="narrower",
                ),
                # A focus field with no measure of its own: the measures whose text names it, else the
                # measures concerning the industry it is a focus field of.
                Route(
                    "responsible for a measure that names it",
                    "?m a jkg:Measure ; jkg:text ?t ; jkg:responsibleBody ?o . FILTER(CONTAINS(STR(?t), ?s))",
                    bind="label",
                ),
                Route(
                    "responsible for a measure concerning its industry",
                    "?s skos:broader ?i . ?m jkg:concernsIndustry ?i ; jkg:responsibleBody ?o .",
                ),
            ),
            rank=20,
        ),
    ),
    styles=(
        Style("scheme", "产业体系 Industry system", "#9467bd", "star", rank=70),
        Style("group", "产业组 Industry group", "#c5b0d5", "triangle", rank=80),
        Style("industry", "产业 Industry", "#ff7f0e", "diamond", rank=90, cls=V.Industry, precedence=1),
        Style("field", "重点领域 Focus field", "#ffbb78", "dot", rank=100),
    ),
    facts=(
        Fact(V.broader, "上位 Broader", 50, linked=True),
        Fact(V.concernsIndustry, "产业 Industry", 70, linked=True),
        Fact(V.isReplacedBy, "更名为 Renamed to", 160, linked=True),
    ),
)
