"""Functional areas of a district's spatial plan, read by content in two shapes.

Area blocks (as the 15th five-year plan lays out its 两轴一带三片区): a short label line,
then "区域范围：北至…，…，内辖A街道、B镇（X路以北）、…。". One record per block: the extent
(the boundaries before 内辖) and the streets/towns after 内辖, a bracket after a street
being the boundary of the part inside the area. A street split between areas appears in
each with its boundary; one that carries a boundary in a single area only is reported. The
focus is the first sentence of the paragraph whose subject is the area: its label, or the
label's leading place name with 功能片区 / 片区 / 功能区 ("大宁功能片区坚持…" for
大宁“三生”融合创新区); that form becomes an alias, the sentence is cited in focus_excerpt.

Focus statements (as reports describe the earlier 一轴三带's four 功能区): a sentence or
clause whose subject is "X功能区" and whose predicate is programmatic (着力, 聚焦, 强化,
做强, 打造, 加强, 进一步, 以…为主攻方向). One record per area and document, from the first
such statement (photo captions skipped); the focus runs to the end of its sentence or to
the next area's statement. Accounts of what was done ("市北功能区坚持打响…品牌") do not
match and are not read.

The plan is the quoted plan name nearest before the area in the document (“两轴一带三片区”
空间布局, “一轴三带”发展战略, “一轴三带”四个功能区), else the first after it. A document
that names none gives plan "" and an issue: records are merged by label downstream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..graph import vocab as V
from ..graph.iris import area_iri, district_iri, document_iri, org_iri
from ..ingest.documents import Span
from ..records import Excerpt, Extraction, Issue, Record
from ..text import key, normalise, slug, strip_markup
from .base import Count, Fact, Find, Kind, Route, Style
from .core import english_triples
from .measures import split_bodies

# --- records ---


class StreetPart(Record):
    """A street or town an area contains, with the boundary when only part of it is inside."""

    street: str  # 大宁路街道
    boundary: str | None = None  # 汶水路以北


class AreaRecord(Record):
    """A functional area (片区/功能区) of a district plan."""

    document: str  # the plan that defines it
    label: str
    plan: str  # the spatial plan it belongs to, e.g. 两轴一带三片区, 一轴三带
    aliases: tuple[str, ...] = ()
    streets: tuple[StreetPart, ...] = ()
    extent: str | None = None  # 区域范围 text
    focus: str | None = None  # what the documents say it should focus on
    excerpt: Excerpt
    focus_excerpt: Excerpt | None = None  # where `focus` was read (set whenever focus is; may differ from excerpt)


KIND = "areas"

# "标签区域范围：…" or "区域范围：…" (the label then on the paragraph above).
EXTENT = re.compile(r"^(?P<label>[^：:。，,]{0,40}?)\s*(?:区域范围|四至范围)\s*[:：]\s*(?P<body>.+)$")
STREET_LIST = re.compile(r"[，,；;]?\s*(?:内辖|下辖)\s*[:：]?\s*(?P<list>[^。]+)")
# One street or town of a 内辖 list, with the boundary of the part inside in brackets.
STREET_ITEM = re.compile(r"^(?P<street>\S+?(?:街道|镇|乡))\s*(?:[（(](?P<boundary>[^（）()]+)[）)])?\s*等?$")
_CONJUNCTION = re.compile(r"(?<=[道镇乡)）])(?:以及|和|及|与)")  # 彭浦新村街道和临汾路街道
# A plan name: quoted, naming axes/belts/areas, followed by what it is (布局, 战略, N个功能区 …).
PLAN = re.compile(
    r"“(?P<plan>[^“”]{2,16})”\s*(?:空间布局|空间格局|总体布局|发展格局|布局|发展战略|战略|"
    r"[一二两三四五六七八九十\d]*[个大]?(?:核心)?功能(?:片)?区)"
)
_PLAN_WORDS = re.compile(r"[轴带区核廊圈心]")
# A paragraph opening with an area's short form: "南京西路-苏河湾功能片区…", "大宁片区…".
SUBJECT = re.compile(r"^(?P<name>(?P<stem>[^\s，,。、；;：:“”]{2,12}?)(?:功能片区|功能区|片区))")
# A statement of focus: clause-initial "X功能区" (a wing prefix such as 北翼 allowed) followed
# by a programmatic predicate.
STATEMENT = re.compile(
    r"(?:^|(?<=[。；;，,！!？?]))\s*(?:[东西南北中]翼|[东西南北]部)?"
    r"(?P<name>(?P<stem>[^\s，,。；;、：:“”‘’（）()《》]{2,8}?)功能区)"
    r"(?=进一步|着力|聚焦|强化|做强|做优|打造|加强|以[^。；;，,]{1,40}?为(?:主攻)?方向)"
)
# Subjects that are no one area: 各功能区, 重点功能区, 四大功能区, 四个核心功能区.
GENERIC_STEM = re.compile(r"^(?:[各每该本全]|重点|核心|主要|其他|相关)|[一二两三四五六七八九十\d]+[个大]")
CAPTION = re.compile(r"[（(][^（）()]*(?:供图|摄影?|图片来源)[^（）()]*[）)]$")  # (受访者供图)
_SENTENCE_END = "。！？!?"
_CLOSING = tuple("。！？!?；;：:”」』）)")
_LABEL_MAX = 40
_OPEN_MIN = 40  # a line this long that ends mid-sentence was cut by a page break


@dataclass
class Paragraph:
    """A paragraph: its lines (number, text without markup), joined across page breaks."""

    parts: list[tuple[int, str]]

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.parts)

    @property
    def first(self) -> int:
        return self.parts[0][0]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """The first and last line holding characters start..end-1 of the text."""
        inside, low = [], 0
        for number, text in self.parts:
            if low < end and low + len(text) > start:
                inside.append(number)
            low += len(text)
        return (inside[0], inside[-1]) if inside else (self.first, self.first)

    def excerpt(self, source: str, start: int = 0, end: int | None = None) -> Excerpt:
        """An excerpt quoting characters start..end of the paragraph."""
        end = len(self.text) if end is None else end
        first, last = self.lines_of(start, end)
        return Excerpt(source=source, line_start=first, line_end=last, quote=self.text[start:end].strip())


def _open(text: str) -> bool:
    """Whether a paragraph goes on after this text (a line cut mid-sentence by a page break)."""
    if "\t" in text or text.endswith(_CLOSING):
        return False
    return len(text) >= _OPEN_MIN or "，" in text or "," in text


def paragraphs(span: Span) -> list[Paragraph]:
    """The span's paragraphs; page headers and footnote lines left out."""
    out: list[Paragraph] = []
    for ln in span.lines():
        if ln.noise or not ln.text:
            continue
        text = strip_markup(ln.text).strip()
        if not text:
            continue
        if out and _open(out[-1].text) and not EXTENT.match(text):
            out[-1].parts.append((ln.number, text))
        else:
            out.append(Paragraph([(ln.number, text)]))
    return out


