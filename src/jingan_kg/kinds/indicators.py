"""Targets and outcomes of indicators: indicator tables, tax breakdown tables, prose targets.

Tables. A table is a run of TAB-separated lines whose first line is a header with a name
column (指标名称, 名称, 产业名称, 集聚带名称 …) and at least one value column: a column whose
header says target (…目标…) or outcome (完成情况, 实际 …), or names a quantity with its unit
in brackets (税收总收入（亿元）). Unit (单位, 计量单位), kind (属性, 指标属性) and group (类别,
序号) columns qualify the row. The caption is the text line just above the header (表1 …, or
a title such as 静安区“十五五”时期经济社会发展主要指标). A table goes on over blank lines and
page headers; a repeated header (a table split over a page break) is skipped; a line without
the header's number of cells is reported (table-row-not-parsed) and the rest is still read.
Tables of narrative cells (HTML lists, long text) are not indicator tables and are left alone.

Role and period of a value column come from, first found: its header (2022年目标, “十五五”
目标值), the caption (表 1 2022 年…完成情况), the nearest heading above that names a year
(一、2022 年…执行情况), the document title (…2022年…执行情况与2023年…计划草案…). The Nth
five-year plan covers 1966+5(N-3) to four years later: “十五五” is 2026-2030.

Values. `value` is the cell or phrase as written, normalised; `numeric` is its number when it
holds exactly one (a sign kept, "80-100" is two); `unit` is the measure word after the first
number (万 and 亿 stay in it: 万平方米, 亿元), else the row's unit cell, else the column's
bracketed unit.

Naming. An indicator is named as its row writes it (normalised, footnote marks and * marks
removed); synonyms across documents (全社会固定资产投资额 / …总额) are resolved later through
data/curated/indicators.yaml (see `load_synonyms`). In a breakdown table, whose rows are
industries or areas (产业名称, 集聚带名称 …), each cell is one quantity of one subject, named
row + column quantity: "商贸服务业税收总收入", "南京西路高端服务集聚带占全区总税收比重", with
`industry` or `area` set to the row as written; its total row (合计) is named from the header's
subject, "产业合计税收总收入", with neither set. The same rule serves every year, so one
industry's tax revenue is one indicator across reports.

Prose. A prose target is a quantity (number + measure word) inside the reach of a horizon
phrase: 至/到 2025年, 2025年底前, 2023-2025年, “十四五”期间, or 今年/明年 in a sentence that
plans (将, 力争, 目标 …). A horizon reaches from where it stands to the end of its sentence;
one that opens a paragraph ("今年，…") reaches the whole paragraph. Period: the year given;
the range given ("2023-2025"); the plan's whole period for “十X五”期间, as the plan's own table
does ("2021-2025"); the document's year for 今年. A horizon that ended before the document's
year is retrospective: its numbers are not targets. Sentences with no horizon (a plan
report's 全年… tasks) are not read: their year comes only from the section, and the report's
table states the targets. A quantity is tied to the words before it (全区高新技术企业超过800家
→ 高新技术企业, "超过800家"), or, after an action verb, to the verb and the words after it
(新增20家独角兽和隐形冠军企业 → 新增独角兽和隐形冠军企业); "X增长5%" names X增长率. A
quantity in reach that cannot be tied is reported (prose-target-untied), never guessed.

Issues: table-row-not-parsed (a row without the header's cells, or split over lines),
table-cell-empty, table-period-unknown (no header, caption or heading dates a value column),
prose-target-untied. Each names the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.documents import DATE_LINE, Span
from ..records import Excerpt, Extraction, Issue, ValueRecord
from ..ingest.sources import Line
from ..text import key, normalise, strip_markup

KIND = "indicators"

# --- numbers and units ------------------------------------------------------------------

# A number: 1,234.5 with thousands commas, or plain 12 / 0.006.
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MINUS = "-−－"
_MEASURES = [  # measure words; 万/亿/千/百 may precede any of them
    "平方公里", "平方米", "微克/立方米", "人/亿元", "美元", "元", "人次", "个百分点", "套(间)", "个(次)",
    "人", "户", "家", "个", "项", "件", "台", "张", "套", "间", "幅", "条", "所", "座", "处", "场", "次",
    "批", "吨", "千瓦", "兆瓦", "辆", "名", "位", "床", "栋", "幢", "亩", "公顷", "公里", "倍", "%", "‰",
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
OUTCOME_WORDS = ("完成", "实际", "执行情况", "实绩")


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


# --- tables -----------------------------------------------------------------------------


@dataclass
class Row:
    """One table line: its number, its cells (stripped) and the line as written."""

    line: int
    cells: list[str]
    quote: str


@dataclass
class Table:
    """A TAB table: caption, header, data rows, and lines that could not be read as rows."""

    header: list[str]
    header_line: int
    caption: str | None = None
    caption_line: int | None = None
    rows: list[Row] = field(default_factory=list)
    broken: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def cells_of(ln: Line) -> list[str]:
    """A table line's cells; leading tabs are kept (an empty first cell is a merged 类别)."""
    return [c.strip() for c in ln.raw.rstrip("\r\n ").split("\t")]


