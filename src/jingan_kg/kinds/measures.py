"""Numbered measures with a responsibility clause (责任部门/责任单位), e.g. a DRC 若干措施.

A document is of this kind when some style of numbered item (1. / （一） / 一、) carries
responsibility clauses; that style is the measures, the other styles are its section
headings. Runs of items that restart at 1 and carry no clause at all (总体要求,
principles) are not measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import Field

from ..graph import vocab as V
from ..graph.iris import document_iri, in_document, industry_iri, org_iri
from ..ingest.documents import Span
from ..records import Excerpt, Extraction, Issue, Record
from ..text import key, normalise, split_top, strip_markup
from .base import Count, Fact, Find, Kind, Route, Style, unexpected_number

# --- records ---


class BodyMention(Record):
    """A body named in a responsibility clause, as written (normalised)."""

    name: str
    line: int
    lead: bool = False  # the clause marks it as leading (牵头单位：…, …牵头)


class MeasureRecord(Record):
    """A numbered measure with its text, its section headings and the bodies responsible."""

    document: str  # DocumentRecord.key
    ordinal: int = Field(ge=1)
    title: str
    text: str
    sections: tuple[str, ...] = ()  # headings above it, outermost first
    bodies: tuple[BodyMention, ...] = ()
    clause: str | None = None  # the responsibility clause as written
    excerpt: Excerpt
    lead_rule: Excerpt | None = None  # the document's sentence making its first-named body the lead


KIND = "measures"

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
STYLES = {  # outermost first: the order headings nest in
    "chinese": re.compile(r"^([一二三四五六七八九十]+)\s*、\s*(\S.*)$"),
    "paren": re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(\S.*)$"),
    "arabic": re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(\S.*)$"),
}
CLAUSE = re.compile(r"[（(]\s*(责任部门|责任单位|牵头部门|牵头单位|责任主体)\s*[:：]")
_CLOSED = tuple("。）)；;！!？?」』")
_OPEN_BRACKETS, _CLOSE_BRACKETS = "（(“‘《〈[【", "）)”’》〉]】"
_SEPARATORS = "、，,；;"
_TITLE_MAX = 60


_CN_ORDINAL = re.compile(r"^(?:([一二三四五六七八九])|([二三四五六七八九])?十([一二三四五六七八九])?)$")


def chinese_number(text: str) -> int | None:
    """一 → 1, 十三 → 13, 二十一 → 21 (numbers up to 99, as ordinals are written); None for a
    numeral no list uses (一一, 十十, 〇, 零)."""
    m = _CN_ORDINAL.match(text)
    if m is None:
        return None
    if m.group(1):
        return _CN_DIGITS[m.group(1)]
    return (_CN_DIGITS[m.group(2)] if m.group(2) else 1) * 10 + (_CN_DIGITS[m.group(3)] if m.group(3) else 0)


@dataclass
class Block:
    """A numbered item and the lines that continue it."""

    style: str
    ordinal: int
    lines: list = field(default_factory=list)  # (line number, text without markup)

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.lines)

    @property
    def closed(self) -> bool:
        return self.text.rstrip().endswith(_CLOSED)

    def clause_start(self) -> re.Match | None:
        return last_clause(self.text)


def last_clause(text: str) -> re.Match | None:
    """The last responsibility clause opening in a text (a measure's clause comes last)."""
    matches = list(CLAUSE.finditer(text))
    return matches[-1] if matches else None


def _blocks(span: Span, odd: list | None = None) -> list[Block]:
    """The numbered items and the lines that continue them; a line numbered 0 or with a numeral
    no list uses (一一、) is no item: it continues the one before, and goes into `odd` (line, number)."""
    blocks: list[Block] = []
    for ln in span.lines():
        if ln.noise or not ln.text:
            continue
        text = strip_markup(ln.text).strip()
        for style, pattern in STYLES.items():
            if m := pattern.match(text):
                number = m.group(1)
                ordinal = int(number) if number.isdigit() else chinese_number(number)
                if not ordinal:
                    if odd is not None:
                        odd.append((ln.number, number))
                    continue
                blocks.append(Block(style, ordinal, [(ln.number, text)]))
                break
        else:
            if blocks and not blocks[-1].closed:
                blocks[-1].lines.append((ln.number, text))
            elif blocks:
                blocks.append(Block("text", 0, [(ln.number, text)]))
    return blocks


def measure_style(blocks: list[Block]) -> str | None:
    """The numbering style whose items carry responsibility clauses, if any."""
    counts = {s: sum(1 for b in blocks if b.style == s and b.clause_start()) for s in STYLES}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else None


def detect(span: Span) -> bool:
    return span.document is not None and measure_style(_blocks(span)) is not None


# A role label inside a clause: "牵头单位:区发展改革委;配合责任单位:区政府办公室" (the clause's own
# label is already cut off); and the catch-alls that name no body ("配合责任单位:各相关部门").
_ROLE_LABEL = re.compile(r"^(?:牵头|配合|协办|参与|主责|责任)?(?:责任)?(?:单位|部门|主体)\s*[:：]\s*")
_CATCH_ALL = re.compile(r"^(?:各|其他|其它)?(?:相关|有关)(?:单位|部门|委办局|职能部门)$")


_A_NAME = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")  # a name holds a letter, digit or Chinese character


def split_bodies(clause: str) -> list[str]:
    """Split 区商务委、区司法局 into names at top-level separators (not inside （…） or “…”), a
    role label before a name dropped (配合责任单位:区政府办公室) and catch-alls left out (各相关部门:
    everyone concerned, no body); parts that are no name (#, …) are left to `not_names`."""
    return [name for name, _ in split_roles(clause)]


_LEAD_LABEL = re.compile(r"^(?:牵头|主责)")
_LEAD_SUFFIX = re.compile(r"[（(]?(?:牵头|负总责)[）)]?$")
_HELP_SUFFIX = re.compile(r"[（(]?(?:配合|协助|参与)[）)]?$")


def split_roles(clause: str, lead: bool = False) -> list[tuple[str, bool]]:
    """The names of a clause, each with whether the clause marks it as leading: after a 牵头单位：
    label (until another label; `lead`: the clause itself opened with one), or with 牵头 after it
    (区发改委牵头). No mark, no lead."""
    out = []
    for part in split_top(clause, _SEPARATORS):
        label = _ROLE_LABEL.match(part)
        if label:
            lead = bool(_LEAD_LABEL.match(label.group(0)))
        name = _ROLE_LABEL.sub("", part).strip()
        own = lead
        if _LEAD_SUFFIX.search(name) and len(_LEAD_SUFFIX.sub("", name)) >= 2:
            name, own = _LEAD_SUFFIX.sub("", name), True
        elif _HELP_SUFFIX.search(name) and len(_HELP_SUFFIX.sub("", name)) >= 2:
            name, own = _HELP_SUFFIX.sub("", name), False
        if _A_NAME.search(normalise(name)) and not _CATCH_ALL.match(key(name)):
            out.append((name, own))
    return out


# A document's own rule that the first body named leads, e.g. 杭州市人民政府办公厅 2020 (杭州网
# z.hangzhou.com.cn/2020/hzrmzfgb/content/content_7745055.html): 责任分解中，列第一位的责任单位为
# 牵头单位或汇总单位. Only such a sentence makes a first-named body a lead; position alone never does.
_FIRST_LEADS = re.compile(
    r"(?:列|排|排列|排名|位)(?:在|于)?(?:第一位|第一个|第一|首位|最前)(?:的|者)?(?:责任|承办)?(?:单位|部门)?"
    r"(?:为|是)(?:牵头|主责)(?:单位|部门)"
)


def lead_convention(span: Span) -> Excerpt | None:
    """The sentence of a document stating that the first body named leads, if it has one."""
    for ln in span.lines():
        if ln.noise or not (m := _FIRST_LEADS.search(ln.text)):
            continue
        start = max(ln.text.rfind(c, 0, m.start()) for c in "。；;：:\n") + 1
        ends = [i for c in "。；;" if (i := ln.text.find(c, m.end())) >= 0]
        quote = ln.text[start : min(ends) + 1 if ends else len(ln.text)].strip()
        return Excerpt(source=span.source.path, line_start=ln.number, line_end=ln.number, quote=quote)
    return None


def by_convention(mentions: list[BodyMention], rule: Excerpt | None) -> tuple[list[BodyMention], Excerpt | None]:
    """A clause's bodies with the document's first-named-leads rule applied: where the clause
    marks no lead itself, its first body leads, and the rule is returned to be cited."""
    if rule is None or not mentions or any(b.lead for b in mentions):
        return mentions, None
    return [mentions[0].model_copy(update={"lead": True}), *mentions[1:]], rule


def not_names(clause: str, src: str, line: int, what: str) -> list[Issue]:
    """A warning for each part of a clause that is punctuation or markup only (#, **, …)."""
    parts = [_ROLE_LABEL.sub("", n).strip() for n in split_top(clause, _SEPARATORS)]
    return [
        Issue(source=src, line=line, code="body-not-a-name", reason=f"{what}: {p!r} in its clause names no body")
        for p in parts
        if p and not _A_NAME.search(normalise(p))
    ]


def _clause(text: str, m: re.Match) -> str:
    """The clause's content: after the colon, up to its own closing bracket."""
    content, depth = text[m.end() :], 1
    for i, ch in enumerate(content):
        if ch in _OPEN_BRACKETS:
            depth += 1
        elif ch in _CLOSE_BRACKETS:
            depth -= 1
            if depth == 0:
                return content[:i]
    return content


def title_sentence(statement: str, what: str, src: str, line: int) -> tuple[str, Issue | None]:
    """An item's title: its first sentence; when it has no short one, its start, and an issue."""
    title, dot, _ = statement.partition("。")
    if dot and len(title) <= _TITLE_MAX:
        return title, None
    issue = Issue(
        source=src, line=line, code="no-title-sentence", reason=f"{what} has no short title sentence ending in 。"
    )
    return (statement if len(statement) <= _TITLE_MAX else statement[:30].rstrip("，,；;") + "…"), issue


def _runs(blocks: list[Block], style: str) -> list[list[Block]]:
    """Measure-style items cut where numbering restarts at 1; runs with no clause dropped."""
    runs: list[list[Block]] = []
    for b in blocks:
        if b.style == style:
            if not runs or b.ordinal == 1:
                runs.append([])
            runs[-1].append(b)
    return [r for r in runs if any(b.clause_start() for b in r)]


def extract(span: Span) -> Extraction:
    """Every measure of a measures document, with title, text, sections and bodies."""
    doc = span.document
    assert doc is not None
    src = span.source.path
    odd: list = []
    blocks = _blocks(span, odd)
    style = measure_style(blocks)
    if style is None:
        return Extraction()
    run_of = {id(b): n for n, run in enumerate(_runs(blocks, style)) for b in run}
    order = list(STYLES)
    headings: dict[str, str] = {}
    measures: list[MeasureRecord] = []
    issues: list[Issue] = [unexpected_number(src, line, "a line", number) for line, number in odd]
    seen: dict[int, int] = {}
    previous, current_run = 0, -1
    convention = lead_convention(span)
    for b in blocks:
        if b.style in STYLES and b.style != style:
            if order.index(b.style) < order.index(style):
                headings = {k: v for k, v in headings.items() if order.index(k) < order.index(b.style)}
                headings[b.style] = normalise(b.lines[0][1])
            continue
        if id(b) not in run_of:
            continue
        if run_of[id(b)] != current_run:
            current_run, seen, previous = run_of[id(b)], {}, 0
        first, last = b.lines[0][0], b.lines[-1][0]
        text = b.text
        body = STYLES[style].match(text).group(2)
        m = last_clause(body)
        mentions: list[BodyMention] = []
        clause, rule = None, None
        if m:
            clause = _clause(body, m)
            clause_line = next((n for n, t in b.lines if CLAUSE.search(t)), last)
            leads = m.group(1).startswith("牵头")
            mentions = [BodyMention(name=normalise(n), line=clause_line, lead=x) for n, x in split_roles(clause, leads)]
            mentions, rule = by_convention(mentions, convention)
            issues += not_names(clause, src, clause_line, f"measure {b.ordinal}")
            if not mentions:
                issues.append(
                    Issue(
                        source=src,
                        line=clause_line,
                        code="empty-responsibility-clause",
                        reason=f"measure {b.ordinal}: responsibility clause names no body",
                    )
                )
            statement = body[: m.start()]
        else:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="no-responsibility-clause",
                    reason=f"measure {b.ordinal} has no responsibility clause (责任部门/责任单位)",
                )
            )
            statement = body
        title, issue = title_sentence(statement, f"measure {b.ordinal}", src, first)
        issues += [issue] if issue else []
        if b.ordinal in seen:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="duplicate-ordinal",
                    reason=f"measure number {b.ordinal} used again (first at line {seen[b.ordinal]})",
                )
            )
        elif previous and b.ordinal != previous + 1 and b.ordinal != 1:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="ordinal-gap",
                    reason=f"measure numbering jumps from {previous} to {b.ordinal}",
                )
            )
        seen.setdefault(b.ordinal, first)
        previous = b.ordinal
        measures.append(
            MeasureRecord(
                document=doc.key,
                ordinal=b.ordinal,
                title=normalise(title),
                text=normalise(statement),
                sections=tuple(headings[k] for k in order if k in headings),
                bodies=tuple(mentions),
                clause=normalise(clause) if clause is not None else None,
                excerpt=Excerpt(source=src, line_start=first, line_end=last, quote=text.strip()),
                lead_rule=rule,
            )
        )
    return Extraction(records=tuple(measures), issues=tuple(issues))