def first_sentence(text: str, start: int = 0) -> int:
    """The end (exclusive) of the sentence that starts at `start`."""
    ends = [i for i in (text.find(c, start) for c in _SENTENCE_END) if i >= 0]
    return min(ends) + 1 if ends else len(text)


def streets_of(listing: str) -> tuple[list[StreetPart], list[str]]:
    """The streets/towns of a 内辖 list, and the items that are not one."""
    parts, rejected = [], []
    for item in (y.strip() for x in split_bodies(listing) for y in _CONJUNCTION.split(x)):
        if not item:
            continue
        m = STREET_ITEM.match(item)
        if not m:
            rejected.append(item)
            continue
        boundary = normalise(m.group("boundary")) if m.group("boundary") else None
        parts.append(StreetPart(street=normalise(m.group("street")), boundary=boundary))
    return parts, rejected


@dataclass
class Block:
    """An area block: the label paragraph (if separate) and the 区域范围 paragraph."""

    index: int  # of the 区域范围 paragraph
    label_index: int  # of the label's paragraph (the same when the label opens the 区域范围 line)
    label: str
    extent: str
    streets: list[StreetPart]
    excerpt: Excerpt
    aliases: list[str] = field(default_factory=list)
    focus: tuple[str, Excerpt] | None = None