def is_row(ln: Line) -> bool:
    """A line of a TAB table (page headers and blank lines are not)."""
    return not ln.noise and "\t" in ln.raw and bool(ln.text)


def is_header(cells: list[str]) -> bool:
    """A header row: some cell is a name column (…名称, 指标) and no cell holds a number."""
    names = [key(c) for c in cells]
    return (len(cells) >= 2 and any(n.endswith("名称") or n == "指标" for n in names)
            and not any(NUMBER.search(n) and not period_in(n) for n in names))


def _caption(lines: list[Line], i: int) -> tuple[int, str] | None:
    """The text line just above a header (blank lines and page headers between), if short."""
    j = i - 1
    while j >= 0 and (not lines[j].text or lines[j].noise):
        j -= 1
    if j < 0 or is_row(lines[j]):
        return None
    text = strip_markup(lines[j].text).strip()
    if len(text) > 60 or text.endswith("。") or DATE_LINE.match(text):
        return None  # a paragraph or the document's date line, not a caption
    return lines[j].number, text


def read_tables(span: Span) -> list[Table]:
    """Every TAB table of a span that starts with a header, rows gathered over page breaks."""
    lines = span.lines()
    tables, i = [], 0
    while i < len(lines):
        ln = lines[i]
        if not (is_row(ln) and is_header(cells_of(ln))):
            i += 1
            continue
        table = Table(header=cells_of(ln), header_line=ln.number)
        if cap := _caption(lines, i):
            table.caption_line, table.caption = cap
        i = _read_rows(lines, i + 1, table)
        tables.append(table)
    return tables


def _read_rows(lines: list[Line], i: int, table: Table) -> int:
    """Add the rows from line index i on to the table; return the index where it ends."""
    width, header_key = len(table.header), [key(c) for c in table.header]
    previous_row = True  # the line before is a row of this table (nothing in between)
    last_short = False
    while i < len(lines):
        ln = lines[i]
        if is_row(ln):
            cells = cells_of(ln)
            if [key(c) for c in cells] == header_key:
                pass  # the header repeated after a page break
            elif is_header(cells):
                return i  # another table starts
            else:
                table.rows.append(Row(ln.number, cells, ln.raw.strip()))
                last_short = len(cells) != width
            previous_row = True
        elif ln.noise or not ln.text:
            previous_row = False
        else:
            after = lines[i + 1] if i + 1 < len(lines) else None
            if previous_row and (last_short or (after is not None and is_row(after))):
                # a row's continuation on a line of its own: the row is split over lines, not read
                if table.rows and table.rows[-1].line == ln.number - 1:
                    row = table.rows.pop()
                    table.broken.append((row.line, f"row continues on line {ln.number} without cells: "
                                                   f"{row.quote[:40]!r} + {ln.text[:20]!r}"))
                table.broken.append((ln.number, f"a line inside the table without cells: {ln.text[:40]!r}"))
                previous_row, last_short = True, True
            else:
                return i
        i += 1
    return i


_GROUP_COLS = ("类别", "序号", "编号", "分类", "领域", "类型")
_UNIT_COLS = ("计量单位", "单位")
_KIND_COLS = ("指标属性", "属性", "性质")
_TOTAL_ROWS = ("合计", "总计", "小计")
_NARRATIVE = re.compile(r"<\s*(?:ul|li|p|br)\b|●")
_INDUSTRY_SUBJECTS = ("产业", "行业")
_AREA_SUBJECTS = ("集聚带", "功能区", "片区", "区域", "地区", "街道", "街镇", "板块", "商圈")


@dataclass
class Column:
    """A value column: its index, role, period, and for breakdown tables its quantity and unit."""

    index: int
    role: str | None
    period: str | None
    quantity: str
    unit: str | None


