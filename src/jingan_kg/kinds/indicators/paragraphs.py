"""Prose paragraphs of a span: text joined over blank lines and page headers while a sentence is
open, each character's line kept (so a quantity is cited on its line), and their sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...ingest.documents import Span
from ...text import key, strip_markup
from .tables import is_row
from .values import is_heading

_CLOSED = ("。", "！", "？", "!", "?", "”", "；", ";")
_LONG_DIGITS = re.compile(r"[\d,.]{40,}")  # no amount, rate or count is written with 40 digits


@dataclass
class Paragraph:
    """A paragraph's text (markup stripped) and, for each of its characters, the line it is on."""

    text: str = ""
    lines: list[int] = field(default_factory=list)
    _keyed: dict = field(default_factory=dict, repr=False, compare=False)  # (start, end) -> [(line, key)]
    masked: list[int] = field(default_factory=list)  # lines whose over-long digit runs were masked

    def keyed_lines(self, start: int, end: int) -> list[tuple[int, str]]:
        """Each line of the characters start..end with the key of its part, computed once per span."""
        if (start, end) not in self._keyed:
            parts: dict[int, list[str]] = {}
            for ch, n in zip(self.text[start:end], self.lines[start:end], strict=True):
                parts.setdefault(n, []).append(ch)
            self._keyed[(start, end)] = [(n, key("".join(chars))) for n, chars in parts.items()]
        return self._keyed[(start, end)]

    def add(self, number: int, text: str) -> None:
        """Append one line's text; a run of more digits than any quantity has is masked (kept in
        `masked` for a warning): it is no number, and the quantity patterns would take time
        growing with the square of its length."""
        if _LONG_DIGITS.search(text):
            self.masked.append(number)
            text = _LONG_DIGITS.sub(lambda m: "#" * len(m.group()), text)
        self.text += text
        self.lines.extend([number] * len(text))

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line of the characters start..end."""
        return self.lines[start], self.lines[max(end - 1, start)]


def _closed(p: Paragraph) -> bool:
    """A paragraph a blank line ends: its sentence is closed, or it is one short title line."""
    text = p.text.rstrip()
    return text.endswith(_CLOSED) or (len(text) <= 30 and not re.search("[，。；,;]", text))


def paragraphs(span: Span) -> list[Paragraph]:
    """Prose paragraphs, joined over blank lines and page headers while a sentence is open."""
    out: list[Paragraph] = []
    current: Paragraph | None = None
    for ln in span.lines():
        if ln.noise:
            continue
        heading = bool(ln.text) and is_heading(ln.text)
        if is_row(ln) or (heading and "。" not in ln.text):
            current = None  # a table row or a bare heading ends the paragraph and is not prose
        elif not ln.text:
            if current and _closed(current):
                current = None
        else:
            if current is None or heading:  # "（一）标题。正文…": a heading with its text starts a paragraph
                current = Paragraph()
                out.append(current)
            current.add(ln.number, strip_markup(ln.text).strip())
    return out


def sentences(p: Paragraph) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, ending at 。！？."""
    out, start = [], 0
    for i, ch in enumerate(p.text):
        if ch in "。！？!?":
            out.append((start, i + 1))
            start = i + 1
    if p.text[start:].strip():
        out.append((start, len(p.text)))
    return out
