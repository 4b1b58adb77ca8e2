"""An industry system such as the (3+3)+(1+3+X) scheme: groups, industries, focus fields.

Recognised by its sentences, not its place: group lines (第1个“3”指的是三大优势产业 /
“X”未来产业赛道，即…) and industry lines (金融服务业主要聚焦资产管理、…等重点领域).
"""

from __future__ import annotations

import re

from ..documents import Span
from ..records import Excerpt, Extraction, IndustryRecord
from ..text import normalise, strip_markup

KIND = "industry-system"

GROUP = re.compile(r"^第\s*\d+\s*个“[0-9X]+”指的是(\S+?)。?$")
SINGLE = re.compile(r"^“[0-9X]+”(?:指的是(?:深化)?(\S+?)[，,]|(\S+?)[，,]即)")
INDUSTRY = re.compile(r"^(\S{2,16}?(?:产业赛道|产业|业))主要(?:是)?(?:重点)?(?:聚焦|瞄准)")
FOCUS = re.compile(r"(?:聚焦|瞄准|布局)(.+?)等(?:重点)?(?:领域|方向|未来产业赛道|产业)")
_SPLIT = re.compile(r"[、，,]|和(?=\S{2,})")


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
    return groups >= 1 and industries >= 2


def extract(span: Span) -> Extraction:
    """Each group, the industries under it, and the focus fields each names."""
    out: list[IndustryRecord] = []
    group: str | None = None
    src = span.source.path
    for ln, text in _lines(span):
        ex = Excerpt(source=src, line_start=ln.number, line_end=ln.number, quote=strip_markup(ln.text).strip())
        if m := GROUP.match(text):
            group = m.group(1)
            out.append(IndustryRecord(label=group, role="group", excerpt=ex))
        elif m := SINGLE.match(text):
            label = m.group(1) or m.group(2)
            out.append(IndustryRecord(label=label, role="group", excerpt=ex))
            out += [IndustryRecord(label=f, role="focus", broader=label, excerpt=ex) for f in _focus(text)]
            group = None
        elif (m := INDUSTRY.match(text)) and group:
            label = m.group(1)
            out.append(IndustryRecord(label=label, role="industry", broader=group, excerpt=ex))
            out += [IndustryRecord(label=f, role="focus", broader=label, excerpt=ex) for f in _focus(text)]
    return Extraction(industries=tuple(out))
