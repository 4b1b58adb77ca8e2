"""Indicator-table layouts besides TAB rows (space-separated rows, one cell per line), read into Tables.

Copies of web pages lose the table markup, and what is left takes one of two shapes:

- space-separated: the header on one line, its cells separated by runs of spaces
  (序号 指标名称 单位 年初目标 全年完成数), then one row per line. A row with one cell fewer than
  the header, whose cell under 单位 is not a unit, has no unit cell ("7 新增跨国公司地区总部 5 5").
  A row whose cells still do not fit (too few, too many, a unit cell that is no unit, a 序号
  cell that is no number) is reported.
- one cell per line: the header as a block of lines that each hold one column name (类别 /
  指标名称 / 年度目标 / 完成情况 / 责任部门), then the cells, one per line, blank lines between or
  not. A row starts at its number: a 序号 cell ("3") followed by a name, or, without a 序号
  column, a numbered name ("3、…"), each number one more than the last (1 again restarts a
  numbered name). A 类别 cell stands once before the first row of its group. A cell that wraps
  over two lines is joined when its second line is plainly a continuation: a measure word after
  a number ("提升4个" / "百分点"), a number after a digitless phrase that expects one ("控制在" /
  "10410人内"). A 责任部门 (or 责任单位 …) cell holds one or more body names, one per line. The
  rest is told by cell shapes: a name's extra lines hold no digit, a value is not a body name,
  a unit is a measure word. A row is read when its lines fit the header in exactly one way;
  else it is reported with the number of ways (none, several).

Either way the header is recognised by its words only (a name column and a target, outcome or
dated column among known column names), never by a file, a line number or a count. A header
repeated after a page break is skipped; another header starts another table. Both produce the
rows and cells the TAB reader produces, so `tables.table_values` reads them all alike.
"""

from __future__ import annotations

import re
from itertools import product

from ...ingest.sources import Line
from ...text import key, normalise
from .tables import BODY_COLS, Row, Table, _caption, column_kind, is_body_column, is_header, is_row
from .values import _BRACKET_UNIT, _UNIT_BODY, NUMBER, is_heading, period_in, role_in, value_unit

# --- header words -----------------------------------------------------------------------

_ORDINAL_COLS = ("序号", "编号")
_TEXT_COLS = ("备注", "说明", "主要成效", "完成进度", "进展情况")


def header_word(cell: str) -> bool:
    """A column name a header is made of: name, group, unit, kind, target/outcome/dated, bodies, notes."""
    k = key(cell)
    if not k or len(k) > 12 or (NUMBER.search(k) and not period_in(k)):
        return False
    if column_kind(k) != "value" or k in _TEXT_COLS or k.endswith(BODY_COLS):
        return True
    return bool(role_in(k) or period_in(k) or _BRACKET_UNIT.search(k))


def _valued(cells: list[str]) -> bool:
    """A header with a name column and a column of targets, outcomes or dated quantities."""
    return is_header(cells) and any(
        column_kind(c) == "value" and (role_in(c) or period_in(c) or _BRACKET_UNIT.search(normalise(c))) for c in cells
    )


_YEAR_CELL = re.compile(r"^\d{4}$")


def header_cells(text: str) -> list[str]:
    """A spaced header's cells; a year split from its words by a space ("2020 年目标值", as PDF copies
    write it) is one cell."""
    cells: list[str] = []
    for cell in text.split():
        if cells and _YEAR_CELL.match(cells[-1]) and cell.startswith("年"):
            cells[-1] += cell
        else:
            cells.append(cell)
    return cells


def spaced_header(ln: Line) -> list[str] | None:
    """A header line whose cells are separated by spaces (no TAB), or None."""
    if ln.noise or is_row(ln):
        return None
    cells = header_cells(ln.text)
    return cells if len(cells) >= 3 and all(header_word(c) for c in cells) and _valued(cells) else None