# --- resolution and triples ---------------------------------------------------------------


class ResolvedMeasure(Record):
    measure: MeasureRecord
    bodies: tuple[str, ...]  # organisation ids, in clause order, no repeats
    leads: tuple[str, ...] = ()  # those the clause marks as leading
    industries: tuple[str, ...]  # industry labels
    iri: str = ""  # its node (a number repeated in one document gets its own)


_SUFFIX = re.compile(r"(产业赛道|赛道|产业|业)$")


def industry_core(label: str) -> str:
    """时尚消费业 / 时尚消费产业 → 时尚消费: the part a section heading names."""
    return _SUFFIX.sub("", key(label))


def industries_for(
    sections: tuple[str, ...], industries: list, title: str = "", document_title: str = ""
) -> tuple[str, ...]:
    """Industries a measure concerns: those its innermost naming section heading names, and those its
    title names (实施“未来”产业集群… → 未来产业赛道); failing both, industries or focus fields (人力资源)
    its document's title names."""
    named = [r for r in industries if r.role == "industry" and len(industry_core(r.label)) >= 2]
    hits: list[str] = []
    for heading in reversed(sections):
        hk = key(heading)
        hits = [r.label for r in named if industry_core(r.label) in hk]
        if hits:
            break
    tk = key(title)
    tracks = [r for r in industries if r.role in ("industry", "group") and len(industry_core(r.label)) >= 2]
    hits += [r.label for r in tracks if re.search(re.escape(industry_core(r.label)) + r"[”\"]?(产业|业)", tk)]
    if not hits and document_title:
        dk = key(document_title)
        hits = [r.label for r in named if key(r.label) in dk] or [
            r.label for r in industries if r.role == "focus" and len(key(r.label)) >= 3 and key(r.label) in dk
        ]
    return tuple(dict.fromkeys(hits))


