"""Key-work arrangements (区政府重点工作安排): the year's numbered tasks, each a measure.

A document is of this kind when its title names a key-work arrangement (重点工作安排, 重点工作目标安排,
工作要点) and it holds numbered tasks. A run of items the measures kind reads (one with
responsibility clauses) is left to it; the other tasks are read here, so no task is read twice and
none is lost. The tasks are the items of the finest numbering style
under the section headings ("一、…" above "1.…" or "（一）…"); each becomes a MeasureRecord (the
measures kind resolves and writes it) with its title sentence, text and sections, and the bodies of
a 责任单位/牵头单位 clause where the text names one — no body is invented where none is named.

Web pages sometimes lose the line breaks between items ("(一)推进….(二)高质量推进….(三)…"):
an item marker that follows the end of a sentence starts a new item.
"""

from __future__ import annotations

import re

from ..ingest.documents import Span
from ..records import Excerpt, Extraction, Issue
from ..text import normalise, strip_markup
from .base import Kind, unexpected_number
from .measures import (
    STYLES,
    BodyMention,
    MeasureRecord,
    _clause,
    _runs,
    by_convention,
    chinese_number,
    last_clause,
    lead_convention,
    measure_style,
    not_names,
    split_roles,
    title_sentence,
)
from .measures import _blocks as measure_blocks

KIND = "key-work"

TITLE = re.compile(r"重点工作(?:目标)?安排|工作要点|重点工作任务")
# An item marker right after a sentence's end, inside a line: "。(二)高质量推进…", "。2.推动…".
_INLINE = re.compile(r"(?<=[。；;])\s*(?=(?:[（(][一二三四五六七八九十]+[)）]|\d{1,3}[.．、](?!\d))\S)")


def _titled(span: Span) -> bool:
    return span.document is not None and bool(TITLE.search(normalise(span.document.title)))


def _claimed(span: Span) -> set[tuple[int, int]]:
    """(first line, ordinal) of the items the measures kind reads in this span."""
    blocks = measure_blocks(span)
    style = measure_style(blocks)
    return {(b.lines[0][0], b.ordinal) for run in _runs(blocks, style) for b in run} if style else set()


def _items(span: Span, odd: list | None = None) -> list[tuple[str, int, int, int, str, tuple[str, ...]]]:
    """(style, ordinal, first line, last line, text, sections) of every task the measures kind
    leaves; a line numbered 0 or 一一、 is no task (it goes into `odd`: line, number)."""
    claimed = _claimed(span)
    pieces: list[tuple[int, str]] = []
    for ln in span.lines():
        if ln.noise or not ln.text:
            continue
        text = strip_markup(ln.text).strip()
        pieces += [(ln.number, part) for part in _INLINE.split(text) if part.strip()]
    order = list(STYLES)
    found = []  # (style, ordinal, [(line, text)])
    for number, text in pieces:
        for style, pattern in STYLES.items():
            if m := pattern.match(text):
                n = m.group(1)
                if not (ordinal := int(n) if n.isdigit() else chinese_number(n)):
                    if odd is not None:
                        odd.append((number, n))
                    continue
                found.append((style, ordinal, [(number, text)]))
                break
        else:
            if found and not found[-1][2][-1][1].rstrip().endswith("。"):
                found[-1][2].append((number, text))  # an item wrapped over lines
    styles = {s for s, _, _ in found}
    finest = max(styles, key=order.index) if styles else None
    out, headings = [], {}
    for style, ordinal, lines in found:
        text = "".join(t for _, t in lines)
        if style != finest:
            headings = {k: v for k, v in headings.items() if order.index(k) < order.index(style)}
            headings[style] = normalise(text)
            continue
        if (lines[0][0], ordinal) in claimed:
            continue
        sections = tuple(headings[k] for k in order if k in headings)
        out.append((style, ordinal, lines[0][0], lines[-1][0], text, sections))
    return out


def detect(span: Span) -> bool:
    return _titled(span) and bool(_items(span))


def extract(span: Span) -> Extraction:
    """Every task of the arrangement as a measure; a title sentence that is missing is reported."""
    src = span.source.path
    records, seen, odd = [], set(), []
    items = _items(span, odd)
    issues = [unexpected_number(src, line, "a line", number) for line, number in odd]
    convention = lead_convention(span)
    for style, ordinal, first, last, text, sections in items:
        body = STYLES[style].match(text).group(2)
        mentions, clause, rule = [], None, None
        if m := last_clause(body):
            clause = _clause(body, m)
            leads = m.group(1).startswith("牵头")
            mentions = [BodyMention(name=normalise(n), line=last, lead=x) for n, x in split_roles(clause, leads)]
            mentions, rule = by_convention(mentions, convention)
            issues += not_names(clause, src, last, f"task {ordinal}")
            body = body[: m.start()]
        title, issue = title_sentence(body, f"task {ordinal}", src, first)
        issues += [issue] if issue else []
        if (sections, ordinal) in seen:
            issues.append(
                Issue(
                    source=src,
                    line=first,
                    code="duplicate-ordinal",
                    reason=f"task number {ordinal} used again under {sections[-1] if sections else 'no heading'}",
                )
            )
            continue
        seen.add((sections, ordinal))
        records.append(
            MeasureRecord(
                document=span.document_key,
                ordinal=ordinal,
                title=normalise(title),
                text=normalise(body),
                sections=sections,
                bodies=tuple(mentions),
                clause=normalise(clause) if clause else None,
                excerpt=Excerpt(source=src, line_start=first, line_end=last, quote=text),
                lead_rule=rule,
            )
        )
    return Extraction(records=tuple(records), issues=tuple(issues))


KEY_WORK = Kind(name=KIND, detect=detect, extract=extract)
