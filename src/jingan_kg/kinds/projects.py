"""Major-project tables (重大项目): one record per row, with the streets/towns its name names.

A project table is recognised by its header, a TAB-separated line with a 序号 column,
a 项目名称 column and a category column (项目属性 / 类别 / 类型 / 分类). The table runs
from its header over TAB-separated rows; blank lines, page headers and a repeated header
(the table split over a page break) do not end it, the first line of text that is neither
a row nor a fragment of one does (a note, the next heading). A line that does not start
with an ordinal is a fragment of the row above (a row split over two lines) when it holds a
TAB, or when the table goes on after it and it is not a note (注：…) or a sentence ending in
。; the fragments are joined and the joined row is read.

Places: the streets and towns (…街道, …镇) the project's name places it in, plus those of a
place column (所在街镇 / 地点 …) when the header has one. Text elsewhere in the document is
not used: a name in prose does not say where a project is in the way a table cell does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import Field

from ..graph import vocab as V
from ..graph.iris import area_iri, document_iri, in_document, node, org_iri
from ..ingest.documents import Span
from ..ingest.sources import Line
from ..records import Excerpt, Extraction, Issue, Record
from ..text import normalise, strip_markup
from .base import Count, Fact, Find, Kind, Route, Style

# --- records ---


class ProjectRecord(Record):
    """One major project (重大项目) of a project table."""

    document: str
    ordinal: int = Field(ge=1)
    name: str
    category: str  # as written: 产业发展类 / 社会民生类 / 基础设施类
    places: tuple[str, ...] = ()  # streets/towns (…街道, …镇) the name or text places it in
    excerpt: Excerpt


KIND = "projects"

NAME_HEADER = re.compile(r"^项目名称$")
CATEGORY_HEADER = re.compile(r"属性|类别|类型|分类")
ORDINAL_HEADER = re.compile(r"^(?:序号|编号|No\.?)$", re.IGNORECASE)
PLACE_HEADER = re.compile(r"街镇|街道|所在|地点|位置")
ORDINAL = re.compile(r"^([1-9]\d{0,3})[.．、]?$")  # 12, 12. or 12、
# A street or town inside a name: it starts the name or follows a separator (和 / 及 / 、 …),
# then 2-6 characters without separators and 街道 or 镇. A 和 in the first two characters is
# part of the name (共和新路街道), a later one is the conjunction (图书馆和北站街道).
PLACE = re.compile(
    r"(?:^|(?<=[和及与、，,；;\s]))((?:[^\s和及与、，,；;（）()]?和)?[^\s和及与、，,；;（）()]{2,6}?(?:街道|镇))"
)
_ROAD_END = tuple("路街弄巷道")  # 愚园路镇宁路: a road name followed by 镇宁路 is not a town
NOTE = re.compile(r"^(?:注|说明|备注|资料来源)\s*\d*\s*[:：]")
_PLACE_SPLIT = re.compile(r"[、，,；;/]")  # not at 和: 共和新路街道


@dataclass(frozen=True)
class Header:
    """Column positions of a project table, read from its header line."""

    cells: tuple[str, ...]
    ordinal: int
    name: int
    category: int
    place: int | None = None

    @property
    def width(self) -> int:
        return len(self.cells)


@dataclass
class Table:
    """A project table: its header and its rows, each row the lines it was written on."""

    header: Header
    rows: list[list[Line]] = field(default_factory=list)


def cells_of(text: str) -> list[str]:
    """The TAB-separated cells of a line, each stripped of markup and spaces at its ends."""
    return [strip_markup(c).strip() for c in text.split("\t")]


def _row_text(ln: Line) -> str:
    """A row line with its spaces trimmed but its TABs kept (an empty last cell is still a cell)."""
    return ln.raw.strip(" \r\n\u3000")


def header_of(text: str) -> Header | None:
    """The header a line is, if it names an ordinal, a 项目名称 and a category column."""
    if "\t" not in text:
        return None
    cells = tuple(normalise(c) for c in cells_of(text))

    def find(pattern: re.Pattern) -> int | None:
        return next((i for i, c in enumerate(cells) if pattern.search(c)), None)

    ordinal, name, category = find(ORDINAL_HEADER), find(NAME_HEADER), find(CATEGORY_HEADER)
    if ordinal is None or name is None or category is None:
        return None
    place = find(PLACE_HEADER)
    return Header(cells, ordinal, name, category, place if place not in (ordinal, name, category) else None)


def _starts_row(text: str, header: Header) -> bool:
    """Whether a line opens a row: TAB-separated with an ordinal in the ordinal column."""
    cells = cells_of(text)
    return "\t" in text and len(cells) > header.ordinal and bool(ORDINAL.match(normalise(cells[header.ordinal])))


def _content(span: Span) -> list[Line]:
    """The span's lines that carry document text (no blank lines, page headers, footnotes)."""
    return [ln for ln in span.lines() if ln.text and not ln.noise]