@dataclass
class _Reader:
    """Reads one span's areas, collecting the issues found."""

    span: Span
    pars: list[Paragraph]
    issues: list[Issue] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.span.source.path

    def issue(self, line: int, code: str, reason: str) -> None:
        self.issues.append(Issue(source=self.source, line=line, code=code, reason=reason))

    @cached_property
    def plans_named(self) -> list[tuple[int, str]]:
        """(paragraph index, plan name) for every plan name the span writes."""
        return [
            (i, m.group("plan"))
            for i, p in enumerate(self.pars)
            for m in PLAN.finditer(p.text)
            if _PLAN_WORDS.search(m.group("plan"))
        ]

    def plan_at(self, index: int) -> str:
        """The plan named nearest before paragraph `index`, else first after it; "" if none."""
        before = [plan for i, plan in self.plans_named if i <= index]
        after = [plan for i, plan in self.plans_named if i > index]
        return normalise(before[-1] if before else after[0] if after else "")

    def blocks(self) -> list[Block]:
        """Every 区域范围 block of the span."""
        out = []
        for i, par in enumerate(self.pars):
            m = EXTENT.match(par.text)
            if not m:
                continue
            found = self._label(i, m)
            if found is None:
                self.issue(par.first, "area-without-label", "区域范围 paragraph with no area name before it")
                continue
            label, at = found
            extent, streets = self._extent(normalise(label), par, m.group("body"))
            quote = (self.pars[at].text if at != i else "") + par.text
            excerpt = Excerpt(
                source=self.source, line_start=self.pars[at].first, line_end=par.parts[-1][0], quote=quote
            )
            out.append(Block(i, at, normalise(label), extent, streets, excerpt))
        return out

    def _label(self, i: int, m: re.Match) -> tuple[str, int] | None:
        """A block's label and its paragraph: the words before 区域范围, else the short paragraph above."""
        if label := m.group("label").strip():
            return label, i
        above = self.pars[i - 1].text if i > 0 else ""
        if above and len(above) <= _LABEL_MAX and not any(c in above for c in "。：:") and not EXTENT.match(above):
            return above, i - 1
        return None

    def _extent(self, label: str, par: Paragraph, body: str) -> tuple[str, list[StreetPart]]:
        """The boundaries before 内辖 and the streets after it, reporting items that are no street."""
        listing = STREET_LIST.search(body)
        if not listing:
            self.issue(par.first, "area-without-streets", f"{label}: no 内辖 list of streets")
            return normalise(body.rstrip("。")), []
        streets, rejected = streets_of(listing.group("list"))
        for item in rejected:
            self.issue(
                par.first,
                "area-street-not-recognised",
                f"{label}: 内辖 item {item!r} is not a street or town (…街道/镇)",
            )
        return normalise(body[: listing.start()].rstrip("，,；; ")), streets

    def find_focus(self, blocks: list[Block]) -> set[int]:
        """Attach to each block the first sentence of the paragraph whose subject it is."""
        used = {b.index for b in blocks} | {b.label_index for b in blocks}
        for i, par in enumerate(self.pars):
            if i in used or "。" not in par.text:
                continue
            target, alias = self._subject_of(par.text, blocks)
            if target is None or target.focus is not None:
                continue
            end = first_sentence(par.text)
            target.focus = (normalise(par.text[:end]), par.excerpt(self.source, 0, end))
            if alias and alias != target.label:
                target.aliases.append(alias)
            used.add(i)
        return used

    @staticmethod
    def _subject_of(text: str, blocks: list[Block]) -> tuple[Block | None, str | None]:
        """The block a paragraph is about (by its opening words), and the form it is called by."""
        for b in blocks:
            if key(text).startswith(key(b.label)):
                return b, None
        m = SUBJECT.match(text)
        if not m:
            return None, None
        hits = [b for b in blocks if key(b.label).startswith(key(m.group("stem")))]
        return (hits[0], normalise(m.group("name"))) if len(hits) == 1 else (None, None)

    def check_split_streets(self, blocks: list[Block], plans: dict[int, str]) -> None:
        """Report a street given with a boundary that no other area of the plan also holds."""
        for b in blocks:
            for part in b.streets:
                if part.boundary is None:
                    continue
                others = [
                    o
                    for o in blocks
                    if o is not b
                    and plans[o.index] == plans[b.index]
                    and any(p.street == part.street for p in o.streets)
                ]
                if not others:
                    self.issue(
                        b.excerpt.line_end,
                        "split-street-unmatched",
                        f"{b.label} holds {part.street} only {part.boundary}; no other area holds the rest",
                    )

    def block_records(self) -> tuple[list[AreaRecord], set[int]]:
        """Records of the span's area blocks, and the paragraphs they were read from."""
        blocks = self.blocks()
        used = self.find_focus(blocks)
        plans = {b.index: self.plan_at(b.index) for b in blocks}
        self.check_split_streets(blocks, plans)
        records = []
        for b in blocks:
            if b.focus is None:
                self.issue(
                    b.excerpt.line_start,
                    "area-focus-not-found",
                    f"{b.label}: no paragraph opens with the area's name, so no focus is read",
                )
            records.append(
                self.record(
                    b.label,
                    plans[b.index],
                    b.excerpt,
                    aliases=tuple(b.aliases),
                    streets=tuple(b.streets),
                    extent=b.extent or None,
                    focus=b.focus[0] if b.focus else None,
                    focus_excerpt=b.focus[1] if b.focus else None,
                )
            )
        return records, used

    def statement_records(self, skip: set[int]) -> list[AreaRecord]:
        """Records of the 'X功能区 + programmatic predicate' statements, one per area."""
        records, seen = [], set()
        for i, par in enumerate(self.pars):
            if i in skip or CAPTION.search(par.text):
                continue
            text = par.text
            matches = statements(text)
            for n, m in enumerate(matches):
                label = normalise(m.group("name"))
                if key(label) in seen:
                    continue
                seen.add(key(label))
                start = m.start("name")
                end = first_sentence(text, start)
                if n + 1 < len(matches) and matches[n + 1].start() < end:
                    end = matches[n + 1].start()
                while end > start and text[end - 1] in "，,；; ":
                    end -= 1
                excerpt = par.excerpt(self.source, start, end)
                records.append(
                    self.record(
                        label, self.plan_at(i), excerpt, focus=normalise(text[start:end]), focus_excerpt=excerpt
                    )
                )
        return records

    def record(self, label: str, plan: str, excerpt: Excerpt, **fields) -> AreaRecord:
        """An AreaRecord of this span; a missing plan name is reported."""
        if not plan:
            self.issue(
                excerpt.line_start,
                "area-plan-not-named",
                f"{label}: the document names no spatial plan (“…”布局/战略); plan left empty",
            )
        return AreaRecord(document=self.span.document_key, label=label, plan=plan, excerpt=excerpt, **fields)


