"""Sections of a report: the role (review or plan) and period its headings give the prose under them.

A report reviews one period and plans the next under headings that say so: 一、2025年工作回顾
and 一、2025年国民经济和社会发展规划执行情况 review 2025 (their figures are outcomes); 三、2026年主要
任务 and 二、2026年…主要预期目标 plan 2026 (targets); （一）“十四五”时期…取得新成就 reviews 2021-2025.
A heading is a short line opening with 第X章, 一、 or （一） (a numbered measure with its text is
not a heading). The context of a line is the nearest heading above it, at its level or above, that
names a role (the outermost one: a plan word inside a review's sub-heading, （二）推进“六增计划”,
names a programme, not a plan), with that heading's period or the nearest one below it. A heading
that says it is neither (二、2025年…存在的不足, 关于…的说明) closes the context: its numbers are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ingest.documents import Span
from ...text import normalise, strip_markup
from .values import is_heading, period_in

REVIEW_WORDS = (
    "回顾",
    "执行情况",
    "完成情况",
    "工作成效",
    "工作情况",
    "取得新成就",
    "主要成效",
    "主要成就",
    "进展情况",
)
PLAN_WORDS = ("主要任务", "预期目标", "主要目标", "计划", "安排", "总体要求", "工作要点", "主要措施", "草案")
_NEITHER = ("不足", "存在的问题", "的说明", "风险挑战")  # 存在的不足和原因, 关于…的说明: neither review nor plan
NEITHER = "neither"  # a heading that says its text is neither review nor plan: it reads nothing

_LEVEL = (
    (re.compile(r"^第\S{1,3}[章部]"), 0),
    (re.compile(r"^[一二三四五六七八九十]+\s*、"), 1),
    (re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]"), 2),
)


@dataclass(frozen=True)
class Section:
    """What the headings above a line say: review ("outcome") or plan ("target"), and the period."""

    role: str | None = None
    period: str | None = None


def heading_role(text: str) -> str | None:
    """Review ("outcome") or plan ("target") as a heading says (a review word wins: 主要举措和工作成效
    reviews), NEITHER for a heading that says it is neither (存在的不足), else None."""
    text = normalise(text)
    if any(w in text for w in REVIEW_WORDS):
        return "outcome"
    if any(w in text for w in _NEITHER):
        return NEITHER
    if any(w in text for w in PLAN_WORDS):
        return "target"
    return None


def _level(text: str) -> int | None:
    """The level of a section heading line (0 chapter, 1 一、, 2 （一）), None for other lines."""
    bare = strip_markup(text).strip()
    if len(bare) > 60 or "。" in bare or not is_heading(text):
        return None
    return next((lvl for pattern, lvl in _LEVEL if pattern.match(bare)), None)


def sections(span: Span) -> dict[int, Section]:
    """The section context of every line of a span (line number → Section) that has one."""
    stack: list[tuple[int, str | None, str | None]] = []  # (level, role, period) of the open headings
    out: dict[int, Section] = {}
    for ln in span.lines():
        if ln.text and not ln.noise and (lvl := _level(ln.text)) is not None:
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            text = normalise(strip_markup(ln.text))
            stack.append((lvl, heading_role(text), period_in(text)))
        if section := _context(stack):
            out[ln.number] = section
    return out


def _context(stack: list[tuple[int, str | None, str | None]]) -> Section | None:
    """The outermost heading that names a role gives it (（二）推进“六增计划” under a review is still
    review; 第一章 “十五五”时期是…关键时期 names a period but no role, its （一）…取得新成就 does);
    its period, else the nearest period below it. A heading that says it is neither (存在的不足,
    关于…的说明) closes the context: its numbers are not read."""
    for at, (_, role, period) in enumerate(stack):
        if role == NEITHER:
            return None
        if role is not None:
            if any(r == NEITHER for _, r, _ in stack[at + 1 :]):
                return None
            inner = [p for _, r, p in stack[at + 1 :] if p is not None]
            return Section(role, period or (inner[-1] if inner else None))
    return None
