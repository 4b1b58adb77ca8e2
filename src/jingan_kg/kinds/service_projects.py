"""The numbered items of a year's 为民办实事项目 list, grouped under "一、为老服务方面" headings.

A span is of this kind when its document (or a title line above the list) speaks of
为民办实事/实事项目 and it holds a "…方面" heading followed by numbered items
("1. 为2000名特殊困难老年人提供…"). Each item keeps its text, its service area (the
heading without 方面 and without a trailing "（3 个项目）" count) and the first quantity
it names ("2000名": numeric "2000", unit "名"; "8万名": numeric "8", unit "万名", the
magnitude staying in the unit as for targets' "1750亿元").

The list starts at its own title line ("2026年静安区为民办实事项目"), else at its first
heading, and ends at the first paragraph after an item that is neither a heading, an
item, nor the item's direct continuation (a wrapped line, possibly across a page header):
a following document's numbered list is not swallowed.

Issues: an item under no "…方面" heading (above the first one, or under a heading that
names no service area) is reported and not kept (a ServiceProject needs its area);
duplicate numbers and gaps are reported and the items kept. Numbering that restarts at
1 under each heading is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import Field

from ..graph import vocab as V
from ..graph.iris import document_iri, in_document
from ..ingest.documents import Span
from ..records import Excerpt, Extraction, Issue, Record
from ..text import normalise, strip_markup
from .base import Count, Fact, Find, Kind, Route, Style, unexpected_number

# --- records ---


class ServiceProjectRecord(Record):
    """One numbered 为民办实事 project (a service project)."""

    document: str
    ordinal: int = Field(ge=1)
    text: str
    service_area: str  # 为老服务 … (the heading "一、为老服务方面" without 方面)
    quantity: str | None = None  # the first quantity as written: "2000名"
    numeric: str | None = None
    unit: str | None = None
    excerpt: Excerpt


KIND = "service-items"  # the jkg:kind value documents carry (published data: kept as it was first written)

TITLE = re.compile(r"为民办实事|实事项目")
HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*、\s*(\S.*?)\s*方面\s*(?:[（(][^（()）]*[)）])?\s*[:：]?$")
OTHER_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*、\s*\S")
ITEM = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(\S.*)$")
# Measure words of the things an item delivers (not 年/月/日/岁: dates and ages are not quantities).
_UNITS = (
    "平方米",
    "公里",
    "人次",
    "米",
    "名",
    "户",
    "张",
    "个",
    "场",
    "台",
    "家",
    "项",
    "处",
    "具",
    "条",
    "座",
    "所",
    "间",
    "批",
    "辆",
    "套",
    "次",
    "件",
    "支",
    "棵",
    "株",
    "位",
    "床",
    "人",
    "块",
    "段",
    "元",
    "%",
)
QUANTITY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*((?:[万亿千百])?\s*(?:" + "|".join(map(re.escape, _UNITS)) + "))")


@dataclass
class _Item:
    ordinal: int
    area: str | None  # None: under no "…方面" heading
    opens_area: bool  # the first item under its heading
    lines: list = field(default_factory=list)  # (line number, text without markup)

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.lines)


def first_quantity(text: str) -> tuple[str, str, str] | None:
    """The first number-with-unit of a text, normalised: (as written, number, unit)."""
    m = QUANTITY.search(normalise(text))
    if not m:
        return None
    return m.group(0).replace(" ", ""), m.group(1), m.group(2).replace(" ", "")


def _is_title(text: str) -> bool:
    return bool(TITLE.search(normalise(text))) and "。" not in text and not ITEM.match(text)


def _titled(span: Span) -> bool:
    """The document's title, or a line above the first heading, names 为民办实事/实事项目."""
    if span.document is not None and TITLE.search(normalise(span.document.title)):
        return True
    for ln in span.lines():
        text = "" if ln.noise else strip_markup(ln.text).strip()
        if HEADING.match(text):
            return False
        if text and _is_title(text):
            return True
    return False


