"""Splitting a source into the documents it holds, by their heads (title, date line, 文号)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .records import DocumentRecord, Excerpt
from .sources import Line, SourceText
from .text import key, normalise

DATE_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]$")
WENHAO_LINE = re.compile(r"^#*\s*(\S{1,12}〔\s*\d{4}\s*〕\s*\d+\s*号)$")
_HEAD_GAP = 4  # anchors of one head lie within this many lines of each other


@dataclass(frozen=True)
class Span:
    """A run of a source's lines; `document` is set when the run is one policy document."""

    source: SourceText
    first: int
    last: int
    document: DocumentRecord | None = None

    def lines(self) -> list[Line]:
        return list(self.source.lines[self.first - 1 : self.last])

    @property
    def document_key(self) -> str:
        """The key records use for `document`: this span's document, else the source's title."""
        return self.document.key if self.document else normalise(self.source.meta.title)


def _iso(m: re.Match) -> str | None:
    try:
        return date(*map(int, m.groups())).isoformat()
    except ValueError:
        return None


def _title_before(src: SourceText, line_no: int) -> tuple[int, str] | None:
    """The paragraph just above a head anchor (contiguous non-blank text lines): its title."""
    i, parts = line_no - 1, []
    while i >= 1 and not src.line(i).text:
        i -= 1
    while i >= 1 and src.line(i).text and not src.line(i).noise:
        parts.insert(0, src.line(i).text)
        i -= 1
    if not parts or len(parts) > 6:
        return None
    return i + 1, "".join(parts)


def _title_after(src: SourceText, line_no: int) -> tuple[int, str] | None:
    """The first heading line after a 文号 line, for documents that put the 文号 first."""
    for i in range(line_no + 1, min(line_no + 6, len(src.lines) + 1)):
        text = src.line(i).text
        if text and not src.line(i).noise:
            return (i, text) if ("关于" in text or text.startswith("#")) else None
    return None


def _issuer(title: str) -> str | None:
    head = title.split("关于", 1)[0].strip() if "关于" in title else ""
    return head or None


def split_documents(src: SourceText) -> list[Span]:
    """Cut a source into document spans and the unclaimed runs between them, in line order."""
    anchors = []
    for ln in src.lines:
        if ln.noise:
            continue
        if m := DATE_LINE.match(ln.text):
            anchors.append((ln.number, "date", m))
        elif m := WENHAO_LINE.match(ln.text):
            anchors.append((ln.number, "wenhao", m))
    heads: list[list] = []
    for a in anchors:
        if heads and a[0] - heads[-1][-1][0] <= _HEAD_GAP:
            heads[-1].append(a)
        else:
            heads.append([a])
    found = []  # (first line, title line range end, record fields)
    for head in heads:
        first_anchor = head[0]
        located = _title_before(src, first_anchor[0])
        if first_anchor[1] == "wenhao" and (after := _title_after(src, head[-1][0])):
            located = (first_anchor[0], after[1])
            title_end = after[0]
        else:
            title_end = first_anchor[0] - 1
        if not located:
            continue
        start, title = located
        issued = next((_iso(m) for _, k, m in head if k == "date"), None)
        ident = next((normalise(m.group(1)) for _, k, m in head if k == "wenhao"), None)
        found.append((start, max(title_end, head[-1][0]), normalise(title), issued, ident))
    if not found:
        return [whole_source(src)]
    spans: list[Span] = []
    cursor = 1
    for n, (start, head_end, title, issued, ident) in enumerate(found):
        end = found[n + 1][0] - 1 if n + 1 < len(found) else len(src.lines)
        if start > cursor:
            spans.append(Span(src, cursor, start - 1))
        quote = "".join(src.line(i).text for i in range(start, head_end + 1) if src.line(i).text)
        record = DocumentRecord(
            key=ident or title, title=title, kind="document", identifier=ident, issued=issued,
            issuer=_issuer(title), excerpt=Excerpt(source=src.path, line_start=start, line_end=head_end, quote=quote),
        )
        spans.append(Span(src, start, end, record))
        cursor = end + 1
    if cursor <= len(src.lines):
        spans.append(Span(src, cursor, len(src.lines)))
    return spans


def whole_source(src: SourceText) -> Span:
    """A source with no document head is one document, described by its manifest (or inferred) metadata."""
    texts = [ln for ln in src.lines if ln.text and not ln.noise]
    probe = key(src.meta.title)[:20]
    first = next((ln for ln in texts if probe and probe in key(ln.text)), texts[0] if texts else src.lines[0])
    issued = src.meta.date if src.meta.date and len(src.meta.date) == 10 else None
    record = DocumentRecord(key=normalise(src.meta.title), title=normalise(src.meta.title), kind="document",
                            issued=issued, issuer=src.meta.issuer,
                            excerpt=Excerpt(source=src.path, line_start=first.number, line_end=first.number,
                                            quote=first.text or src.meta.title))
    return Span(src, 1, len(src.lines), record)