def cell_header(lines: list[Line], i: int) -> tuple[list[str], int] | None:
    """A header block from index i: one column name per line; (its cells, the index after it)."""
    cells, j, end = [], i, i
    while j < len(lines):
        ln = lines[j]
        if ln.noise or not ln.text:
            j += 1
            continue
        if is_row(ln) or len(ln.text.split()) != 1 or not header_word(ln.text):
            break
        cells.append(ln.text)
        j = end = j + 1
    return (cells, end) if len(cells) >= 3 and _valued(cells) else None


# --- space-separated rows ---------------------------------------------------------------

_UNIT_WORD = rf"(?:{_UNIT_BODY}|百分点|年|月|日|天)"
_UNIT_CELL = re.compile(rf"(?:{_UNIT_WORD})+(?:/(?:{_UNIT_WORD})+)?(?:[(（][^()（）]{{1,4}}[)）])?|[A-Za-z]{{1,6}}")
_NO_UNIT = ("-", "—", "/", "－", "--", "——")
_ORDINAL_CELL = re.compile(r"^(?:\d{1,3}|[(（]\d{1,3}[)）]|[一二三四五六七八九十]{1,3})$")


def unit_cell(text: str) -> bool:
    """A unit as a table's 单位 column writes it: %, 亿元, 亿美元, 场次/年, 万平方米, TEU; or a dash."""
    t = normalise(text)
    return bool(t) and len(t) <= 8 and (t in _NO_UNIT or bool(_UNIT_CELL.fullmatch(t)))


def _spaced_row(ln: Line) -> bool:
    """A line that may be a space-separated row: two or more cells, none of them prose."""
    text = ln.text
    if ln.noise or not text or is_row(ln) or is_heading(text) or text.endswith(("。", "；", ";", "：", ":")):
        return False
    cells = text.split()
    return len(cells) >= 2 and len(text) <= 120 and all(len(c) <= 30 for c in cells)


def _fit_spaced(cells: list[str], kinds: list[str]) -> tuple[list[str], str | None]:
    """A row's cells placed under the header (a missing unit cell left empty), or why they do not fit."""
    width = len(kinds)
    unit = kinds.index("unit") if "unit" in kinds else None
    if unit is not None and len(cells) == width - 1 and unit < len(cells) and not unit_cell(cells[unit]):
        cells = [*cells[:unit], "", *cells[unit:]]
    if len(cells) != width:
        return cells, None  # table_values reports the count
    if unit is not None and cells[unit] and not unit_cell(cells[unit]):
        return cells, f"{cells[unit]!r} under the unit column is not a unit"
    for idx, k in enumerate(kinds):
        if k == "ordinal" and not _ORDINAL_CELL.match(cells[idx]):
            return cells, f"{cells[idx]!r} under the number column is not a number"
    return cells, None


def read_spaced(lines: list[Line], i: int, table: Table) -> int:
    """Add the space-separated rows from line index i on; return the index where the table ends."""
    header_key = [key(c) for c in table.header]
    kinds = _kinds(table.header)
    while i < len(lines):
        ln = lines[i]
        if ln.noise or not ln.text:
            i += 1
            continue
        if not _spaced_row(ln):
            after = next((x for x in lines[i + 1 :] if x.text and not x.noise), None)
            inside = len(ln.text) <= 30 and not is_heading(ln.text) and not ln.text.endswith("。")
            if not (inside and after is not None and _spaced_row(after) and not spaced_header(after)):
                return i
            table.broken.append((ln.number, f"a line inside the table without cells: {ln.text[:40]!r}"))
            i += 1
            continue
        cells = ln.text.split()
        if [key(c) for c in header_cells(ln.text)] == header_key:
            i += 1  # the header repeated after a page break
            continue
        if spaced_header(ln):
            return i  # another table starts
        cells, why = _fit_spaced(cells, kinds)
        if why:
            table.broken.append((ln.number, f"{why}: {ln.text[:40]!r}"))
        else:
            table.rows.append(Row(ln.number, cells, ln.text))
        i += 1
    return i


# --- one cell per line --------------------------------------------------------------------