def _items(span: Span) -> list[_Item]:
    """The list's items in order, from its last title line above the first heading (else that heading).

    Blank lines around a page header or footnote do not separate a wrapped item from its
    continuation; any other blank line does.
    """
    items: list[_Item] = []
    area: str | None = None
    started = headed = adjacent = opens = False  # in the list; under a heading; after an item's line
    blank = bridged = False
    for ln in span.lines():
        if ln.noise:
            blank, bridged = False, True
            continue
        text = strip_markup(ln.text).strip()
        if not text:
            blank = blank or not bridged
            continue
        after_blank, blank, bridged = blank, False, False
        if m := HEADING.match(text):
            area, started, headed, adjacent, opens = normalise(m.group(2)), True, True, False, True
            continue
        if started and OTHER_HEADING.match(text):
            area, adjacent, opens = None, False, True  # a heading that names no service area
            continue
        if not headed and _is_title(text):
            started, items, adjacent = True, [], False  # the list's own title: what came before is preface
            continue
        if not started:
            continue
        if m := ITEM.match(text):
            items.append(_Item(int(m.group(1)), area, opens, [(ln.number, text)]))
            adjacent, opens = True, False
            continue
        if adjacent and not after_blank:
            items[-1].lines.append((ln.number, text))  # an item wrapped over lines
            continue
        adjacent = False
        if headed and not opens:
            break  # a paragraph after the list's items: the list is over (a note under a heading is skipped)
    return items


def detect(span: Span) -> bool:
    return _titled(span) and any(i.area for i in _items(span))


def extract(span: Span) -> Extraction:
    """Every item of the list, with its service area and first quantity; problems as issues."""
    src = span.source.path
    issues: list[Issue] = []
    records: list[ServiceProjectRecord] = []
    seen: dict[int, int] = {}
    previous = 0
    for item in _items(span):
        first, last = item.lines[0][0], item.lines[-1][0]
        if item.ordinal < 1:
            issues.append(unexpected_number(src, first, "an item", item.ordinal))
            continue
        if item.opens_area and item.ordinal == 1 and previous > 1:
            seen, previous = {}, 0  # numbering that restarts under each heading
        if item.ordinal in seen:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="duplicate-ordinal",
                    reason=f"item number {item.ordinal} used again (first at line {seen[item.ordinal]})",
                )
            )
        elif item.ordinal != previous + 1:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="ordinal-gap",
                    reason=f"item numbering jumps from {previous} to {item.ordinal}"
                    if previous
                    else f"item numbering starts at {item.ordinal}, not 1",
                )
            )
        seen.setdefault(item.ordinal, first)
        previous = max(previous, item.ordinal)
        if item.area is None:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="item-outside-service-area",
                    reason=f"item {item.ordinal} stands under no “…方面” heading: "
                    "it has no service area and is not kept",
                )
            )
            continue
        body = ITEM.match(item.text).group(2)
        q = first_quantity(body)
        records.append(
            ServiceProjectRecord(
                document=span.document_key,
                ordinal=item.ordinal,
                text=normalise(body),
                service_area=item.area,
                quantity=q[0] if q else None,
                numeric=q[1] if q else None,
                unit=q[2] if q else None,
                excerpt=Excerpt(source=src, line_start=first, line_end=last, quote=item.text),
            )
        )
    docs = ()
    if span.document is not None and TITLE.search(normalise(span.document.title)):
        docs = (span.document.model_copy(update={"kind": KIND}),)
    return Extraction(documents=docs, records=tuple(records), issues=tuple(issues))


# --- resolution and triples ---------------------------------------------------------------


def _resolve(ctx) -> list[ServiceProjectRecord]:
    return sorted(ctx.of(ServiceProjectRecord), key=lambda r: (r.document, r.ordinal))


def _triples(ctx, t) -> None:
    for s in ctx.result(KIND):
        n = in_document(s.document, "service", s.ordinal)
        t.a(n, V.ServiceProject)
        t.zh(n, V.label, s.text)
        t.value(n, V.ordinal, s.ordinal)
        t.value(n, V.serviceArea, s.service_area)
        t.link(n, V.partOf, document_iri(s.document))
        if s.quantity:
            t.value(n, V.quantity, s.quantity)
        t.cite(n, s.excerpt)


SERVICE_PROJECTS = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    triples=_triples,
    cited=lambda ctx: (("service projects", s.excerpt) for s in ctx.result(KIND)),
    counts=(Count("service projects", V.ServiceProject),),
    finds=(
        Find(
            "jkg:ServiceProject",
            "service project",
            (
                Route(
                    "issued the project list", "?s jkg:partOf/dcterms:publisher ?o . BIND(?s AS ?m)", responsible=False
                ),
            ),
            rank=60,
        ),
    ),
    styles=(Style("service", "为民办实事 Service project", "#f7b6d2", "dot", rank=170, cls=V.ServiceProject),),
    facts=(Fact(V.serviceArea, "领域 Field", 140), Fact(V.quantity, "数量 Quantity", 150)),
)