def statements(text: str) -> list[re.Match]:
    """The focus statements of a paragraph ("市北功能区着力…"), generic subjects (四大功能区) left out."""
    return [m for m in STATEMENT.finditer(text) if not GENERIC_STEM.search(m.group("stem"))]


def detect(span: Span) -> bool:
    """A span describes areas when it has a 区域范围 block or a 'X功能区 着力/聚焦/…' statement."""
    return any(EXTENT.match(p.text) or (not CAPTION.search(p.text) and statements(p.text)) for p in paragraphs(span))


def extract(span: Span) -> Extraction:
    """The span's areas: its 区域范围 blocks with their focus, then its focus statements."""
    reader = _Reader(span, paragraphs(span))
    records, used = reader.block_records()
    records += reader.statement_records(used)
    return Extraction(records=tuple(records), issues=tuple(reader.issues))


# --- resolution and triples ---------------------------------------------------------------


class StreetNode(Record):
    """A street an area contains: the whole street's organisation id, or a part of it."""

    street: str  # organisation id of the whole street or town
    boundary: str | None = None


class AreaNode(Record):
    """One functional area, merged over the documents that describe it."""

    id: str
    label: str
    plan: str
    aliases: tuple[str, ...] = ()
    streets: tuple[StreetNode, ...] = ()
    extents: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()  # organisation ids of the area's management named as responsible
    district: str | None = None
    excerpts: tuple[Excerpt, ...]