def tables(span: Span) -> list[Table]:
    """Every project table of a span, rows grouped with their fragments."""
    lines, found, i = _content(span), [], 0
    while i < len(lines):
        header = header_of(lines[i].text)
        if header is None:
            i += 1
            continue
        table, i = Table(header), i + 1
        while i < len(lines):
            text = lines[i].text
            again = header_of(text)
            if again is not None and again.cells != header.cells:
                break  # another table begins
            if again is None:
                if _starts_row(text, header):
                    table.rows.append([lines[i]])
                elif "\t" in text or (not _ends_table(text) and _table_goes_on(lines, i + 1, header)):
                    if table.rows:
                        table.rows[-1].append(lines[i])
                    else:
                        table.rows.append([lines[i]])
                else:
                    break
            i += 1
        found.append(table)
    return found


def _ends_table(text: str) -> bool:
    """A TAB-less line that cannot be part of a row: a note (注：…) or a whole sentence."""
    return bool(NOTE.match(text)) or text.endswith(("。", "."))


def _table_goes_on(lines: list[Line], i: int, header: Header) -> bool:
    """Whether the line at i (the one after a TAB-less line) is a row or header of the table."""
    if i >= len(lines):
        return False
    again = header_of(lines[i].text)
    return (again is not None and again.cells == header.cells) or _starts_row(lines[i].text, header)


def join_row(parts: list[Line]) -> list[str]:
    """Cells of a row written over several lines: a fragment's first cell continues the last cell."""
    cells = cells_of(_row_text(parts[0]))
    for ln in parts[1:]:
        more = cells_of(_row_text(ln))
        cells[-1] += more[0]
        cells += more[1:]
    return cells


def fit(cells: list[str], header: Header) -> list[str]:
    """Cells fitted to the header where nothing is lost: empty cells past its width dropped,
    missing trailing cells of optional columns (备注 …) added empty."""
    cells = list(cells)
    while len(cells) > header.width and not cells[-1]:
        cells.pop()
    if len(cells) < header.width and len(cells) > max(header.ordinal, header.name, header.category):
        cells += [""] * (header.width - len(cells))
    return cells


def places_in(name: str) -> list[str]:
    """Streets and towns a project name names: 北站街道晋元南一地块项目 → [北站街道]."""
    out = []
    for m in PLACE.finditer(name):
        place = m.group(1)
        if place.endswith("镇") and place[:-1].endswith(_ROAD_END):
            continue
        if place not in out:
            out.append(place)
    return out


def _place_cell(cell: str) -> list[str]:
    return [p for p in (normalise(x) for x in _PLACE_SPLIT.split(cell)) if p]


