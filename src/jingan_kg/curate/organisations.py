"""Organisations: names resolved to one node each through the curated table; unknown names kept, flagged."""

from __future__ import annotations

import re

from ..records import Excerpt, Record
from ..text import key, normalise, slug


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


class Resolver:
    """Looks names up in the curated table; unknown names become unresolved organisations."""

    def __init__(self, rows: list, sources: set[str] | None = None):
        """`rows`: curate.curated.CuratedOrganisation; `sources`: the paths of the build's sources
        (a row whose cited source is not among them is cited where this build first names it)."""
        self.rows = {r.id: r for r in rows}
        self.sources = sources
        self.first: dict[str, Excerpt] = {}  # org id -> where this build first names it
        self.index: dict[str, str] = {}
        for r in rows:
            for name in (r.label, *r.aliases, *r.search_aliases):
                self.index[key(name)] = r.id
                self.index.setdefault(key(name).removeprefix("上海市"), r.id)
        self.seen: dict[str, set[str]] = {}  # org id -> forms seen in the text
        self.unresolved: dict[str, Organisation] = {}
        self.stated: dict[str, Organisation] = {}  # bodies whose full name a document states

    def lookup(self, name: str, excerpt: Excerpt | None = None) -> str | None:
        """The organisation id a name resolves to, if any; `excerpt`: where the name was read."""
        k = key(name)
        found = self.index.get(k) or self.index.get(k.removeprefix("上海市"))
        if found and excerpt is not None:
            self.first.setdefault(found, excerpt)
        return found

    def resolve(self, name: str, excerpt: Excerpt) -> tuple[str, bool]:
        """The organisation id for a name; creates an unresolved node the first time one is unknown."""
        found = self.lookup(name, excerpt)
        if found:
            self.seen.setdefault(found, set()).add(normalise(name))
            return found, True
        oid = "unresolved-" + slug(name)
        self.unresolved.setdefault(
            oid, Organisation(id=oid, label=normalise(name), type=None, excerpt=excerpt, unresolved=True)
        )
        return oid, False

    def state(self, name: str, type_: str | None, excerpt: Excerpt) -> str:
        """A body a document names in full (signature, appointment, street list): known id or a new node."""
        short = street_name(name)
        found = self.lookup(name, excerpt) or (short and self.lookup(short, excerpt))
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

    def within(self, text: str, excerpt: Excerpt | None = None) -> list[str]:
        """Every known organisation named inside a longer text (longest names first)."""
        k, found = key(text), []
        for name in sorted(self.index, key=len, reverse=True):
            if len(name) >= 3 and name in k:
                found.append(self.index[name])
                k = k.replace(name, "|")
        if excerpt is not None:
            for oid in found:
                self.first.setdefault(oid, excerpt)
        return list(dict.fromkeys(found))

    def organisations(self) -> list[Organisation]:
        """Every organisation node: curated rows (cited to the line their row cites, or, when that
        source is not in this build, to where the build first names them; unnamed ones left out),
        bodies documents state in full, and unresolved names."""
        out = []
        for r in self.rows.values():
            line = r.source
            if self.sources is None or line.file in self.sources:
                excerpt = Excerpt(source=line.file, line_start=line.line, line_end=line.line, quote=line.quote)
            elif r.id in self.first:
                excerpt = self.first[r.id]
            else:
                continue
            aliases = sorted({*r.aliases, *self.seen.get(r.id, ())} - {r.label})
            out.append(
                Organisation(
                    id=r.id,
                    label=normalise(r.label),
                    type=r.type,
                    label_en=r.label_en,
                    aliases=tuple(normalise(a) for a in aliases),
                    hidden=tuple(normalise(a) for a in r.search_aliases if a not in aliases),
                    excerpt=excerpt,
                )
            )
        stated = [
            o.model_copy(update={"aliases": tuple(sorted(self.seen.get(o.id, set()) - {o.label}))})
            for o in self.stated.values()
        ]
        return sorted([*out, *stated, *self.unresolved.values()], key=lambda o: o.id)


_STREET_OFFICE = re.compile(r"^(?:\S*?人民政府)?(\S+?(?:街道|镇))(?:办事处|人民政府|政府)$")


def street_name(name: str) -> str | None:
    """上海市静安区人民政府临汾路街道办事处 → 临汾路街道: the street a street office stands for."""
    m = _STREET_OFFICE.match(key(name))
    return m.group(1) if m else None


def org_type(name: str) -> str | None:
    """The kind of body a full name says it is, where it says so."""
    if name.startswith("中共") or "区委" in name:
        return "PartyBody"
    if name.endswith("有限公司"):
        return "Enterprise"
    if name.endswith(("街道办事处", "镇人民政府")):
        return "Street"
    if name.endswith(("委员会", "局", "办公室", "人民政府")):
        return "GovernmentBody"
    if re.search(r"(学校|中学|小学|学院|医院|中心|福利院)[)）]?$", name):
        return "PublicInstitution"  # 事业单位: schools, hospitals, service centres
    return None