def _column_kind(header: str) -> str:
    """What a header cell makes its column: name, group, unit, kind or value."""
    k = key(header)
    if k.endswith("名称") or k == "指标":
        return "name"
    if k in _GROUP_COLS:
        return "group"
    if k in _UNIT_COLS:
        return "unit"
    if k in _KIND_COLS or k.endswith("属性"):
        return "kind"
    return "value"


def _heading_context(span: Span, before: int) -> tuple[str | None, str | None]:
    """(role, period) of the nearest heading above a line that names a year."""
    for ln in reversed(span.lines()[: before - span.first]):
        if ln.text and not ln.noise and is_heading(ln.text) and (p := period_in(ln.text)):
            return role_in(ln.text), p
    return None, None


def _title_period(span: Span, role: str | None) -> str | None:
    """From a plan report's title: the year before 执行情况 (outcomes), after 与 (targets)."""
    title = normalise(span.document.title) if span.document else ""
    if role == "outcome" and (m := re.search(r"(\d{4})年[^与]*?执行情况", title)):
        return m.group(1)
    if role == "target" and (m := re.search(r"与(\d{4})年", title)):
        return m.group(1)
    return None


def _columns(span: Span, table: Table) -> list[Column]:
    """The value columns with the role and period each one's header, caption or section gives."""
    cols = []
    h_role, h_period = _heading_context(span, table.header_line)
    for idx, head in enumerate(table.header):
        if _column_kind(head) != "value":
            continue
        text = normalise(head)
        bracket = _BRACKET_UNIT.search(text)
        own_role = role_in(head)
        if own_role is None and bracket is None and period_in(head) is None:
            continue  # neither a target/outcome nor a quantity column: 主要成效, 备注 …
        role = own_role or role_in(table.caption or "") or h_role
        period = period_in(head) or period_in(table.caption or "") or h_period or _title_period(span, role)
        unit = normalise(bracket.group(1)) if bracket else None
        cols.append(Column(idx, role, period, clean_name(text[: bracket.start()]) if bracket else "", unit))
    return cols


def _narrative(table: Table, cols: list[Column]) -> bool:
    """Cells of lists or long text: a table of achievements or tasks, not of values."""
    cells = [r.cells[c.index] for r in table.rows for c in cols if c.index < len(r.cells)]
    long = sum(1 for c in cells if _NARRATIVE.search(c) or len(c) > 60)
    return bool(cells) and long * 2 > len(cells)


def _subject(table: Table) -> str | None:
    """What a breakdown table's rows are (产业, 集聚带 …); None for a table of indicators."""
    for head in table.header:
        k = key(head)
        if k.endswith("名称"):
            subject = k[: -len("名称")]
            return None if subject in ("", "指标") else subject
    return None


def table_values(span: Span, table: Table) -> tuple[list[ValueRecord], list[Issue]]:
    """The ValueRecords of one table, one per value cell, and the issues of its rows."""
    src = span.source.path
    cols = _columns(span, table)
    if not cols or not table.rows or _narrative(table, cols):
        return [], []
    issues = [Issue(source=src, line=n, code="table-row-not-parsed", reason=why) for n, why in table.broken]
    unknown = [c for c in cols if c.role is None or c.period is None]
    for c in unknown:
        issues.append(Issue(source=src, line=table.header_line, code="table-period-unknown",
                            reason=f"column {table.header[c.index]!r}: neither header, caption nor section "
                                   "says whether it holds targets or outcomes, and for which period"))
    cols = [c for c in cols if c not in unknown]
    kinds = [_column_kind(h) for h in table.header]
    name_col = kinds.index("name")
    unit_col = kinds.index("unit") if "unit" in kinds else None
    kind_col = kinds.index("kind") if "kind" in kinds else None
    subject = _subject(table)
    width = len(table.header)
    out = []
    for row in table.rows:
        if len(row.cells) != width:
            issues.append(Issue(source=src, line=row.line, code="table-row-not-parsed",
                                reason=f"{len(row.cells)} cells where the header has {width}: "
                                       f"{row.quote[:40]!r}"))
            continue
        name = clean_name(row.cells[name_col])
        if not name:
            issues.append(Issue(source=src, line=row.line, code="table-row-not-parsed",
                                reason=f"no name in the name column: {row.quote[:40]!r}"))
            continue
        ind_unit = normalise(row.cells[unit_col]) or None if unit_col is not None else None
        ind_kind = normalise(row.cells[kind_col]) or None if kind_col is not None else None
        for col in cols:
            cell = normalise(row.cells[col.index])
            if not cell:
                issues.append(Issue(source=src, line=row.line, code="table-cell-empty",
                                    reason=f"{name}: no value under {table.header[col.index]!r}"))
                continue
            extra = _subject_fields(subject, name, col)
            out.append(ValueRecord(
                document=span.document_key, indicator=extra.pop("indicator"), role=col.role, period=col.period,
                value=cell, numeric=numeric(cell), unit=value_unit(cell) or ind_unit or col.unit,
                indicator_unit=ind_unit or col.unit, indicator_kind=ind_kind, **extra,
                excerpt=Excerpt(source=src, line_start=row.line, line_end=row.line, quote=row.quote)))
    return out, sorted(issues, key=lambda i: i.line or 0)