@dataclass
class _Reader:
    """Reads the rows of one span's tables into records, collecting the issues found."""

    span: Span
    records: list[ProjectRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def issue(self, line: int, code: str, reason: str) -> None:
        self.issues.append(Issue(source=self.span.source.path, line=line, code=code, reason=reason))

    def cells(self, parts: list[Line], header: Header) -> list[str] | None:
        """The row's cells, repaired where that is unambiguous; None (and an issue) if unreadable."""
        first, last = parts[0].number, parts[-1].number
        cells = fit(join_row(parts), header)
        if len(parts) > 1:
            self.issue(first, "table-row-split", f"table row written over lines {first}-{last}; the parts were joined")
        if len(cells) != header.width and len([c for c in cells if c]) == header.width:
            cells = [c for c in cells if c]
            self.issue(first, "table-row-extra-tabs", f"empty cells (extra TABs) dropped at line {first}")
        if len(cells) != header.width:
            self.issue(
                first,
                "table-row-not-parsed",
                f"table row has {len(cells)} cells, the header {header.width} ({' | '.join(header.cells)})",
            )
            return None
        ordinal = ORDINAL.match(normalise(cells[header.ordinal]))
        missing = [header.cells[i] for i in (header.name, header.category) if not cells[i]]
        if not ordinal or missing:
            what = f"empty {'/'.join(missing)}" if missing else f"no ordinal in column {header.cells[header.ordinal]}"
            self.issue(first, "table-row-not-parsed", f"table row not read: {what}")
            return None
        return cells

    def read(self, table: Table) -> None:
        """Read one table's rows; numbering restarting at 1 begins a new list under the same header."""
        seen: dict[int, int] = {}  # ordinal → line it was first read at
        previous = 0
        for parts in table.rows:
            cells = self.cells(parts, table.header)
            if cells is None:
                continue
            ordinal = int(ORDINAL.match(normalise(cells[table.header.ordinal])).group(1))
            if ordinal == 1:
                seen, previous = {}, 0
            self.check_ordinal(ordinal, previous, parts[0].number, seen)
            previous = ordinal
            self.records.append(self.record(ordinal, cells, parts, table.header))

    def check_ordinal(self, ordinal: int, previous: int, line: int, seen: dict[int, int]) -> None:
        """Report an ordinal used before, or one that does not follow the previous; remember it."""
        if ordinal in seen:
            self.issue(
                line, "duplicate-ordinal", f"project number {ordinal} used again (first at line {seen[ordinal]})"
            )
        elif ordinal != previous + 1:
            self.issue(line, "ordinal-gap", f"project numbering jumps from {previous} to {ordinal}")
        seen.setdefault(ordinal, line)

    def record(self, ordinal: int, cells: list[str], parts: list[Line], header: Header) -> ProjectRecord:
        """The record of one read row."""
        name = normalise(cells[header.name])
        places = places_in(name)
        if header.place is not None:
            places += [p for p in _place_cell(cells[header.place]) if p not in places]
        quote = "".join(strip_markup(ln.text).strip() for ln in parts)
        return ProjectRecord(
            document=self.span.document_key,
            ordinal=ordinal,
            name=name,
            category=normalise(cells[header.category]),
            places=tuple(places),
            excerpt=Excerpt(
                source=self.span.source.path, line_start=parts[0].number, line_end=parts[-1].number, quote=quote
            ),
        )


def detect(span: Span) -> bool:
    """A span holds a project table when some line is a project-table header."""
    return any(header_of(ln.text) for ln in _content(span))


def extract(span: Span) -> Extraction:
    """Every row of every project table in the span, with the problems met on the way."""
    reader = _Reader(span)
    for table in tables(span):
        reader.read(table)
    return Extraction(records=tuple(reader.records), issues=tuple(reader.issues))


# --- resolution and triples ---------------------------------------------------------------


class ResolvedProject(Record):
    project: ProjectRecord
    streets: tuple[str, ...]  # organisation ids
    areas: tuple[str, ...]  # area ids, where the street lies wholly in one area


def _resolve(ctx) -> list[ResolvedProject]:
    from . import areas as areas_kind

    areas = areas_kind.resolved(ctx)
    out = []
    for p in ctx.of(ProjectRecord):
        streets = tuple(ctx.resolver.state(name, "Street", p.excerpt) for name in p.places)
        found = []
        for sid in streets:
            holders = [a.id for a in areas if any(s.street == sid for s in a.streets)]
            if len(set(holders)) == 1:
                found.append(holders[0])
            elif len(holders) > 1:
                ctx.issues.append(
                    Issue(
                        source=p.excerpt.source,
                        line=p.excerpt.line_start,
                        code="project-area-ambiguous",
                        reason=f"project {p.ordinal}: {p.places} is split between areas; no area assigned",
                    )
                )
        out.append(ResolvedProject(project=p, streets=streets, areas=tuple(dict.fromkeys(found))))
    return out


def _triples(ctx, t) -> None:
    for rp in ctx.result(KIND):
        p = rp.project
        n = in_document(p.document, "project", p.ordinal)
        t.a(n, V.Project)
        t.zh(n, V.label, p.name)
        t.value(n, V.ordinal, p.ordinal)
        t.link(n, V.partOf, document_iri(p.document))
        cat = node("category", p.category)
        t.link(n, V.category, cat)
        if not t.has(cat, V.type_, V.Concept):  # cited to the first row that names it
            t.a(cat, V.Concept)
            t.zh(cat, V.prefLabel, p.category)
            t.cite(cat, p.excerpt)
        for sid in rp.streets:
            t.link(n, V.locatedIn, org_iri(sid))
        for aid in rp.areas:
            t.link(n, V.inArea, area_iri(aid))
        t.cite(n, p.excerpt)


PROJECTS = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    after=("areas", "measures"),
    triples=_triples,
    cited=lambda ctx: (("projects", rp.project.excerpt) for rp in ctx.result(KIND)),
    counts=(Count("projects", V.Project),),
    finds=(
        Find(
            "jkg:Project",
            "project",
            (Route("the project lies in it", "?s jkg:locatedIn ?o . BIND(?s AS ?m)", responsible=False),),
            rank=40,
        ),
    ),
    styles=(
        Style("project", "重大项目 Major project", "#e377c2", "square", rank=110, cls=V.Project),
        Style("category", "项目类别 Project category", "#7f7f7f", "triangleDown", rank=120, cls=V.Concept),
    ),
    facts=(
        Fact(V.category, "类别 Category", 40, linked=True),
        Fact(V.locatedIn, "位于 Located in", 90, linked=True),
        Fact(V.inArea, "片区 Area", 100, linked=True),
    ),
)