def _resolve(ctx) -> list[ResolvedMeasure]:
    from . import industries

    known = industries.resolved(ctx)
    out, repeats = [], {}
    for m in ctx.of(MeasureRecord):
        n = repeats.get((m.document, m.ordinal), 0)
        repeats[(m.document, m.ordinal)] = n + 1
        out.append(_measure(m, ctx, known).model_copy(update={"iri": measure_iri(m.document, m.ordinal, n)}))
    return out


def _measure(m: MeasureRecord, ctx, known: list) -> ResolvedMeasure:
    ids, leads = [], []
    for body in m.bodies:
        oid, ok = ctx.resolver.resolve(
            body.name,
            m.excerpt.model_copy(
                update={"line_start": body.line, "line_end": body.line, "quote": m.clause or body.name}
            ),
        )
        if not ok:
            ctx.issues.append(
                Issue(
                    source=m.excerpt.source,
                    line=body.line,
                    code="unresolved-body",
                    reason=f"measure {m.ordinal}: body {body.name!r} is not in "
                    "data/curated/organisations.yaml; kept as an unresolved organisation",
                )
            )
        ids.append(oid)
        if body.lead:
            leads.append(oid)
    return ResolvedMeasure(
        measure=m,
        bodies=tuple(dict.fromkeys(ids)),
        leads=tuple(dict.fromkeys(leads)),
        industries=industries_for(m.sections, known, m.title, ctx.title(m.document)),
    )