_NUMBERED = re.compile(r"^(?:(\d{1,3})\s*[、．.](?!\d)|[(（]\s*(\d{1,3})\s*[)）])\s*(?=\S)")
_BARE_NUMBER = re.compile(r"^(\d{1,3})$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A caption, or a note under the table (注: …, 资料来源: …): the cells have ended.
_ENDS_CELLS = re.compile(r"^(?:表\s*\d|附表|[\u4e00-\u9fff]{1,6}\s*[:：])")
_BODY_END = re.compile(
    r"(?:委员会|办公室|人民政府|政府|街道|镇|中心|公司|集团|委|局|办|院|署|所|会|部|处|室|厅|站|队|团)$"
)
_EXPECTS_NUMBER = ("在", "于", "至", "到", "达", "为", "超过", "不低于", "不少于", "不高于", "不超过", "低于", "高于")
_MAX_NAME_LINES = 3
# The second line of a wrapped value: only measure words and a qualifier ("百分点", "人内", "家以上").
_UNIT_TAIL = re.compile(rf"(?:{_UNIT_WORD})+(?:/(?:{_UNIT_WORD})+)?(?:以上|以内|以下|左右|上下|内)?")


def body_cell(text: str) -> bool:
    """One line of a 责任部门 cell: body names (区发改委, 区科委、区金融办), no digits.

    A two-character word must start like a body (区委, 市局): 总部 ends a name, it is no body.
    """
    parts = [p for p in re.split(r"[、，,；;\s]+", normalise(text)) if p]
    return (
        bool(parts)
        and len(text) <= 30
        and all(not re.search(r"\d", p) and _BODY_END.search(p) and (len(p) >= 3 or p[0] in "区市县镇") for p in parts)
    )


def _cell_line(ln: Line) -> bool:
    """A line that may be one cell: short, no TAB, not a sentence, a heading, a caption or a note."""
    t = ln.text
    return (
        not is_row(ln)
        and len(t) <= 40
        and not t.endswith(("。", "；", ";", "：", ":"))
        and "。" not in t
        and not is_heading(t)
        and not _ENDS_CELLS.match(t)
    )


def read_cells(lines: list[Line], i: int, table: Table) -> int:
    """Add the rows of a one-cell-per-line table from line index i on; return where it ends."""
    header_key = [key(c) for c in table.header]
    items: list[Line] = []
    while i < len(lines):
        ln = lines[i]
        if ln.noise or not ln.text:
            i += 1
            continue
        if block := cell_header(lines, i):
            if [key(c) for c in block[0]] != header_key:
                break  # another table starts
            i = block[1]  # the header repeated after a page break
            continue
        if not _cell_line(ln):
            break
        items.append(ln)
        i += 1
    _cell_rows(items, table)
    return i


def _kinds(header: list[str]) -> list[str]:
    """Each header cell's column: ordinal, group, name, unit, kind, value, bodies or text."""
    out = []
    for h in header:
        k, kind = key(h), column_kind(h)
        if kind == "group":
            kind = "ordinal" if k in _ORDINAL_COLS else "group"
        elif kind == "value" and not (role_in(k) or period_in(k) or _BRACKET_UNIT.search(k)):
            kind = "bodies" if is_body_column(h) else "text"
        out.append(kind)
    return out


def _anchors(items: list[Line], by_ordinal: bool) -> list[int]:
    """Indices of the items that start a row: the next number, alone (序号) or before a name."""
    out, expected = [], None
    for n, ln in enumerate(items):
        if by_ordinal:
            m = _BARE_NUMBER.match(ln.text)
            nxt = items[n + 1].text if n + 1 < len(items) else ""
            if not (m and _CJK.search(nxt) and not nxt[:1].isdigit()):
                continue
            number = int(m.group(1))
            ok = expected is None or number == expected
        else:
            m = _NUMBERED.match(ln.text)
            if not (m and _CJK.search(ln.text[m.end() :])):
                continue
            number = int(m.group(1) or m.group(2))
            ok = expected is None or number in (expected, 1)
        if ok:
            out.append(n)
            expected = number + 1
    return out


def _wraps(a: str, b: str) -> bool:
    """Line b continues the cell of line a: a unit after a's number, or a number a expects."""
    if body_cell(b) or _NUMBERED.match(b):
        return False
    if NUMBER.search(a) and _UNIT_TAIL.fullmatch(b):
        return value_unit(a + b) != value_unit(a)
    return not NUMBER.search(a) and a.endswith(_EXPECTS_NUMBER) and b[:1].isdigit()


def _join(parts: list[str]) -> str:
    """A wrapped cell's lines as one cell: joined directly, with a space only between two Latin words."""
    out = ""
    for p in parts:
        out += (
            " " if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum() else ""
        ) + p
    return out


def _group_cell(text: str) -> bool:
    return not re.search(r"\d", text) and not body_cell(text) and not unit_cell(text)


def _counts(kind: str, anchor: bool) -> range:
    """How many cells (lines, wraps joined) a column may take in a row."""
    if kind == "name":
        return range(1, _MAX_NAME_LINES + 1)  # a name wraps most
    if anchor or kind in ("ordinal", "value"):
        return range(1, 2)
    if kind == "bodies":
        return range(0, 6)  # one body name per line
    return range(0, 2)  # group, unit, kind, text: may be left empty


def _fits(kind: str, part: list[str], anchor: bool) -> bool:
    """Whether these cells can be one column's cell in a row (the row's own first line if anchor)."""
    if not part:
        return True
    if kind == "name":
        if not anchor and (not _CJK.search(part[0]) or part[0][:1].isdigit()):
            return False
        return all(_group_cell(c) for c in part[1:])  # a name's extra lines: no digit, no body, no unit
    if anchor:
        return True
    if kind == "ordinal":
        return bool(_ORDINAL_CELL.match(part[0]))
    if kind == "value":
        return not body_cell(part[0])
    if kind == "unit":
        return unit_cell(part[0])
    if kind == "kind":
        return bool(re.fullmatch(r"\S{1,3}性", part[0]))
    if kind == "group":
        return _group_cell(part[0])
    if kind == "bodies":
        return all(body_cell(c) for c in part)
    return True


def _segmentations(cells: list[str], cols: list[str], trailing_group: bool) -> list[tuple[int, ...]]:
    """Every way one row's cells fit the columns: the number of cells of each, then 1 if the
    last cell is the next row's 类别."""
    out = []
    choices = [_counts(k, n == 0) for n, k in enumerate(cols)]
    for counts in product(*choices, range(2) if trailing_group else range(1)):
        if sum(counts) != len(cells) or (counts[-1] and not _group_cell(cells[-1])):
            continue
        pos, ok = 0, True
        for n, (kind, c) in enumerate(zip(cols, counts)):
            if not _fits(kind, cells[pos : pos + c], anchor=n == 0):
                ok = False
                break
            pos += c
        if ok:
            out.append(counts)
    return out


def _cell_rows(items: list[Line], table: Table) -> None:
    """Group the cell lines into rows that fit the header; report what does not fit."""
    if not items:
        return
    kinds = _kinds(table.header)
    by_ordinal = "ordinal" in kinds
    start = kinds.index("ordinal") if by_ordinal else kinds.index("name")
    if any(k != "group" for k in kinds[:start]):
        table.broken.append((table.header_line, "columns before the row number other than a 类别 column"))
        return
    anchors = _anchors(items, by_ordinal)
    if not anchors and _unnumbered_rows(items, table, kinds):
        return
    if not anchors:
        table.broken.append(
            (items[0].number, "one cell per line, but no row numbers (1、… or a 序号 column) to tell the rows apart")
        )
        return
    group = kinds.index("group") if "group" in kinds[:start] else None
    lead = items[: anchors[0]]
    current_group = ""
    if group is not None and len(lead) == 1 and _group_cell(lead[0].text):
        current_group = lead[0].text
    else:
        for ln in lead:
            table.broken.append((ln.number, f"a line between the header and the first row: {ln.text[:40]!r}"))
    for n, a in enumerate(anchors):
        lines = items[a : anchors[n + 1] if n + 1 < len(anchors) else len(items)]
        chunk = _joined(lines)
        texts = [text for _, text in chunk]
        ways = _segmentations(texts, kinds[start:], trailing_group=group is not None and n + 1 < len(anchors))
        if len(ways) != 1:
            what = "fit the header in no way" if not ways else f"fit the header in {len(ways)} ways"
            quote = " ".join(ln.text for ln in lines)
            table.broken.append((lines[0].number, f"the {len(chunk)} cells of this row {what}: {quote[:40]!r}"))
            current_group = ""
            continue
        *counts, next_group = ways[0]
        cells = [""] * len(kinds)
        if group is not None:
            cells[group] = current_group
        pos = 0
        for col, c in enumerate(counts, start):
            part = texts[pos : pos + c]
            cells[col] = "、".join(part) if kinds[col] == "bodies" else _join(part)
            pos += c
        if not by_ordinal:
            name = kinds.index("name")
            cells[name] = _NUMBERED.sub("", cells[name], count=1)
        last = chunk[pos - 1][0]
        current_group = texts[-1] if next_group else ""
        quote = " ".join(ln.text for ln in lines if ln.number <= last)
        table.rows.append(Row(lines[0].number, cells, quote, last=last))


def _unnumbered_rows(items: list[Line], table: Table, kinds: list[str]) -> bool:
    """Rows with no number, read when they cannot be told apart wrongly: a header of a name and
    value columns only, and cells that come in runs of its width, each a name with no digit
    followed by values that each hold a number. A run cut short at the end (the page stops) is
    reported; any other cell out of step and nothing is read here (False)."""
    if kinds[0] != "name" or any(k != "value" for k in kinds[1:]) or len(kinds) < 2:
        return False
    chunk, width = _joined(items), len(kinds)
    full = len(chunk) - len(chunk) % width
    for i in range(0, len(chunk), width):
        run = [text for _, text in chunk[i : i + width]]
        name_ok = _CJK.search(run[0]) and not re.search(r"\d", run[0]) and not body_cell(run[0])
        values_ok = all(NUMBER.search(c) and not body_cell(c) for c in run[1:])
        if not (name_ok and values_ok):
            return False
    for i in range(0, full, width):
        run = chunk[i : i + width]
        quote = " ".join(text for _, text in run)
        table.rows.append(Row(run[0][0], [text for _, text in run], quote, last=run[-1][0]))
    if full < len(chunk):
        tail = " ".join(text for _, text in chunk[full:])
        table.broken.append(
            (chunk[full][0], f"the last row has {len(chunk) - full} of the header's {width} cells: {tail[:40]!r}")
        )
    return True


def _joined(lines: list[Line]) -> list[tuple[int, str]]:
    """(last line, text) of each cell of a row: two lines joined where the second plainly
    continues the first (never into the row's own first line)."""
    out: list[tuple[int, list[str]]] = []
    for n, ln in enumerate(lines):
        if n > 1 and len(out[-1][1]) == 1 and _wraps(out[-1][1][0], ln.text):
            out[-1] = (ln.number, [*out[-1][1], ln.text])
        else:
            out.append((ln.number, [ln.text]))
    return [(last, _join(parts)) for last, parts in out]


# --- finding them ---------------------------------------------------------------------------


def layout_tables(lines: list[Line], taken: set[int]) -> list[Table]:
    """Every space-separated or one-cell-per-line table among lines no TAB table holds."""
    tables, i = [], 0
    while i < len(lines):
        ln = lines[i]
        if ln.number in taken or ln.noise or not ln.text or len(ln.text) > 80 or is_row(ln):
            i += 1
            continue
        if cells := spaced_header(ln):
            table = Table(header=cells, header_line=ln.number)
            reader, after = read_spaced, i + 1
        elif block := cell_header(lines, i):
            table = Table(header=block[0], header_line=ln.number)
            reader, after = read_cells, block[1]
        else:
            i += 1
            continue
        if cap := _caption(lines, i):
            table.caption_line, table.caption = cap
        i = max(reader(lines, after, table), i + 1)
        tables.append(table)
    return tables
