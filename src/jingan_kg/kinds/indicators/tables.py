"""Indicator tables: rows under a header with a name column and value columns; TAB rows read here.

Tables of other layouts (space-separated rows, one cell per line) are read by `layouts` into
the same `Table` rows and cells; roles, periods and values are decided here, for every layout.

Periods of part of a year. A half-year (or quarter) report's completion column holds figures of
that part of the year, not the year's outcome, and comparing them with the year's target would
be wrong. So an outcome column whose header does not say 年度/全年 gets the period
"<year>-H1" (上半年), "<year>-Q1-Q3" (前三季度) or "<year>-Q1" (一季度) when its header, the
caption, the nearest short heading above or the title says so (表1:上半年主要指标完成情况 →
"2021-H1"); the targets beside it (年度目标) stay the year's ("2021"). The form keeps the
year first, so the question commands order "2021-H1" right after "2021" (its own period: no
gap is computed against the year's target), and jkg:period stays "the year or period" of the
value as the ontology says. A cell that says the indicator is measured only yearly (年度指标)
gives no value: there is no half-year figure to state.

When neither header, caption, heading nor the document's title dates a column, the first short
line of the span that names a year and reads as a report's title does (a web copy's title may
follow its site chrome): the rules of the title, and a title naming one year gives it to both
roles (普陀区2021年上半年…执行情况: 年度目标 → 2021).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...ingest.documents import DATE_LINE, Span
from ...ingest.sources import Line
from ...records import Excerpt, Issue
from ...text import key, normalise, strip_markup
from ..measures import split_bodies
from .values import (
    _BRACKET_UNIT,
    _NAME_MARKS,
    NUMBER,
    UNIT,
    ValueRecord,
    clean_name,
    is_heading,
    period_in,
    role_in,
    signed,
    value_unit,
)

# --- tables -----------------------------------------------------------------------------


@dataclass
class Row:
    """One table row: its first line, its cells (stripped), the row as written, its last line if later."""

    line: int
    cells: list[str]
    quote: str
    last: int | None = None  # a row over several lines (one cell per line) ends here


@dataclass
class Table:
    """A table: caption, header, data rows, and lines that could not be read as rows."""

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
    return (
        len(cells) >= 2
        and any(n.endswith("名称") or n == "指标" for n in names)
        and not any(NUMBER.search(n) and not period_in(n) for n in names)
    )


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
    """Every table of a span that starts with a header, rows gathered over page breaks, in line order.

    TAB tables are read here; space-separated and one-cell-per-line tables by `layouts`, into
    the same rows and cells, on the lines no TAB table holds.
    """
    from .layouts import layout_tables

    lines = span.lines()
    tables, i, taken = [], 0, set()
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
        taken.update(range(ln.number, lines[i - 1].number + 1))
    others = layout_tables(lines, taken)
    return sorted(tables + others, key=lambda t: t.header_line) if others else tables


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
                    table.broken.append(
                        (
                            row.line,
                            f"row continues on line {ln.number} without cells: {row.quote[:40]!r} + {ln.text[:20]!r}",
                        )
                    )
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
_YEARLY_ONLY = re.compile(r"^(?:年度|全年|年底)(?:考核)?指标$")  # "年度指标": no figure before the year ends
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


BODY_COLS = ("部门", "单位", "主体")  # 责任部门, 牵头单位, 责任主体 … (not 计量单位: a unit column)


def is_body_column(header: str) -> bool:
    """A column naming the bodies of each row (责任部门, 牵头单位): no role, period or unit of a value."""
    k = key(header)
    return (
        column_kind(header) == "value"
        and k.endswith(BODY_COLS)
        and not (role_in(k) or period_in(k) or _BRACKET_UNIT.search(k))
    )


def column_kind(header: str) -> str:
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


_TITLE_WORDS = ("计划", "规划", "报告", "执行情况", "纲要", "安排", "要点")


def _title_line_period(span: Span, role: str | None, before: int) -> str | None:
    """From the span's first short line that names a year and reads as a report's title.

    A copy of a web page may open with site chrome, so the document's title is not always its
    first line. The same rules as `_title_period`; a title naming one year gives it to both roles.
    """
    for ln in span.lines()[: before - span.first]:
        text = normalise(strip_markup(ln.text)) if ln.text and not ln.noise and not is_row(ln) else ""
        if (
            not text
            or len(text) > 80
            or text.endswith(("。", "；", ";", "：", ":"))
            or DATE_LINE.match(text)
            or not any(w in text for w in _TITLE_WORDS)
            or not (years := set(re.findall(r"(\d{4})\s*年", text)))
        ):
            continue
        if role == "outcome" and (m := re.search(r"(\d{4})年[^与]*?执行情况", text)):
            return m.group(1)
        if role == "target" and (m := re.search(r"与(\d{4})年", text)):
            return m.group(1)
        return years.pop() if len(years) == 1 else None
    return None


# Parts of a year a report may cover (first match wins: 前三季度 before 一季度).
_PART_OF_YEAR = (("上半年", "H1"), ("前三季度", "Q1-Q3"), ("一季度", "Q1"))
_WHOLE_YEAR = ("年度", "全年", "年初")


def _part_of_year(span: Span, table: Table, head: str, role: str | None) -> str | None:
    """H1, Q1-Q3 or Q1 when a column holds figures of part of a year, not the year's.

    The column's own header decides first (上半年目标); an outcome column whose header does not
    say 年度/全年 is part of a year when the caption, the nearest short heading above or the
    title says so (表1:上半年主要指标完成情况). Targets under such a caption stay the year's.
    """
    own = normalise(head)
    texts = [own]
    if role == "outcome" and not any(w in own for w in _WHOLE_YEAR):
        heading = next(
            (
                ln.text
                for ln in reversed(span.lines()[: table.header_line - span.first])
                if ln.text and not ln.noise and is_heading(ln.text)
            ),
            "",
        )
        title = next(
            (
                ln.text
                for ln in span.lines()[: table.header_line - span.first]
                if ln.text and not ln.noise and not is_row(ln) and len(ln.text) <= 80 and period_in(ln.text)
            ),
            "",
        )
        doc_title = span.document.title if span.document else ""
        texts += [table.caption or "", heading if len(heading) <= 40 else "", title, doc_title]
    for text in texts:
        for word, part in _PART_OF_YEAR:
            if word in normalise(text):
                return part
    return None


def _columns(span: Span, table: Table) -> list[Column]:
    """The value columns with the role and period each one's header, caption or section gives."""
    cols = []
    h_role, h_period = _heading_context(span, table.header_line)
    for idx, head in enumerate(table.header):
        if column_kind(head) != "value":
            continue
        text = normalise(head)
        bracket = _BRACKET_UNIT.search(text)
        own_role = role_in(head)
        if own_role is None and bracket is None and period_in(head) is None:
            continue  # neither a target/outcome nor a quantity column: 主要成效, 备注 …
        role = own_role or role_in(table.caption or "") or h_role
        period = (
            period_in(head)
            or period_in(table.caption or "")
            or h_period
            or _title_period(span, role)
            or _title_line_period(span, role, table.header_line)
        )
        if period and re.fullmatch(r"\d{4}", period) and (part := _part_of_year(span, table, head, role)):
            period = f"{period}-{part}"  # the first half of 2021 is not the year 2021: "2021-H1"
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
    if not cols or _narrative(table, cols):
        return [], []
    issues = [Issue(source=src, line=n, code="table-row-not-parsed", reason=why) for n, why in table.broken]
    if not table.rows:
        return [], issues  # an indicator table none of whose rows could be read: say so
    unknown = [c for c in cols if c.role is None or c.period is None]
    for c in unknown:
        issues.append(
            Issue(
                source=src,
                line=table.header_line,
                code="table-period-unknown",
                reason=f"column {table.header[c.index]!r}: neither header, caption nor section "
                "says whether it holds targets or outcomes, and for which period",
            )
        )
    cols = [c for c in cols if c not in unknown]
    kinds = [column_kind(h) for h in table.header]
    name_col = kinds.index("name")
    unit_col = kinds.index("unit") if "unit" in kinds else None
    kind_col = kinds.index("kind") if "kind" in kinds else None
    body_col = next((i for i, h in enumerate(table.header) if is_body_column(h)), None)
    subject = _subject(table)
    width = len(table.header)
    out = []
    star_note = any(_NAME_MARKS.search(r.cells[name_col]) for r in table.rows if len(r.cells) == width)
    star_note = star_note and _star_note(span)
    for row in table.rows:
        if len(row.cells) != width:
            issues.append(
                Issue(
                    source=src,
                    line=row.line,
                    code="table-row-not-parsed",
                    reason=f"{len(row.cells)} cells where the header has {width}: {row.quote[:40]!r}",
                )
            )
            continue
        name = clean_name(row.cells[name_col])
        if not name:
            issues.append(
                Issue(
                    source=src,
                    line=row.line,
                    code="table-row-not-parsed",
                    reason=f"no name in the name column: {row.quote[:40]!r}",
                )
            )
            continue
        ind_unit = normalise(row.cells[unit_col]) or None if unit_col is not None else None
        if (bracket := _BRACKET_UNIT.search(name)) and UNIT.fullmatch(bracket.group(1)):
            name, ind_unit = name[: bracket.start()], ind_unit or bracket.group(1)  # 全区生产总值(亿元)
        ind_kind = normalise(row.cells[kind_col]) or None if kind_col is not None else None
        starred = star_note and bool(_NAME_MARKS.search(row.cells[name_col]))
        bodies = tuple(normalise(b) for b in split_bodies(row.cells[body_col])) if body_col is not None else ()
        for col in cols:
            cell = normalise(row.cells[col.index])
            if _YEARLY_ONLY.match(cell):
                continue  # measured only yearly: the cell says there is no value yet, it is none
            if not cell:
                issues.append(
                    Issue(
                        source=src,
                        line=row.line,
                        code="table-cell-empty",
                        reason=f"{name}: no value under {table.header[col.index]!r}",
                    )
                )
                continue
            extra = _subject_fields(subject, name, col)
            indicator = extra.pop("indicator")
            out.append(
                ValueRecord(
                    document=span.document_key,
                    indicator=indicator,
                    role=col.role,
                    period=col.period,
                    value=cell,
                    numeric=signed(cell, indicator),
                    unit=value_unit(cell) or ind_unit or col.unit,
                    indicator_unit=ind_unit or col.unit,
                    indicator_kind=ind_kind,
                    preliminary=col.role == "outcome" and (starred or bool(_ESTIMATE.search(table.header[col.index]))),
                    bodies=bodies,
                    **extra,
                    excerpt=Excerpt(source=src, line_start=row.line, line_end=row.last or row.line, quote=row.quote),
                )
            )
    return out, sorted(issues, key=lambda i: i.line or 0)


_STAR_NOTE = re.compile(r"[*＊※].{0,20}(?:初步|预计)")  # 注：标*的指标2022年完成情况为初步预计数
_ESTIMATE = re.compile("预计|初步")  # a column of estimates: 2025年预计值


def _star_note(span: Span) -> bool:
    """The span has a note saying starred rows' figures are preliminary (初步预计数)."""
    return any(ln.text and _STAR_NOTE.search(normalise(ln.text)) for ln in span.lines())


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