def _subject_fields(subject: str | None, name: str, col: Column) -> dict:
    """Indicator name and industry/area of a cell: the row itself, or row + column quantity."""
    if subject is None:
        return {"indicator": name}
    total = name in _TOTAL_ROWS
    label = subject + name if total else name
    fields: dict = {"indicator": label + col.quantity}
    if not total and any(s in subject for s in _INDUSTRY_SUBJECTS):
        fields["industry"] = name
    elif not total and any(s in subject for s in _AREA_SUBJECTS):
        fields["area"] = name
    return fields


# --- prose ------------------------------------------------------------------------------

# Horizons, on normalised text (NFKC: "，" is "," there).
_H_UNTIL = re.compile(r"(?:截至|截止到?|至|到)(\d{4})年(?:底|末)?(?!\d{1,2}月)")  # 到2025年, not 至2026年12月31日
_H_BEFORE = re.compile(r"(\d{4})年(?:底|末)?前(?![一二三四五六七八九十\d]+个?(?:季度|月))")  # 2025年底前, not 年前三季度
_H_RANGE = re.compile(r"(\d{4})\s*[-~—–至到]\s*(\d{4})年")  # 2023-2025年
_H_PLAN = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(期间|时期|末)")  # “十四五”期间
_H_RELATIVE = re.compile(r"今年|明年|去年|上年")
_SHIFT = {"今年": 0, "明年": 1, "去年": -1, "上年": -1}
_PLANS = re.compile(r"将|力争|计划|目标|争取|预计|要")  # a sentence about what is to be done

# A quantity: comparator, number or range, measure word, qualifier ("超过800家", "1-2家", "5%左右").
QUANTITY = re.compile(
    r"(?P<cmp>超过|超|突破|不少于|不低于|不超过|逾|增长|下降|提高|降低)?"
    r"(?P<num>\d+(?:\.\d+)?(?:\s*[-~—–至]\s*\d+(?:\.\d+)?)?)"
    rf"(?P<unit>{_UNIT_BODY})(?P<tail>以上|以下|以内|左右|多)?")
# Words before a name that are not part of it: the subject, time and manner ("全区", "将", "力争").
_SUBJECT = re.compile(r"^(?:全区|全年|年内|静安区将|静安区|全市|我区|区内|并|将|力争|确保|累计|共|大力|积极|着力|"
                      r"进一步|持续|同时|其中|另外|此外)+")
_FILLER = re.compile(r"^(?:完成|实现|达到)")  # "完成旧住房综合改造面积达…": the name is the quantity noun
_LINK = re.compile(r"(?:达到|达|为|增至|提高到|提升至|提升到|保持在|控制在|稳定在|保持)$")  # between name and number
_VERBS = sorted(("新增", "新建", "新引进", "引进", "建设", "打造", "培育", "启动", "实施", "改造", "改建", "扩建",
                 "翻建", "提供", "开工", "竣工", "完成", "推进", "建成", "设立", "举办", "开展", "筹措", "供应",
                 "认定", "新认定", "创建", "布局", "组织", "培训", "帮助", "招引", "集聚", "吸引", "建立"),
                key=len, reverse=True)
_GENERIC = {"方面", "领域", "项目", "类", "批", "等"}
_CLAUSE = re.compile(r"[;:]|(?<!\d),|,(?!\d{3})")  # clause breaks; "10,000" keeps its comma
_CLOSED = ("。", "！", "？", "!", "?", "”", "；", ";")


@dataclass
class Horizon:
    """Where a horizon phrase stands in a sentence, the period it gives, and whether it sets targets."""

    at: int
    end: int
    period: str
    targets: bool  # False for a horizon already past, or 今年 in a sentence that does not plan


