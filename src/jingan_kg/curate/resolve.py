"""Resolution: body names to one organisation each (curated aliases), sections to industries."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from ..errors import CuratedDataError
from ..records import (AppointmentRecord, AreaRecord, DocumentRecord, Excerpt, Extraction, IndustryRecord, Issue,
                      MeasureRecord, ProjectRecord, Record, ServiceItemRecord, TermRecord, ValueRecord)
from ..text import key, normalise

ORG_TYPES = ("GovernmentBody", "Street", "Enterprise", "AreaBody", "PartyBody", "PublicInstitution")


class CuratedSource(Record):
    file: str
    line: int = Field(ge=1)
    quote: str = Field(min_length=1)


class CuratedOrganisation(Record):
    """One row of data/curated/organisations.yaml."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str
    type: str
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    search_aliases: tuple[str, ...] = ()
    source: CuratedSource
    note: str | None = None


class Organisation(Record):
    """An organisation node: a curated body, or a name no curated row resolves (`unresolved`)."""

    id: str
    label: str
    type: str | None
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    excerpt: Excerpt
    unresolved: bool = False


class ResolvedMeasure(Record):
    measure: MeasureRecord
    bodies: tuple[str, ...]  # organisation ids, in clause order, no repeats
    industries: tuple[str, ...]  # industry labels


class IndustryAlias(Record):
    name: str
    file: str
    line: int = Field(ge=1)


class CuratedIndustry(Record):
    """One row of data/curated/industries.yaml: another name, or a renaming, of an industry."""

    label: str
    aliases: tuple[IndustryAlias, ...] = ()
    replaced_by: str | None = None
    source: CuratedSource | None = None


def load_industries(path: Path) -> list[CuratedIndustry]:
    import yaml

    if not path.exists():
        return []
    return [CuratedIndustry(**row) for row in yaml.safe_load(path.read_text(encoding="utf-8"))["industries"]]


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
    excerpts: tuple[Excerpt, ...]


class ResolvedProject(Record):
    project: ProjectRecord
    streets: tuple[str, ...]  # organisation ids
    areas: tuple[str, ...]  # area ids, where the street lies wholly in one area


class IndicatorNode(Record):
    """One quantity, whatever document or year states a value of it."""

    id: str
    label: str
    unit: str | None = None
    kind: str | None = None  # 预期性 / 约束性
    aliases: tuple[str, ...] = ()
    excerpt: Excerpt


class ResolvedValue(Record):
    value: ValueRecord
    indicator: str  # IndicatorNode.id
    area: str | None = None  # area id for an area's tax outcome


class ResolvedAppointment(Record):
    appointment: AppointmentRecord
    organisation: str | None  # organisation id


