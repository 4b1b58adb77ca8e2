"""Splitting a source into the documents it holds, by their heads (title, date line, 文号)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..records import DocumentRecord, Excerpt
from ..text import key, normalise
from .heads import issuer_before
from .sources import Line, SourceText

DATE_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]$")
WENHAO_LINE = re.compile(r"^#*\s*(\S{1,12}〔\s*\d{4}\s*〕\s*\d+\s*号)$")
# A report's date under its title: "——2026年1月14日在…会议上", "2026年1月16日…会议通过".
REPORT_DATE = re.compile(r"^(?:——\s*)?[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?!\s*[至到-])")
ISSUER_LINE = re.compile(r"^\S{2,30}(?:委员会|局|办公室|人民政府)$")  # a body's name alone under a title
PRINTED = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发$")  # colophon of a 文件
TOC_HEADING = re.compile(r"^目\s*录$")
TOC_ENTRY = re.compile(r"^[-•·]\s*(\S.*)$")
TOC_PAGE = re.compile(r"\s*[（(]\s*\d+\s*[)）]\s*$")
_LIST_MARK = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）])")
_HEAD_GAP = 4  # anchors of one head lie within this many lines of each other
_TOC_MATCH = 0.85  # similarity of a body title to its table-of-contents entry (typos happen)


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


def toc_titles(src: SourceText) -> tuple[list[str], int]:
    """Entries of a table of contents (目录), joined across wrapped lines; and its last line."""
    lines = src.lines
    start = next((ln.number for ln in lines if TOC_HEADING.match(ln.text)), None)
    if start is None:
        return [], 0
    titles, current, last = [], None, start
    for ln in lines[start:]:
        text = ln.text
        if not text or text.startswith("【"):
            continue
        if m := TOC_ENTRY.match(text):
            current = m.group(1)
        elif current is not None:
            current += text
        else:
            break
        last = ln.number
        if TOC_PAGE.search(current):
            titles.append(normalise(TOC_PAGE.sub("", current)))
            current = None
        elif len(current) > 200:
            break
    return titles, last


def _paragraph(src: SourceText, number: int, limit: int = 4) -> tuple[int, str]:
    """Up to `limit` contiguous text lines from `number`: (last line, joined text)."""
    parts, i = [], number
    while i <= len(src.lines) and src.line(i).text and not src.line(i).noise and len(parts) < limit:
        parts.append(src.line(i).text)
        i += 1
    return i - 1, "".join(parts)


def _toc_heads(src: SourceText) -> list[tuple[int, int, str]]:
    """Where each table-of-contents title starts in the body: (first line, last line, title)."""
    from difflib import SequenceMatcher

    titles, toc_end = toc_titles(src)
    heads, cursor = [], toc_end + 1
    for title in titles:
        want = key(title)
        for ln in src.lines[cursor - 1 :]:
            if (
                not ln.text
                or ln.noise
                or (ln.number > 1 and src.line(ln.number - 1).text and not src.line(ln.number - 1).noise)
            ):
                continue  # a title starts a paragraph
            if "。" in ln.text or _LIST_MARK.match(ln.text):
                continue
            last, text = _paragraph(src, ln.number)
            got = key(text)[: len(want) + 2]
            if SequenceMatcher(None, want, got, autojunk=False).ratio() >= _TOC_MATCH:
                end = ln.number
                while (
                    end < last
                    and len(key("".join(src.line(i).text for i in range(ln.number, end + 1)))) < len(want) - 2
                ):
                    end += 1
                heads.append((ln.number, end, normalise(text) if end == last else title))
                cursor = end + 1
                break
    return heads


def _head_metadata(src: SourceText, after: int) -> tuple[int, str | None, str | None, str | None]:
    """Date, 文号 and issuer in the few lines under a title: (last head line, ISO date, 文号, issuer)."""
    issued = ident = issuer = None
    last, seen = after, 0
    for i in range(after + 1, min(after + 12, len(src.lines) + 1)):
        text = src.line(i).text
        if not text or src.line(i).noise:
            continue
        seen += 1
        if (m := DATE_LINE.match(text)) or (m := REPORT_DATE.match(text)):
            issued, last = issued or _iso(m), i
        elif m := WENHAO_LINE.match(text):
            ident, last = ident or normalise(m.group(1)), i
        elif ISSUER_LINE.match(text) and issued:
            issuer, last = issuer or normalise(text), i
        elif seen >= 3:
            break
    return last, issued, ident, issuer


def split_documents(src: SourceText) -> list[Span]:
    """Cut a source into document spans and the unclaimed runs between them, in line order.

    A document starts at a title paragraph followed by a date line or a 文号, or at the body
    title of an entry of the source's table of contents (a gazette lists its documents).
    """
    anchors = []
    for ln in src.lines:
        if ln.noise:
            continue
        if m := DATE_LINE.match(ln.text):
            anchors.append((ln.number, "date", m))
        elif m := WENHAO_LINE.match(ln.text):
            anchors.append((ln.number, "wenhao", m))
    groups: list[list] = []
    for a in anchors:
        if groups and a[0] - groups[-1][-1][0] <= _HEAD_GAP:
            groups[-1].append(a)
        else:
            groups.append([a])
    heads: dict[int, tuple[int, str]] = {}  # first line -> (last title line, title)
    for group in groups:
        first_anchor = group[0]
        if first_anchor[1] == "wenhao" and (after := _title_after(src, group[-1][0])):
            heads[first_anchor[0]] = (after[0], normalise(after[1]))
        elif located := _title_before(src, first_anchor[0]):
            heads[located[0]] = (first_anchor[0] - 1, normalise(located[1]))
    for first, last, title in _toc_heads(src):
        if not any(first <= s <= last or s <= first <= end for s, (end, _) in heads.items()):
            heads[first] = (last, title)
    if not heads:
        return [whole_source(src)]
    starts = sorted(heads)
    spans: list[Span] = []
    cursor = 1
    for n, start in enumerate(starts):
        title_end, title = heads[start]
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(src.lines)
        if start > cursor:
            spans.append(Span(src, cursor, start - 1))
        head_end, issued, ident, issuer = _head_metadata(src, title_end)
        if ident is None:  # a 文号 printed above the title (文号 first, then the heading)
            ident = next(
                (
                    normalise(m.group(1))
                    for i in range(start, title_end + 1)
                    if (m := WENHAO_LINE.match(src.line(i).text))
                ),
                None,
            )
        if issued is None:  # else the date it was printed (印发), at its end
            issued = next((_iso(m) for i in range(start, end + 1) if (m := PRINTED.match(src.line(i).text))), None)
        quote = "".join(src.line(i).text for i in range(start, head_end + 1) if src.line(i).text)
        record = DocumentRecord(
            key=ident or (f"{title}|{issued}" if issued else title),
            title=title,
            kind="document",
            identifier=ident,
            issued=issued,
            issuer=issuer_before(title) or issuer,
            district=src.meta.district,
            last_line=end,
            excerpt=Excerpt(source=src.path, line_start=start, line_end=head_end, quote=quote),
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
    title = normalise(src.meta.title)
    record = DocumentRecord(
        key=f"{title}|{issued}" if issued else title,
        title=title,
        kind="document",
        issued=issued,
        issuer=src.meta.issuer,
        district=src.meta.district,
        last_line=len(src.lines),
        excerpt=Excerpt(
            source=src.path, line_start=first.number, line_end=first.number, quote=first.text or src.meta.title
        ),
    )
    return Span(src, 1, len(src.lines), record)
