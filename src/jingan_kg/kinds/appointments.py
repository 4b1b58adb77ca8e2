"""人事任免 tables: "姓名<TAB>任命职务" / "姓名<TAB>免去职务", one record per person and post.

A span is of this kind when it holds such a header row. Rows under it are "name<TAB>posts";
the table ends at the first line that is neither a row nor a line that looks like a
row that lost its TAB (a line ending in ；, or one followed by more rows).

Reading a row's posts cell:
- A row whose name cell is empty continues the person above: a new list of posts when
  the row above ended in ；/。, else the rest of the row above's wrapped cell.
- Names are normalised ("徐 刚" → "徐刚").
- The cell splits at top-level "，" into the posts and remarks ("试用期满", "挂职期一年");
  a lead-in "正式任命为" is a remark too. Posts split at top-level "、" (never inside
  （…）: "…中心（…政务服务中心、…管理中心）副主任" is one post).
- A bracket after the title ("副主任（挂职）", "（试用期一年）") is a remark, not part of
  the post. Remarks are kept in `note`.
- The organisation is the post less its title (the longest title of TITLES it ends with).
  A post that is a bare title ("…有限公司总经理、董事" → "董事") belongs to the
  organisation of the post before it, and its `post` is written out in full
  ("…有限公司董事"). Two organisations' posts ("…办公室副主任、…外事办公室主任") are
  two records, each with its own organisation. A post with no known title keeps
  `organisation` None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..curate.organisations import org_type
from ..graph import vocab as V
from ..graph.iris import document_iri, in_document, node, org_iri
from ..ingest.documents import Span
from ..records import Excerpt, Extraction, Issue, Record
from ..text import key, normalise, slug, split_top
from .base import Count, Fact, Find, Kind, Route, Style

# --- records ---


class AppointmentRecord(Record):
    """One appointment (任命) or removal (免去) of a person to or from a post."""

    document: str
    person: str
    post: str  # the post as written, e.g. 上海市静安区融媒体中心副主任
    action: str  # "任命" | "免去"
    organisation: str | None = None  # the organisation part of the post, when it can be split off
    note: str | None = None  # remarks written with the post, not part of it: 挂职, 试用期一年, 试用期满,正式任命
    excerpt: Excerpt


KIND = "appointments"

HEADER = re.compile(r"^姓\s*名\s+(任命|免去|免职)\s*职务$")
TITLES = sorted(
    {
        "主任",
        "副主任",
        "局长",
        "副局长",
        "处长",
        "副处长",
        "科长",
        "副科长",
        "部长",
        "副部长",
        "秘书长",
        "副秘书长",
        "区长",
        "副区长",
        "镇长",
        "副镇长",
        "书记",
        "副书记",
        "党委书记",
        "党委副书记",
        "党组书记",
        "主席",
        "副主席",
        "主任委员",
        "副主任委员",
        "委员",
        "会长",
        "副会长",
        "社长",
        "副社长",
        "行长",
        "副行长",
        "队长",
        "副队长",
        "校长",
        "副校长",
        "院长",
        "副院长",
        "园长",
        "副园长",
        "馆长",
        "副馆长",
        "所长",
        "副所长",
        "站长",
        "副站长",
        "董事长",
        "副董事长",
        "董事",
        "执行董事",
        "监事",
        "监事长",
        "监事会主席",
        "监事会副主席",
        "总经理",
        "副总经理",
        "经理",
        "副经理",
        "总裁",
        "副总裁",
        "总会计师",
        "总经济师",
        "总工程师",
        "总监",
    },
    key=len,
    reverse=True,
)
LEAD_IN = re.compile(r"^(?:(?:正式)?(?:任命|聘任|聘用)为|兼任)")
REMARK = re.compile(r"试用期|挂职|任期|聘期|期满")
_NAME = re.compile(r"^[\u3400-\u9fff·]{2,8}$")
_ENDS_ROW = ("；", ";", "。")
_OPEN, _CLOSE = "（(", "）)"


@dataclass
class _Row:
    person: str | None
    action: str
    person_line: int  # the line that names the person
    lines: list = field(default_factory=list)  # (line number, posts cell text)

    @property
    def cell(self) -> str:
        return "".join(t for _, t in self.lines)


def title_of(post: str) -> str | None:
    """The title a post ends with (副总经理 before 总经理), if a known one."""
    return next((t for t in TITLES if post.endswith(t)), None)


def _trailing_notes(part: str) -> tuple[str, list[str]]:
    """Brackets after the title ("副主任（挂职）") taken off the post: (post, notes)."""
    notes: list[str] = []
    while part and part[-1] in _CLOSE:
        depth, i = 0, len(part) - 1
        while i >= 0:
            depth += part[i] in _CLOSE
            depth -= part[i] in _OPEN
            if depth == 0:
                break
            i -= 1
        if i < 0 or not title_of(part[:i].rstrip()):
            break
        notes.insert(0, part[i + 1 : -1].strip())
        part = part[:i].rstrip()
    return part, notes


def parse_posts(cell: str) -> tuple[list[tuple[str, str | None, tuple[str, ...]]], list[str]]:
    """A posts cell → ([(post, organisation, part notes)], row notes). Texts as written."""
    cell = cell.strip().rstrip("；;。.，,、 ")
    row_notes: list[str] = []
    posts: list[tuple[str, str | None, tuple[str, ...]]] = []
    for segment in split_top(cell, "，,"):
        if m := LEAD_IN.match(segment):
            row_notes.append(m.group(0).removesuffix("为"))
            segment = segment[m.end() :].strip()
        if not title_of(_trailing_notes(segment)[0]) and REMARK.search(segment):
            row_notes.append(segment)  # 试用期满, 挂职期一年: a remark, not a post
            continue
        organisation: str | None = None
        for part in split_top(segment, "、"):
            post, notes = _trailing_notes(part)
            title = title_of(post)
            if title and len(post) > len(title):
                organisation = post[: -len(title)]
            elif title and organisation:
                post = organisation + post  # a bare title: the organisation of the post before
            else:
                organisation = None
            if post:
                posts.append((post, organisation if title else None, tuple(notes)))
    return posts, row_notes


def _issue(src: str, line: int, reason: str) -> Issue:
    return Issue(source=src, line=line, code="unparsed-appointment-row", reason=reason)


def _rows(span: Span) -> tuple[list[_Row], list[Issue]]:
    src = span.source.path
    lines = [ln for ln in span.lines() if ln.text and not ln.noise]
    rows: list[_Row] = []
    issues: list[Issue] = []
    action: str | None = None
    last: _Row | None = None
    for n, ln in enumerate(lines):
        if m := HEADER.match(ln.text):
            action, last = ("任命" if m.group(1) == "任命" else "免去"), None
            continue
        if action is None:
            continue
        raw = ln.raw.rstrip()
        if "\t" not in raw:
            if last is not None and not last.cell.endswith(_ENDS_ROW):
                last.lines.append((ln.number, ln.text))  # the row above's cell, wrapped
                continue
            following = lines[n + 1] if n + 1 < len(lines) else None
            if ln.text.endswith(("；", ";")) or (
                following is not None and "\t" in following.raw and not HEADER.match(following.text)
            ):
                issues.append(_issue(src, ln.number, f"row {ln.text[:30]!r} has no TAB between name and post"))
                last = None
                continue
            action = last = None  # the table is over
            continue
        name, _, cell = raw.partition("\t")
        name, cell = name.strip(), cell.replace("\t", "").strip()
        if not name:
            if last is None:
                issues.append(_issue(src, ln.number, "a row with no name and no person above it"))
            elif not last.cell.endswith(_ENDS_ROW):
                last.lines.append((ln.number, cell))  # the row above's cell, wrapped
            else:
                last = _Row(last.person, action, last.person_line, [(ln.number, cell)])
                rows.append(last)
            continue
        person = normalise(name).replace(" ", "")
        if not _NAME.match(key(person)):
            issues.append(_issue(src, ln.number, f"name cell {name!r} is not a person's name"))
            last = None
            continue
        last = _Row(person, action, ln.number, [(ln.number, cell)])
        rows.append(last)
    return rows, issues


def detect(span: Span) -> bool:
    return any(HEADER.match(ln.text) for ln in span.lines() if not ln.noise)


def extract(span: Span) -> Extraction:
    """One record per person and post of every 任免 table of the span; unreadable rows as issues."""
    src = span.source.path
    rows, issues = _rows(span)
    records: list[AppointmentRecord] = []
    for row in rows:
        first, last = row.person_line, row.lines[-1][0]
        if not row.cell.strip("；;。. "):
            issues.append(_issue(src, row.lines[0][0], f"{row.person}: the post cell is empty"))
            continue
        posts, row_notes = parse_posts(row.cell)
        if not posts:
            issues.append(_issue(src, row.lines[0][0], f"{row.person}: no post in {row.cell[:40]!r}"))
            continue
        quote = "".join(
            span.source.line(i).text
            for i in range(first, last + 1)
            if span.source.line(i).text and not span.source.line(i).noise
        )
        excerpt = Excerpt(source=src, line_start=first, line_end=last, quote=quote)
        for post, organisation, notes in posts:
            note = "，".join([*notes, *row_notes])
            records.append(
                AppointmentRecord(
                    document=span.document_key,
                    person=row.person,
                    post=normalise(post),
                    action=row.action,
                    organisation=normalise(organisation) if organisation else None,
                    note=normalise(note) if note else None,
                    excerpt=excerpt,
                )
            )
    docs = ()
    if span.document is not None and "任免" in span.document.title:
        docs = (span.document.model_copy(update={"kind": KIND}),)
    return Extraction(documents=docs, records=tuple(records), issues=tuple(issues))


# --- resolution and triples ---------------------------------------------------------------


class ResolvedAppointment(Record):
    appointment: AppointmentRecord
    organisation: str | None  # organisation id


def _resolve(ctx) -> list[ResolvedAppointment]:
    """The organisation of each post, stated in full (a known body, or a new one)."""
    out = []
    for a in ctx.of(AppointmentRecord):
        oid = (
            ctx.resolver.state(a.organisation, org_type(normalise(a.organisation)), a.excerpt)
            if a.organisation
            else None
        )
        out.append(ResolvedAppointment(appointment=a, organisation=oid))
    return out


def _triples(ctx, t) -> None:
    for ra in ctx.result(KIND):
        a = ra.appointment
        person = node("person", a.person)
        t.a(person, V.Person)
        t.zh(person, V.label, a.person)
        t.cite(person, a.excerpt)
        n = in_document(a.document, "appointment", slug(f"{a.action}|{a.person}|{a.post}"))
        t.a(n, V.Appointment)
        t.link(n, V.person, person)
        t.value(n, V.postTitle, normalise(a.post))
        t.value(n, V.action, a.action)
        t.link(n, V.partOf, document_iri(a.document))
        if ra.organisation:
            t.link(n, V.organization, org_iri(ra.organisation))
        if a.note:
            t.value(n, V.note, a.note)
        t.cite(n, a.excerpt)


APPOINTMENTS = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    after=("signatures",),
    triples=_triples,
    cited=lambda ctx: (("appointments", ra.appointment.excerpt) for ra in ctx.result(KIND)),
    counts=(Count("appointments", V.Appointment), Count("persons", V.Person)),
    finds=(
        Find(
            "jkg:Person",
            "person",
            (Route("appointment or removal", "?m jkg:person ?s ; jkg:organization ?o .", responsible=False),),
            rank=90,
        ),
    ),
    styles=(
        Style("appointment", "任免 Appointment", "#c49c94", "dot", rank=180, cls=V.Appointment),
        Style("person", "人员 Person", "#ff9896", "ellipse", rank=190, cls=V.Person),
    ),
    facts=(
        Fact(V.postTitle, "职务 Post", 120),
        Fact(V.action, "任免 Action", 130),
        Fact(V.note, "备注 Note", 180),
        Fact(V.person, "人员 Person", 130, linked=True),
        Fact(V.organization, "单位 Organisation", 140, linked=True),
    ),
)
