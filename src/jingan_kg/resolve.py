"""Resolution: body names to one organisation each (curated aliases), sections to industries."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field

from .errors import CuratedDataError
from .records import DocumentRecord, Excerpt, Extraction, IndustryRecord, Issue, MeasureRecord, Record
from .text import key, normalise

ORG_TYPES = ("GovernmentBody", "Street", "Enterprise", "AreaBody", "PartyBody")


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


class Resolved(Record):
    """Everything the graph is built from, with names resolved to node ids."""

    documents: tuple[DocumentRecord, ...]
    publishers: dict[str, tuple[str, ...]]  # document key -> organisation ids
    measures: tuple[ResolvedMeasure, ...]
    industries: tuple[IndustryRecord, ...]
    organisations: tuple[Organisation, ...]
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
        return sorted([*out, *self.unresolved.values()], key=lambda o: o.id)


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


def industries_for(sections: tuple[str, ...], industries: list[IndustryRecord]) -> tuple[str, ...]:
    """Industries (not focus fields) named by the innermost section heading that names any."""
    named = [r for r in industries if r.role == "industry" and len(industry_core(r.label)) >= 2]
    for heading in reversed(sections):
        hk = key(heading)
        hits = [r.label for r in named if industry_core(r.label) in hk]
        if hits:
            return tuple(dict.fromkeys(hits))
    return ()


def resolve(extractions: list[Extraction], rows: list[CuratedOrganisation]) -> Resolved:
    """Resolve body names, document issuers and measure sections across all extractions."""
    resolver = Resolver(rows)
    issues = [i for e in extractions for i in e.issues]
    industries = _unique_industries([r for e in extractions for r in e.industries])
    measures = []
    for e in extractions:
        for m in e.measures:
            ids = []
            for body in m.bodies:
                oid, ok = resolver.resolve(body.name, m.excerpt.model_copy(
                    update={"line_start": body.line, "line_end": body.line, "quote": m.clause or body.name}))
                if not ok:
                    issues.append(Issue(source=m.excerpt.source, line=body.line, code="unresolved-body",
                                        reason=f"measure {m.ordinal}: body {body.name!r} is not in "
                                               "data/curated/organisations.yaml; kept as an unresolved organisation"))
                ids.append(oid)
            measures.append(ResolvedMeasure(measure=m, bodies=tuple(dict.fromkeys(ids)),
                                            industries=industries_for(m.sections, industries)))
    documents = _unique_documents([d for e in extractions for d in e.documents])
    publishers = {}
    for d in documents:
        if d.issuer:
            found = resolver.lookup(d.issuer)
            ids = [found] if found else resolver.within(d.issuer)
            if not ids:
                oid, _ = resolver.resolve(d.issuer, d.excerpt)
                ids = [oid]
                issues.append(Issue(source=d.excerpt.source, line=d.excerpt.line_start, code="unresolved-issuer",
                                    reason=f"issuer {d.issuer!r} is not in data/curated/organisations.yaml"))
            publishers[d.key] = tuple(ids)
    return Resolved(documents=tuple(documents), publishers=publishers, measures=tuple(measures),
                    industries=tuple(industries), organisations=tuple(resolver.organisations()),
                    issues=tuple(sorted(issues, key=lambda i: (i.source, i.line or 0, i.code, i.reason))))


def _unique_documents(docs: list[DocumentRecord]) -> list[DocumentRecord]:
    """One record per document key; a richer kind (an extractor's) wins over plain "document"."""
    out: dict[str, DocumentRecord] = {}
    for d in docs:
        if d.key not in out or out[d.key].kind == "document":
            out[d.key] = d
    return sorted(out.values(), key=lambda d: d.key)


def _unique_industries(records: list[IndustryRecord]) -> list[IndustryRecord]:
    out: dict[str, IndustryRecord] = {}
    for r in records:
        out.setdefault(key(r.label), r)
    return list(out.values())