def measure_iri(doc_key: str, ordinal: int, repeat: int = 0) -> str:
    return in_document(doc_key, "measure", f"{ordinal}" + (f"-{repeat + 1}" if repeat else ""))


def _triples(ctx, t) -> None:
    for rm in ctx.result(KIND):
        m, node = rm.measure, rm.iri
        t.a(node, V.Measure)
        t.zh(node, V.label, m.title)
        t.value(node, V.ordinal, m.ordinal)
        t.value(node, V.text, m.text, lang="zh")
        t.link(node, V.partOf, document_iri(m.document))
        if m.sections:
            t.value(node, V.section, m.sections[-1], lang="zh")
        for oid in rm.bodies:
            t.link(node, V.responsibleBody, org_iri(oid))
        for oid in rm.leads:
            t.link(node, V.leadBody, org_iri(oid))
        if m.lead_rule is not None:
            t.value(node, V.leadRule, normalise(m.lead_rule.quote))
            t.cite(node, m.lead_rule)
        for label in rm.industries:
            t.link(node, V.concernsIndustry, industry_iri(label))
        t.cite(node, m.excerpt)


MEASURES = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    after=("industry-system", "areas"),
    triples=_triples,
    cited=lambda ctx: (("measures", rm.measure.excerpt) for rm in ctx.result(KIND)),
    counts=(Count("measures", V.Measure),),
    finds=(
        Find(
            "jkg:Measure", "measure", (Route("responsible for", "?s jkg:responsibleBody ?o . BIND(?s AS ?m)"),), rank=10
        ),
    ),
    styles=(Style("measure", "措施 Measure", "#2ca02c", "dot", rank=60, cls=V.Measure),),
    facts=(Fact(V.section, "章节 Section", 30), Fact(V.responsibleBody, "责任部门 Responsible", 60, linked=True)),
)