def _horizons(sentence: str, year: int | None) -> list[Horizon]:
    """Every horizon phrase of a normalised sentence, in order, each read once."""
    found = []  # (start, end, first year, last year, sets targets: None = unless already past)
    found += [(m.start(), m.end(), m.group(1), m.group(2), None) for m in _H_RANGE.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(1), m.group(1), None) for m in _H_UNTIL.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(1), m.group(1), None) for m in _H_BEFORE.finditer(sentence)]
    for m in _H_PLAN.finditer(sentence):
        first, last = fyp_period(10 + _CN[m.group(1)]).split("-")
        found.append((m.start(), m.end(), last if m.group(2) == "末" else first, last, None))
    plans = bool(_PLANS.search(sentence))
    for m in _H_RELATIVE.finditer(sentence):
        shift = _SHIFT[m.group()]
        y = str(year + shift) if year is not None else "?"
        # 去年 is the past; 今年 sets targets only in a sentence that plans ("今年，…将…") of a dated document
        found.append((m.start(), m.end(), y, y, shift >= 0 and plans and year is not None))
    out: list[Horizon] = []
    for at, end, first, last, sets in sorted(found, key=lambda f: (f[0], -f[1])):
        if out and at < out[-1].end:
            continue  # "到2025年底前", "2023至2025年": one phrase matched twice
        period = first if first == last else f"{first}-{last}"
        targets = sets if sets is not None else (year is None or int(last) >= year)
        out.append(Horizon(at, end, period, targets))
    return out


@dataclass
class Paragraph:
    """A paragraph's text (markup stripped) and, for each of its characters, the line it is on."""

    text: str = ""
    lines: list[int] = field(default_factory=list)

    def add(self, number: int, text: str) -> None:
        """Append one line's text."""
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


def _sentences(p: Paragraph) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, ending at 。！？."""
    out, start = [], 0
    for i, ch in enumerate(p.text):
        if ch in "。！？!?":
            out.append((start, i + 1))
            start = i + 1
    if p.text[start:].strip():
        out.append((start, len(p.text)))
    return out


def _document_year(span: Span) -> int | None:
    """The year the document was issued (for 今年, and to tell horizons already past)."""
    for d in (span.document.issued if span.document else None, span.source.meta.date):
        if d and re.match(r"\d{4}", d):
            return int(d[:4])
    return None


def _opening(sentence: str, horizons: list[Horizon]) -> Horizon | None:
    """A horizon that is the whole first clause of a sentence ("今年，…", "到2030年，…")."""
    parts = _CLAUSE.split(sentence, maxsplit=1)
    if horizons and len(parts) == 2 and horizons[0].at == 0 and horizons[0].end == len(parts[0]):
        return horizons[0]
    return None


def _clauses(sentence: str, horizons: list[Horizon], opening: Horizon | None):
    """Each clause of a sentence (horizon words removed) with the horizon in force there."""
    at = 0
    for clause in _CLAUSE.split(sentence.rstrip("。!?")):
        end = at + len(clause)
        before = [h for h in horizons if h.at < end]
        yield _strip_horizon(clause), before[-1] if before else opening
        at = end + 1


def _strip_horizon(clause: str) -> str:
    """A clause without its horizon words, so that they are not read as part of a name."""
    for pattern in (_H_RANGE, _H_UNTIL, _H_BEFORE, _H_PLAN):
        clause = pattern.sub("", clause)
    return re.sub(r"^(?:今年|明年)", "", clause).strip()


def _segments(clause: str) -> list[str]:
    """A clause cut at 、 between quantities; a part with no quantity joins the next (a list of names)."""
    parts, pending = [], ""
    for part in clause.split("、"):
        pending = f"{pending}、{part}" if pending else part
        if QUANTITY.search(part):
            parts.append(pending)
            pending = ""
    if pending and parts:
        parts[-1] += "、" + pending
    return parts


def _verb_of(pre: str) -> str | None:
    """The action verb a phrase ends with, if any (新增, 打造 …)."""
    return next((v for v in _VERBS if pre.endswith(v)), None)


@dataclass
class Tie:
    """A prose quantity and the indicator name it is tied to (None: it could not be tied)."""

    name: str | None
    quantity: re.Match

    @property
    def value(self) -> str:
        """The quantity as written, normalised ("超过100家")."""
        return normalise(self.quantity.group())


def _tie(seg: str, verb: str | None = None) -> list[Tie]:
    """Tie a segment's quantity to a name: the words before it, or the action verb and the words after."""
    found = list(QUANTITY.finditer(seg))
    if len(found) == 2 and (m := re.search("和|及", seg[found[0].end(): found[1].start()])):
        cut = found[0].end() + m.start()  # "启动10幅…地块和7个…项目": two quantities, one verb
        head = _SUBJECT.sub("", seg[: found[0].start()].strip())
        return _tie(seg[:cut], verb) + _tie(seg[cut + 1:], _verb_of(head) or verb)
    if len(found) != 1:
        return [Tie(None, q) for q in found]
    q = found[0]
    pre = _LINK.sub("", _SUBJECT.sub("", seg[: q.start()].strip())).strip()
    post = re.sub(r"(?:的?目标|等)$", "", seg[q.end():].strip()).strip()
    if not post:
        name = _FILLER.sub("", pre)
    elif v := _verb_of(pre):
        name = v + post
    elif not pre:
        name = (verb or "") + post
    else:
        name = None  # words on both sides and no verb: nothing says which is the indicator
    if name and q.group("cmp") in ("增长", "下降", "提高", "降低") and q.group("unit") == "%" \
            and not re.search("(率|速|比例|比重|占比)$", name):
        name += q.group("cmp") + "率"  # 地区生产总值增长5% is a value of 地区生产总值增长率
    name = clean_name(name) if name else None
    if name and (len(name) < 2 or len(name) > 30 or name in _GENERIC or not re.search(r"[\u4e00-\u9fff]", name)):
        name = None
    return [Tie(name, q)]