class Resolved(Record):
    """Everything the graph is built from, with names resolved to node ids."""

    documents: tuple[DocumentRecord, ...]
    document_kinds: dict[str, tuple[str, ...]] = {}  # document key -> kinds its extractors found
    publishers: dict[str, tuple[str, ...]]  # document key -> organisation ids
    measures: tuple[ResolvedMeasure, ...]
    industries: tuple[IndustryRecord, ...]
    organisations: tuple[Organisation, ...]
    areas: tuple[AreaNode, ...] = ()
    projects: tuple[ResolvedProject, ...] = ()
    indicators: tuple[IndicatorNode, ...] = ()
    values: tuple[ResolvedValue, ...] = ()
    service_items: tuple[ServiceItemRecord, ...] = ()
    appointments: tuple[ResolvedAppointment, ...] = ()
    terms: tuple[TermRecord, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()  # (industry, the industry a source says replaced it)
    issues: tuple[Issue, ...]


def load_catalogue(path: Path) -> list[CuratedOrganisation]:
    """Read and check the curated organisation table: unique ids, one owner per alias."""
    import yaml

    rows = [CuratedOrganisation(**row) for row in yaml.safe_load(path.read_text(encoding="utf-8"))["organisations"]]
    owner: dict[str, str] = {}
    for row in rows:
        if row.type not in ORG_TYPES:
            raise CuratedDataError(f"{path.name}: {row.id}: type {row.type!r} is not one of {ORG_TYPES}")
        for name in (row.label, *row.aliases, *row.search_aliases):
            k = key(name)
            if owner.get(k, row.id) != row.id:
                raise CuratedDataError(f"{path.name}: name {name!r} belongs to both {owner[k]} and {row.id}")
            owner[k] = row.id
    if len({r.id for r in rows}) != len(rows):
        raise CuratedDataError(f"{path.name}: duplicate ids")
    return rows


class Resolver:
    """Looks names up in the curated table; unknown names become unresolved organisations."""

    def __init__(self, rows: list[CuratedOrganisation]):
        self.rows = {r.id: r for r in rows}
        self.index: dict[str, str] = {}
        for r in rows:
            for name in (r.label, *r.aliases, *r.search_aliases):
                self.index[key(name)] = r.id
                self.index.setdefault(key(name).removeprefix("上海市"), r.id)
        self.seen: dict[str, set[str]] = {}  # org id -> forms seen in the text
        self.unresolved: dict[str, Organisation] = {}
        self.stated: dict[str, Organisation] = {}  # bodies whose full name a document states

    def lookup(self, name: str) -> str | None:
        k = key(name)
        return self.index.get(k) or self.index.get(k.removeprefix("上海市"))

    def resolve(self, name: str, excerpt: Excerpt) -> tuple[str, bool]:
        """The organisation id for a name; creates an unresolved node the first time one is unknown."""
        found = self.lookup(name)
        if found:
            self.seen.setdefault(found, set()).add(normalise(name))
            return found, True
        oid = "unresolved-" + slug(name)
        self.unresolved.setdefault(oid, Organisation(id=oid, label=normalise(name), type=None,
                                                     excerpt=excerpt, unresolved=True))
        return oid, False

    def state(self, name: str, type_: str | None, excerpt: Excerpt) -> str:
        """A body a document names in full (signature, appointment, street list): known id or a new node."""
        short = street_name(name)
        found = self.lookup(name) or (short and self.lookup(short))
        if found:
            self.seen.setdefault(found, set()).add(normalise(name))
            if found in self.stated and type_ and not self.stated[found].type:
                self.stated[found] = self.stated[found].model_copy(update={"type": type_})
            return found
        # A street office is filed under its street (江宁路街道), its office name an alias.
        label = short or normalise(name)
        oid = slug(label)
        self.stated[oid] = Organisation(id=oid, label=label, type="Street" if short else type_, excerpt=excerpt)
        self.index[key(name)] = oid
        if short:
            self.index.setdefault(key(short), oid)
            self.seen.setdefault(oid, set()).add(normalise(name))
        return oid

    def within(self, text: str) -> list[str]:
        """Every known organisation named inside a longer text (longest names first)."""
        k, found = key(text), []
        for name in sorted(self.index, key=len, reverse=True):
            if len(name) >= 3 and name in k:
                found.append(self.index[name])
                k = k.replace(name, "|")
        return list(dict.fromkeys(found))

    def organisations(self) -> list[Organisation]:
        out = []
        for r in self.rows.values():
            line = r.source
            aliases = sorted({*r.aliases, *self.seen.get(r.id, ())} - {r.label})
            out.append(Organisation(id=r.id, label=normalise(r.label), type=r.type, label_en=r.label_en,
                                    aliases=tuple(normalise(a) for a in aliases),
                                    hidden=tuple(normalise(a) for a in r.search_aliases if a not in aliases),
                                    excerpt=Excerpt(source=line.file, line_start=line.line, line_end=line.line,
                                                    quote=line.quote)))
        stated = [o.model_copy(update={"aliases": tuple(sorted(self.seen.get(o.id, set()) - {o.label}))})
                  for o in self.stated.values()]
        return sorted([*out, *stated, *self.unresolved.values()], key=lambda o: o.id)


_STREET_OFFICE = re.compile(r"^(?:\S*?人民政府)?(\S+?(?:街道|镇))(?:办事处|人民政府|政府)$")


def street_name(name: str) -> str | None:
    """上海市静安区人民政府临汾路街道办事处 → 临汾路街道: the street a street office stands for."""
    m = _STREET_OFFICE.match(key(name))
    return m.group(1) if m else None


@lru_cache(maxsize=None)
def slug(text: str, limit: int = 40) -> str:
    """A readable, stable ASCII slug for Chinese text: tone-less pinyin plus a short hash."""
    import hashlib

    from pypinyin import lazy_pinyin

    norm = key(text)
    ascii_ = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(norm)).lower()).strip("-")[:limit].strip("-")
    return f"{ascii_ or 'x'}-{hashlib.sha1(norm.encode()).hexdigest()[:6]}"