def _resolve(ctx) -> list[AreaNode]:
    """One node per area across documents, its streets, its managing body; then the belts tax tables name."""
    from .indicators import ValueRecord

    areas = _merge(ctx.of(AreaRecord), ctx.resolver)
    # A document that names no spatial plan is fine when another document gives the area's plan.
    planned = {(e.source, e.line_start) for a in areas if a.plan for e in a.excerpts}
    ctx.issues[:] = [i for i in ctx.issues if not (i.code == "area-plan-not-named" and (i.source, i.line) in planned)]
    _link_bodies(areas, ctx.resolver)
    return areas + _belts(ctx.of(ValueRecord), areas, ctx)


def resolved(ctx) -> list[AreaNode]:
    """The areas of the graph, belts included (for kinds that place their records in areas)."""
    return ctx.result(KIND)


def _merge(records: list[AreaRecord], resolver) -> list[AreaNode]:
    """One node per area label (or alias) across documents; streets resolved to Street bodies."""
    merged: dict[str, AreaNode] = {}
    names: dict[tuple[str | None, str], str] = {}  # (district, key(name)) -> area id: districts kept apart
    for r in records:
        district = resolver.placement.at(r.excerpt) if resolver.placement else None
        aid = next(
            (names[(district, key(n))] for n in (r.label, *r.aliases) if (district, key(n)) in names), None
        ) or resolver.districts.scoped(district, "area-" + slug(r.label))
        streets = tuple(
            StreetNode(street=resolver.state(p.street, "Street", r.excerpt), boundary=p.boundary) for p in r.streets
        )
        old = merged.get(aid)
        if old is None:
            old = AreaNode(id=aid, label=normalise(r.label), plan=r.plan, district=district, excerpts=())
        cited = [r.excerpt, *([r.focus_excerpt] if r.focus_excerpt else [])]
        merged[aid] = old.model_copy(
            update={
                "plan": old.plan or r.plan,
                "aliases": tuple(dict.fromkeys([*old.aliases, *(normalise(a) for a in r.aliases)])),
                "streets": tuple(dict.fromkeys([*old.streets, *streets])),
                "extents": tuple(dict.fromkeys([*old.extents, *([normalise(r.extent)] if r.extent else [])])),
                "focus": tuple(dict.fromkeys([*old.focus, *([normalise(r.focus)] if r.focus else [])])),
                "documents": tuple(dict.fromkeys([*old.documents, r.document])),
                "excerpts": tuple(dict.fromkeys([*old.excerpts, *cited])),
            }
        )
        for n in (r.label, *r.aliases):
            names.setdefault((district, key(n)), aid)
    return [merged[k] for k in sorted(merged)]


def _link_bodies(areas: list[AreaNode], resolver) -> None:
    """Tie each area to the responsible body that is its management (same name or alias)."""
    for i, area in enumerate(areas):
        bodies = [
            oid
            for n in (area.label, *area.aliases)
            if (oid := resolver.lookup(n, area.excerpts[0])) and oid not in {s.street for s in area.streets}
        ]
        if bodies:
            areas[i] = area.model_copy(update={"bodies": tuple(dict.fromkeys(bodies))})


