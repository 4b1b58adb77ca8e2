"""An industry system such as the (3+3)+(1+3+X) scheme: groups, industries, focus fields.

Recognised by its sentences, not its place: group lines (第1个“3”指的是三大优势产业 /
“X”未来产业赛道，即…) and industry lines (金融服务业主要聚焦资产管理、…等重点领域); and
the earlier key-industry system stated in one sentence (“3+3”重点产业体系…商贸服务业、
金融服务业、专业服务业等优势产业…数智产业、文创产业、健康产业等潜能产业).
"""

from __future__ import annotations

import re

from ..ingest.documents import Span
from ..records import Excerpt, Extraction, IndustryRecord
from ..text import normalise, strip_markup

KIND = "industry-system"

SCHEME = re.compile(r"^([(（]?\d\+\d[)）]?\s*\+\s*[(（]?\d\+\d\+X[)）]?\s*现代化产业体系)$")  # (3+3)+(1+3+X)现代化产业体系
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
        groups = [(g.group(2), [x for x in g.group(1).split("、") if x]) for g in GROUP_LIST.finditer(sentence, m.end())]
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
        ex = Excerpt(source=src, line_start=ln.number, line_end=ln.number, quote=strip_markup(ln.text).strip())
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
    return Extraction(industries=tuple(out))