_SUFFIX = re.compile(r"(产业赛道|赛道|产业|业)$")


def industry_core(label: str) -> str:
    """时尚消费业 / 时尚消费产业 → 时尚消费: the part a section heading names."""
    return _SUFFIX.sub("", key(label))


def industries_for(sections: tuple[str, ...], industries: list[IndustryRecord], title: str = "",
                   document_title: str = "") -> tuple[str, ...]:
    """Industries a measure concerns: those its innermost naming section heading names, and those its
    title names (实施“未来”产业集群… → 未来产业赛道); failing both, industries or focus fields (人力资源)
    its document's title names."""
    named = [r for r in industries if r.role == "industry" and len(industry_core(r.label)) >= 2]
    hits: list[str] = []
    for heading in reversed(sections):
        hk = key(heading)
        hits = [r.label for r in named if industry_core(r.label) in hk]
        if hits:
            break
    tk = key(title)
    tracks = [r for r in industries if r.role in ("industry", "group") and len(industry_core(r.label)) >= 2]
    hits += [r.label for r in tracks if re.search(re.escape(industry_core(r.label)) + r"[”\"]?(产业|业)", tk)]
    if not hits and document_title:
        dk = key(document_title)
        hits = [r.label for r in named if key(r.label) in dk] or \
               [r.label for r in industries if r.role == "focus" and len(key(r.label)) >= 3 and key(r.label) in dk]
    return tuple(dict.fromkeys(hits))


def resolve(extractions: list[Extraction], rows: list[CuratedOrganisation],
            industry_rows: list[CuratedIndustry] = (), indicator_names: dict[str, str] | None = None) -> Resolved:
    """Resolve names across all extractions: bodies, streets, areas, indicators, industries."""
    resolver = Resolver(rows)
    issues = [i for e in extractions for i in e.issues]
    every = lambda field: [r for e in extractions for r in getattr(e, field)]  # noqa: E731
    canon = {key(a.name): r.label for r in industry_rows for a in r.aliases}
    name_of = lambda label: canon.get(key(label), normalise(label))  # noqa: E731
    industries = _unique_industries(every("industries"), every("values"), name_of)
    documents = _unique_documents(every("documents"))
    kinds: dict[str, set[str]] = {}
    for d in every("documents"):
        kinds.setdefault(d.key, set()).add(d.kind)
    # Bodies whose full name a document states come first, so later mentions resolve to them.
    signed: dict[str, list[str]] = {}
    for o in every("organisations"):
        oid = resolver.state(o.name, o.type, o.excerpt)
        if o.signed:
            signed.setdefault(o.signed, []).append(oid)
    appointments = []
    for a in every("appointments"):
        oid = resolver.state(a.organisation, _org_type(a.organisation), a.excerpt) if a.organisation else None
        appointments.append(ResolvedAppointment(appointment=a, organisation=oid))
    areas = _areas(every("areas"), resolver)
    # A document that names no spatial plan is fine when another document gives the area's plan.
    planned = {(e.source, e.line_start) for a in areas if a.plan for e in a.excerpts}
    issues = [i for i in issues if not (i.code == "area-plan-not-named" and (i.source, i.line) in planned)]
    titles = {d.key: d.title for d in documents}
    measures = [_measure(m, resolver, industries, issues, titles.get(m.document, "")) for m in every("measures")]
    _link_area_bodies(areas, resolver)
    projects = [_project(p, resolver, areas, issues) for p in every("projects")]
    areas += _belts(every("values"), areas)
    indicators, values = _indicators(every("values"), areas, indicator_names or {}, name_of)
    publishers = {}
    for d in documents:
        ids = list(signed.get(d.key, []))
        if d.issuer:
            found = resolver.lookup(d.issuer)
            named = [found] if found else resolver.within(d.issuer)
            if not named:
                oid, _ = resolver.resolve(d.issuer, d.excerpt)
                named = [oid]
                issues.append(Issue(source=d.excerpt.source, line=d.excerpt.line_start, code="unresolved-issuer",
                                    reason=f"issuer {d.issuer!r} is not in data/curated/organisations.yaml"))
            ids = named + ids
        if ids:
            publishers[d.key] = tuple(dict.fromkeys(ids))
        elif named := resolver.within(d.title):  # "…区政府人事任免事项": the body the title names
            publishers[d.key] = tuple(named)
    return Resolved(
        documents=tuple(documents), document_kinds={k: tuple(sorted(v - {"document"}) or ["document"])
                                                    for k, v in sorted(kinds.items())},
        publishers=publishers, measures=tuple(measures), industries=tuple(industries),
        organisations=tuple(resolver.organisations()), areas=tuple(areas), projects=tuple(projects),
        indicators=tuple(indicators), values=tuple(values),
        service_items=tuple(sorted(every("service_items"), key=lambda r: (r.document, r.ordinal))),
        appointments=tuple(appointments),
        terms=tuple(sorted(every("terms"), key=lambda r: (r.document, r.ordinal))),
        replacements=tuple((r.label, r.replaced_by) for r in industry_rows if r.replaced_by),
        issues=tuple(sorted(issues, key=lambda i: (i.source, i.line or 0, i.code, i.reason))))


