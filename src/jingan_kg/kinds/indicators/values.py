"""Values of indicators as documents write them: the record, numbers with their units, periods and roles."""

from __future__ import annotations

import re

from ...records import Excerpt, Record
from ...text import normalise, strip_markup


class ValueRecord(Record):
    """A target or an outcome of an indicator, as a document states it."""

    document: str
    indicator: str  # the indicator's name as written (normalised)
    role: str  # "target" | "outcome"
    period: str  # "2022", "2026-2030", "2025"
    value: str  # as written: "1750亿元", "5%左右", "与全市保持同步"
    numeric: str | None = None  # the one number in the value, as a decimal string
    unit: str | None = None  # unit of the value or of the indicator column (亿元, %, 件 …)
    indicator_unit: str | None = None  # unit given for the indicator (table column 单位)
    indicator_kind: str | None = None  # 预期性 / 约束性 where the table says
    industry: str | None = None  # for tax outcomes of an industry
    area: str | None = None  # for tax outcomes of an area or belt
    preliminary: bool = False  # marked *, 预计 or 初步: an estimate, the official figure comes later
    bodies: tuple[str, ...] = ()  # the bodies a table's 责任部门 cell names for the figure, as written
    excerpt: Excerpt


# --- numbers and units ------------------------------------------------------------------

# A number: 1,234.5 with thousands commas, or plain 12 / 0.006.
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MINUS = "-−－"
_MEASURES = [  # measure words; 万/亿/千/百 may precede any of them
    "平方公里",
    "平方米",
    "微克/立方米",
    "人/亿元",
    "美元",
    "元",
    "人次",
    "个百分点",
    "套(间)",
    "个(次)",
    "人",
    "户",
    "家",
    "个",
    "项",
    "件",
    "台",
    "张",
    "套",
    "间",
    "幅",
    "条",
    "所",
    "座",
    "处",
    "场次",
    "片",
    "期",
    "分",
    "批次",
    "吨/日",
    "支",
    "类",
    "客",
    "场",
    "起",
    "份",
    "具",
    "次",
    "批",
    "吨",
    "千瓦",
    "兆瓦",
    "辆",
    "名",
    "位",
    "床",
    "栋",
    "幢",
    "亩",
    "公顷",
    "公里",
    "倍",
    "%",
    "‰",
]
# A measure word after a number: optional multiplier (万, 亿 …), then the longest word that fits.
_UNIT_BODY = r"[万亿千百]?(?:" + "|".join(re.escape(m) for m in sorted(_MEASURES, key=len, reverse=True)) + ")"
UNIT = re.compile(rf"\s*({_UNIT_BODY})")
_RANGE_END = re.compile(r"\s*[-~—–至]\s*\d+(?:\.\d+)?")
_BRACKET_UNIT = re.compile(r"\s*[(（]\s*([^()（）]{1,8}?)\s*[)）]\s*$")  # "税收总收入（亿元）"
_NAME_MARKS = re.compile(r"[*＊※]+")  # "外贸进出口总额*": a note mark, not part of the name


def numbers(value: str) -> list[str]:
    """Every number in a value as a decimal string, with its sign when a minus stands before it."""
    out = []
    for m in NUMBER.finditer(value):
        text = m.group().replace(",", "")
        before = value[: m.start()].rstrip()
        if before.endswith(tuple(_MINUS)) and not re.search(r"[\d%]$", before[:-1].rstrip()):
            text = "-" + text  # "-1.9%": a sign; "80-100": a range, two numbers
        out.append(text)
    return out


def numeric(value: str) -> str | None:
    """The value's number when it holds exactly one, else None ("与全市保持同步", "2-3%")."""
    found = numbers(value)
    return found[0] if len(found) == 1 else None


_FALL = re.compile(r"(?:下降|降低|减少|回落|负增长)\s*[\d.]")
_RISE = re.compile(r"(?:增长|上升|提高|增加|上涨)\s*[\d.]")
_DECLINE_RATE = re.compile(r"(?:下降|降低|减少)(?:率|幅度)$")  # 单位增加值能耗下降率: a decline, counted up


def signed(value: str, indicator: str) -> str | None:
    """The value's number with the sign its words give, read against what the indicator counts.

    On a rate of growth, "下降2%" is -2; on a rate of decline (…下降率), "下降2.86%" is 2.86 and
    "增长5%" is -5 (energy intensity rose: the decline was negative), never +5.
    """
    n = numeric(value)
    if n is None or n.startswith("-"):
        return n
    falls = bool(_FALL.search(value))
    rises = bool(_RISE.search(value)) and not falls
    if not (falls or rises):
        return n
    negative = rises if _DECLINE_RATE.search(indicator) else falls
    return "-" + n if negative else n


def value_unit(value: str) -> str | None:
    """The measure word right after the value's first number ("1750亿元" → 亿元)."""
    m = NUMBER.search(value)
    if not m:
        return None
    end = m.end()
    if r := _RANGE_END.match(value, end):
        end = r.end()  # "2-3%": the unit follows the range's second number
    u = UNIT.match(value, end)
    return u.group(1) if u else None


def clean_name(text: str) -> str:
    """An indicator or row name as written, without footnote, markdown and * marks."""
    return normalise(_NAME_MARKS.sub("", strip_markup(text)))


# --- periods ----------------------------------------------------------------------------

_CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
FYP = re.compile(r"十([一二三四五六七八九])五")  # the Nth five-year plan, N = 11..19


def fyp_period(n: int) -> str:
    """The years of the Nth five-year plan (the 3rd began in 1966, each later one 5 years on)."""
    start = 1966 + 5 * (n - 3)
    return f"{start}-{start + 4}"


def period_in(text: str) -> str | None:
    """The period a header or caption names: a year range, a five-year plan, or one year."""
    text = normalise(text)
    if m := re.search(r"(\d{4})\s*[-~—–至到]\s*(\d{4})\s*年", text):
        return f"{m.group(1)}-{m.group(2)}"
    if m := FYP.search(text):
        return fyp_period(10 + _CN[m.group(1)])
    if m := re.search(r"(\d{4})\s*年", text):
        return m.group(1)
    return None


TARGET_WORDS = ("目标", "预期", "计划")
OUTCOME_WORDS = ("完成", "实际", "执行情况", "实绩", "预计值", "预计数")  # 预计值: the period's estimated outcome


def role_in(text: str) -> str | None:
    """Target or outcome, as a header, caption or heading says (完成 wins: 目标完成情况)."""
    text = normalise(text)
    if any(w in text for w in OUTCOME_WORDS):
        return "outcome"
    if any(w in text for w in TARGET_WORDS):
        return "target"
    return None


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十]+\s*[)）]|第\S{1,3}[章节])")


def is_heading(text: str) -> bool:
    """A section heading: 一、 / （一） / 第一章 lines, or a markdown # line."""
    return bool(_HEADING.match(strip_markup(text).strip())) or text.lstrip().startswith("#")
