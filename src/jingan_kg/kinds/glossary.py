"""A glossary (名词解释): numbered short terms, each followed by its definition paragraph(s).

A span is of this kind when a heading line holds 名词解释 and numbered short titles
("3. “全球服务商”计划") follow it, each with a definition paragraph under it. A term's
definition is every text paragraph up to the next numbered term; the glossary ends at
the end of the span, at a new 附件 heading, or at an obvious document head (a title
paragraph followed by a date line or a 文号), whichever comes first.

Labels are kept as written (normalised): quotes are part of a label such as
“全球服务商”计划. Only when every label of a glossary is wrapped whole in one pair of
quotes (a glossary's own typographic convention) are those quotes taken off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import Field

from ..graph import vocab as V
from ..graph.iris import document_iri, node
from ..ingest.documents import DATE_LINE, WENHAO_LINE, Span
from ..records import Excerpt, Extraction, Issue, Record
from ..text import normalise, strip_markup
from .base import Count, Fact, Find, Kind, Style, unexpected_number

# --- records ---


class TermRecord(Record):
    """A glossary entry (名词解释)."""

    document: str
    ordinal: int = Field(ge=1)
    label: str
    definition: str
    excerpt: Excerpt


KIND = "glossary"

HEADING = re.compile(r"名词解释\s*[:：]?$")  # a heading ends with it; "（见名词解释）" does not
TERM = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(\S.*)$")
ANNEX = re.compile(r"^附\s*件\s*\d*\s*[:：]?$|^附\s*件\s*\d+\s*[:：]?\s*\S")
_LABEL_MAX = 40  # a term's title is short and is not a sentence
_QUOTED = re.compile(r"^“([^“”]+)”$")
_HEAD_LINES = 6  # a title paragraph above a date line or 文号 has at most this many lines


@dataclass
class _Term:
    ordinal: int
    label: str
    line: int
    body: list = field(default_factory=list)  # (line number, text without markup), blank lines as ""


def _is_heading(text: str) -> bool:
    return bool(HEADING.search(text)) and "。" not in text and len(text) <= 60


def _is_term(text: str) -> re.Match | None:
    m = TERM.match(text)
    if m and len(m.group(2)) <= _LABEL_MAX and not m.group(2).rstrip().endswith(("。", "；", ";")):
        return m
    return None


def _head_starts(lines: list[tuple[int, str]]) -> set[int]:
    """Line numbers where a document head's title paragraph starts (title, then date line or 文号)."""
    starts: set[int] = set()
    for i, (_, text) in enumerate(lines):
        if not text or not (DATE_LINE.match(text) or WENHAO_LINE.match(text)):
            continue
        j = i - 1
        while j >= 0 and not lines[j][1]:
            j -= 1
        title_end = j
        while j >= 0 and lines[j][1] and not DATE_LINE.match(lines[j][1]) and not WENHAO_LINE.match(lines[j][1]):
            j -= 1
        if j < title_end and title_end - j <= _HEAD_LINES:  # a short paragraph right above: a title
            starts.add(lines[j + 1][0])
    return starts


def _terms(span: Span) -> list[_Term]:
    lines = [(ln.number, strip_markup(ln.text).strip()) for ln in span.lines() if not ln.noise]
    heads = _head_starts(lines)
    terms: list[_Term] = []
    inside = False
    for number, text in lines:
        if not inside:
            inside = bool(text) and _is_heading(text)
            continue
        if number in heads or (terms and ANNEX.match(text)):
            break  # the next document, or the next annex
        if m := _is_term(text):
            terms.append(_Term(int(m.group(1)), m.group(2).strip(), number))
        elif terms:
            terms[-1].body.append((number, text))
    return terms


def _definition(term: _Term) -> list[tuple[int, str]]:
    return [(n, t) for n, t in term.body if t]


def detect(span: Span) -> bool:
    return any(_definition(t) for t in _terms(span))


def extract(span: Span) -> Extraction:
    """Every term of the glossary with its definition; problems as issues."""
    src = span.source.path
    terms = _terms(span)
    labels = [normalise(t.label) for t in terms]
    if labels and all(_QUOTED.match(x) for x in labels):
        labels = [_QUOTED.match(x).group(1) for x in labels]
    records: list[TermRecord] = []
    issues: list[Issue] = []
    seen: dict[int, int] = {}
    previous = 0
    for term, label in zip(terms, labels):
        if term.ordinal < 1:
            issues.append(unexpected_number(src, term.line, "a term", term.ordinal))
            continue
        if term.ordinal in seen:
            issues.append(
                Issue(
                    source=src,
                    line=term.line,
                    code="duplicate-ordinal",
                    reason=f"term number {term.ordinal} used again (first at line {seen[term.ordinal]})",
                )
            )
        elif term.ordinal != previous + 1:
            issues.append(
                Issue(
                    source=src,
                    line=term.line,
                    code="ordinal-gap",
                    reason=f"term numbering jumps from {previous} to {term.ordinal}",
                )
            )
        seen.setdefault(term.ordinal, term.line)
        previous = max(previous, term.ordinal)
        body = _definition(term)
        if not body:
            issues.append(
                Issue(
                    source=src,
                    line=term.line,
                    code="term-without-definition",
                    reason=f"term {term.ordinal} {label!r} has no definition under it; not kept",
                )
            )
            continue
        last = body[-1][0]
        quote = "".join(
            strip_markup(span.source.line(i).text).strip()
            for i in range(term.line, last + 1)
            if not span.source.line(i).noise
        )
        records.append(
            TermRecord(
                document=span.document_key,
                ordinal=term.ordinal,
                label=label,
                definition=normalise("".join(t for _, t in body)),
                excerpt=Excerpt(source=src, line_start=term.line, line_end=last, quote=quote),
            )
        )
    return Extraction(records=tuple(records), issues=tuple(issues))


# --- resolution and triples ---------------------------------------------------------------


def _resolve(ctx) -> list[TermRecord]:
    return sorted(ctx.of(TermRecord), key=lambda r: (r.document, r.ordinal))


def _triples(ctx, t) -> None:
    for term in ctx.result(KIND):
        n = node("term", term.label)
        t.a(n, V.Term)
        t.zh(n, V.prefLabel, term.label)
        t.value(n, V.definition, normalise(term.definition), lang="zh")
        t.value(n, V.ordinal, term.ordinal)
        t.link(n, V.partOf, document_iri(term.document))
        t.cite(n, term.excerpt)


GLOSSARY = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    triples=_triples,
    cited=lambda ctx: (("terms", term.excerpt) for term in ctx.result(KIND)),
    counts=(Count("terms", V.Term),),
    finds=(Find("jkg:Term", "term", rank=70),),
    styles=(Style("term", "名词 Term", "#dbdb8d", "dot", rank=200, cls=V.Term),),
    facts=(Fact(V.definition, "释义 Definition", 160),),
)