def _org_type(name: str) -> str | None:
    from ..kinds.signatures import org_type

    return org_type(normalise(name))


def _measure(m: MeasureRecord, resolver: Resolver, industries, issues: list[Issue],
             document_title: str) -> ResolvedMeasure:
    ids = []
    for body in m.bodies:
        oid, ok = resolver.resolve(body.name, m.excerpt.model_copy(
            update={"line_start": body.line, "line_end": body.line, "quote": m.clause or body.name}))
        if not ok:
            issues.append(Issue(source=m.excerpt.source, line=body.line, code="unresolved-body",
                                reason=f"measure {m.ordinal}: body {body.name!r} is not in "
                                       "data/curated/organisations.yaml; kept as an unresolved organisation"))
        ids.append(oid)
    return ResolvedMeasure(measure=m, bodies=tuple(dict.fromkeys(ids)),
                           industries=industries_for(m.sections, industries, m.title, document_title))


def _areas(records: list[AreaRecord], resolver: Resolver) -> list[AreaNode]:
    """One node per area label (or alias) across documents; streets resolved to Street bodies."""
    merged: dict[str, AreaNode] = {}
    names: dict[str, str] = {}
    for r in records:
        aid = next((names[key(n)] for n in (r.label, *r.aliases) if key(n) in names), None) or "area-" + slug(r.label)
        streets = tuple(StreetNode(street=resolver.state(p.street, "Street", r.excerpt), boundary=p.boundary)
                        for p in r.streets)
        old = merged.get(aid)
        if old is None:
            old = AreaNode(id=aid, label=normalise(r.label), plan=r.plan, excerpts=())
        cited = [r.excerpt, *([r.focus_excerpt] if r.focus_excerpt else [])]
        merged[aid] = old.model_copy(update={
            "plan": old.plan or r.plan,
            "aliases": tuple(dict.fromkeys([*old.aliases, *(normalise(a) for a in r.aliases)])),
            "streets": tuple(dict.fromkeys([*old.streets, *streets])),
            "extents": tuple(dict.fromkeys([*old.extents, *([normalise(r.extent)] if r.extent else [])])),
            "focus": tuple(dict.fromkeys([*old.focus, *([normalise(r.focus)] if r.focus else [])])),
            "documents": tuple(dict.fromkeys([*old.documents, r.document])),
            "excerpts": tuple(dict.fromkeys([*old.excerpts, *cited])),
        })
        for n in (r.label, *r.aliases):
            names.setdefault(key(n), aid)
    return [merged[k] for k in sorted(merged)]