def _line_of(p: Paragraph, start: int, end: int, quantity: str) -> int:
    """The line of a sentence that holds a quantity (else the sentence's first line)."""
    want = key(quantity)
    for number in dict.fromkeys(p.lines[start:end]):
        chunk = "".join(ch for ch, n in zip(p.text[start:end], p.lines[start:end]) if n == number)
        if want in key(chunk):
            return number
    return p.lines[start]


def prose_values(span: Span) -> tuple[list[ValueRecord], list[Issue]]:
    """Targets stated in prose within a horizon's reach; quantities that cannot be tied become issues."""
    src, year = span.source.path, _document_year(span)
    out, issues = [], []
    for p in paragraphs(span):
        opening: Horizon | None = None
        for n, (s, e) in enumerate(_sentences(p)):
            raw = p.text[s:e]
            sentence = normalise(raw)
            horizons = _horizons(sentence, year)
            if n == 0:
                opening = _opening(sentence, horizons)  # "今年，…" reaches the whole paragraph
            for clause, horizon in _clauses(sentence, horizons, opening):
                if horizon is None or not horizon.targets:
                    continue
                for seg in _segments(clause):
                    for tie in _tie(seg):
                        if tie.name is None:
                            issues.append(Issue(
                                source=src, line=_line_of(p, s, e, tie.quantity.group()), code="prose-target-untied",
                                reason=f"{tie.value!r} (for {horizon.period}) is tied to no named indicator "
                                       f"in {clause[:40]!r}"))
                            continue
                        first, last = p.lines_of(s, e)
                        out.append(ValueRecord(
                            document=span.document_key, indicator=tie.name, role="target", period=horizon.period,
                            value=tie.value, numeric=numeric(tie.quantity.group("num")),
                            unit=normalise(tie.quantity.group("unit")),
                            excerpt=Excerpt(source=src, line_start=first, line_end=last, quote=raw.strip())))
    return out, issues


# --- the extractor ----------------------------------------------------------------------


def detect(span: Span) -> bool:
    """A span with an indicator table or a prose target."""
    if any(v or i for v, i in (table_values(span, t) for t in read_tables(span))):
        return True
    values, issues = prose_values(span)
    return bool(values or issues)


def extract(span: Span) -> Extraction:
    """Every target and outcome of a span's tables and prose, with the issues found."""
    values, issues = [], []
    for table in read_tables(span):
        v, i = table_values(span, table)
        values += v
        issues += i
    v, i = prose_values(span)
    return Extraction(values=tuple(values + v), issues=tuple(issues + i))


def load_synonyms(path: Path) -> dict[str, str]:
    """data/curated/indicators.yaml as {key(form): label}, for the resolver; a form has one owner."""
    import yaml

    out: dict[str, str] = {}
    for row in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
        for form in row["forms"]:
            k = key(form["name"])
            if out.get(k, row["label"]) != row["label"]:
                raise ValueError(f"{path.name}: {form['name']!r} is a form of both {out[k]!r} and {row['label']!r}")
            out[k] = row["label"]
    return out