def _belts(values: list, areas: list[AreaNode], ctx) -> list[AreaNode]:
    """Areas that only a tax table names (the agglomeration belts), cited to their first row."""
    known = {(a.district, key(n)) for a in areas for n in (a.label, *a.aliases)}
    out: dict[tuple[str | None, str], AreaNode] = {}
    for v in values:
        district = ctx.district(v.document)
        if v.area and (district, key(v.area)) not in known and (district, key(v.area)) not in out:
            out[(district, key(v.area))] = AreaNode(
                id=ctx.resolver.districts.scoped(district, "area-" + slug(v.area)),
                label=normalise(v.area),
                plan="",
                documents=(v.document,),
                district=district,
                excerpts=(v.excerpt,),
            )
    return list(out.values())


def _triples(ctx, t) -> None:
    orgs = {o.id: o for o in ctx.resolver.organisations()}
    labels = {k: o.label for k, o in orgs.items()}
    for area in resolved(ctx):
        a = area_iri(area.id)
        t.a(a, V.Area)
        t.zh(a, V.prefLabel, area.label)
        if area.plan:
            t.value(a, V.plan, area.plan)
        for alias in area.aliases:
            t.zh(a, V.altLabel, alias)
        for text in area.extents:
            t.value(a, V.extent, text, lang="zh")
        for text in area.focus:
            t.value(a, V.focus, text, lang="zh")
        for doc in area.documents:
            t.link(a, V.definedIn, document_iri(doc))
        if area.district:
            t.link(a, V.district, district_iri(area.district))
        for body in area.bodies:
            t.link(org_iri(body), V.forArea, a)
        for st in area.streets:
            if st.boundary is None:
                t.link(a, V.containsStreet, org_iri(st.street))
                continue
            part = f"{org_iri(st.street)}/{slug(st.boundary)}"
            t.a(part, V.StreetPart)
            t.a(part, V.Street)
            t.a(part, V.Organization)
            t.zh(part, V.prefLabel, f"{labels[st.street]}({st.boundary})")
            t.link(part, V.partOfStreet, org_iri(st.street))
            t.value(part, V.boundary, st.boundary)
            if orgs[st.street].district:
                t.link(part, V.district, district_iri(orgs[st.street].district))
            t.link(a, V.containsStreet, part)
            t.cite(part, area.excerpts[0])
        for ex in area.excerpts:
            t.cite(a, ex)
    named: dict[str, list[str]] = {}
    for area in resolved(ctx):
        named.setdefault(area.label, []).append(area_iri(area.id))
    english_triples(ctx, t, "area", named)


AREAS = Kind(
    name=KIND,
    detect=detect,
    extract=extract,
    resolve=_resolve,
    after=("signatures", "appointments"),
    triples=_triples,
    cited=lambda ctx: (("areas", e) for a in resolved(ctx) for e in a.excerpts),
    counts=(Count("areas", V.Area),),
    finds=(
        Find(
            "jkg:Area", "area", (Route("manages the area", "?o jkg:forArea ?s . ?m jkg:responsibleBody ?o ."),), rank=30
        ),
    ),
    styles=(
        Style("street-part", "街镇片段 Street part", "#9edae5", "ellipse", rank=40, cls=V.StreetPart, precedence=3),
        Style("area", "片区/功能区 Area", "#8c564b", "hexagon", rank=50, cls=V.Area),
    ),
    facts=(
        Fact(V.plan, "规划 Plan", 80),
        Fact(V.extent, "范围 Extent", 90),
        Fact(V.boundary, "界线 Boundary", 100),
        Fact(V.focus, "重点 Focus", 110),
        Fact(V.definedIn, "文件 Document", 20, linked=True),
        Fact(V.forArea, "管理片区 Manages", 110, linked=True),
        Fact(V.partOfStreet, "属于 Part of", 120, linked=True),
    ),
)