def _link_area_bodies(areas: list[AreaNode], resolver: Resolver) -> None:
    """Tie each area to the responsible body that is its management (same name or alias)."""
    for i, area in enumerate(areas):
        bodies = [oid for n in (area.label, *area.aliases) if (oid := resolver.lookup(n))
                  and oid not in {s.street for s in area.streets}]
        if bodies:
            areas[i] = area.model_copy(update={"bodies": tuple(dict.fromkeys(bodies))})


def _project(p: ProjectRecord, resolver: Resolver, areas: list[AreaNode], issues: list[Issue]) -> ResolvedProject:
    streets = tuple(resolver.state(name, "Street", p.excerpt) for name in p.places)
    found = []
    for sid in streets:
        holders = [a.id for a in areas if any(s.street == sid for s in a.streets)]
        if len({a for a in holders}) == 1:
            found.append(holders[0])
        elif len(holders) > 1:
            issues.append(Issue(source=p.excerpt.source, line=p.excerpt.line_start, code="project-area-ambiguous",
                                reason=f"project {p.ordinal}: {p.places} is split between areas; no area assigned"))
    return ResolvedProject(project=p, streets=streets, areas=tuple(dict.fromkeys(found)))


def _belts(values: list[ValueRecord], areas: list[AreaNode]) -> list[AreaNode]:
    """Areas that only a tax table names (the agglomeration belts), cited to their first row."""
    known = {key(n) for a in areas for n in (a.label, *a.aliases)}
    out: dict[str, AreaNode] = {}
    for v in values:
        if v.area and key(v.area) not in known and key(v.area) not in out:
            out[key(v.area)] = AreaNode(id="area-" + slug(v.area), label=normalise(v.area), plan="",
                                        documents=(v.document,), excerpts=(v.excerpt,))
    return list(out.values())


def _indicators(values: list[ValueRecord], areas: list[AreaNode], names: dict[str, str],
                industry_name) -> tuple[list[IndicatorNode], list[ResolvedValue]]:
    """One indicator per quantity (curated synonyms unified); unit and kind from whichever table states them."""
    nodes: dict[str, IndicatorNode] = {}
    out = []
    area_ids = {key(n): a.id for a in areas for n in (a.label, *a.aliases)}
    for v in values:
        label = names.get(key(v.indicator), normalise(v.indicator))
        if v.industry:
            v = v.model_copy(update={"industry": industry_name(v.industry)})
        iid = slug(label)
        node = nodes.get(iid) or IndicatorNode(id=iid, label=label, excerpt=v.excerpt)
        nodes[iid] = node.model_copy(update={
            "unit": node.unit or v.indicator_unit, "kind": node.kind or v.indicator_kind,
            "aliases": tuple(dict.fromkeys(a for a in (*node.aliases, normalise(v.indicator)) if a != label))})
        out.append(ResolvedValue(value=v, indicator=iid, area=area_ids.get(key(v.area)) if v.area else None))
    return [nodes[k] for k in sorted(nodes)], out


def _unique_documents(docs: list[DocumentRecord]) -> list[DocumentRecord]:
    """One record per document key; a richer kind (an extractor's) wins over plain "document"."""
    out: dict[str, DocumentRecord] = {}
    for d in docs:
        if d.key not in out or out[d.key].kind == "document":
            out[d.key] = d
    return sorted(out.values(), key=lambda d: d.key)


def _unique_industries(records: list[IndustryRecord], values: list[ValueRecord], name_of) -> list[IndustryRecord]:
    """Industries under their current names, one record per (industry, broader) pair.

    An industry that only a tax table names becomes an industry of its own, cited to that row.
    """
    out: dict[tuple[str, str | None], IndustryRecord] = {}
    for r in records:
        r = r.model_copy(update={"label": name_of(r.label), "broader": name_of(r.broader) if r.broader else None})
        out.setdefault((key(r.label), r.broader and key(r.broader)), r)
    known = {k for k, _ in out}
    for v in values:
        if v.industry and key(name_of(v.industry)) not in known:
            out[(key(name_of(v.industry)), None)] = IndustryRecord(label=name_of(v.industry), role="industry",
                                                                   excerpt=v.excerpt)
            known.add(key(name_of(v.industry)))
    return list(out.values())
