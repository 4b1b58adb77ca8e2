"""Organisations: names resolved to one node each through the curated table; unknown names kept, flagged."""

from __future__ import annotations

import re

from ..records import Excerpt, Record
from ..text import key, normalise, slug


class Organisation(Record):
    """An organisation node: a curated body, one a document names in full, one whose full name the
    standard pattern gives (`inferred`), or a name nothing resolves (`unresolved`)."""

    id: str
    label: str
    type: str | None
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    excerpt: Excerpt
    district: str | None = None  # the district id it belongs to
    unresolved: bool = False
    inferred: bool = False


# The standard pattern of a district's bodies, for districts the curated table does not hold:
# 区商务委 → 长宁区商务委员会, 区市场监管局 → 长宁区市场监管局, 区政府办 → 长宁区人民政府办公室.
_PATTERN = (
    (re.compile(r"^区政府$"), "人民政府"),
    (re.compile(r"^区政府办(?:公室)?$"), "人民政府办公室"),
    (re.compile(r"^区(\S+?)委(?:员会)?$"), r"\1委员会"),
    (re.compile(r"^区(\S+?)办(?:公室)?$"), r"\1办公室"),
    (re.compile(r"^区(\S+?(?:局|中心|院|署|队))$"), r"\1"),
)


class Resolver:
    """Looks names up within the district of the line they are read on: the curated table for its
    districts, the bodies documents state in full, the standard pattern elsewhere; names nothing
    resolves become unresolved organisations."""

    def __init__(self, rows: list, sources: set[str] | None = None, districts=None, placement=None, body_names=()):
        """`rows`: curate.curated.CuratedOrganisation; `sources`: the paths of the build's sources
        (a row whose cited source is not among them is cited where this build first names it);
        `districts`: curate.districts.Districts; `placement`: where each line's district is;
        `body_names`: curate.curated.CuratedBodyName, the full names of a district's bodies."""
        from .districts import Districts

        self.rows = {r.id: r for r in rows}
        self.body_names = {key(b.short): b for b in body_names}
        self.sources = sources
        self.districts = districts or Districts()
        self.placement = placement
        self.first: dict[str, Excerpt] = {}  # org id -> where this build first names it
        self.index: dict[str | None, dict[str, str]] = {}  # district (None: any) -> key(name) -> org id
        for r in rows:
            names = self.index.setdefault(r.district, {})
            for name in (r.label, *r.aliases, *r.search_aliases):
                names[key(name)] = r.id
                names.setdefault(key(name).removeprefix("上海市"), r.id)
        self.seen: dict[str, set[str]] = {}  # org id -> forms seen in the text
        self.unresolved: dict[str, Organisation] = {}
        self.stated: dict[str, Organisation] = {}  # bodies a document names in full, or the pattern infers

    def district(self, name: str, excerpt: Excerpt | None) -> str | None:
        """The district a name belongs to: the one it starts with (长宁区…), else the one of its line."""
        return self.districts.prefix(name) or (self.placement.at(excerpt) if self.placement else None)

    def _names(self, district: str | None) -> dict[str, str]:
        return {**self.index.get(None, {}), **self.index.get(district, {})}

    def lookup(self, name: str, excerpt: Excerpt | None = None) -> str | None:
        """The organisation id a name resolves to in its district, if any; `excerpt`: where it was read."""
        k, names = key(name), self._names(self.district(name, excerpt))
        found = names.get(k) or names.get(k.removeprefix("上海市"))
        if found and excerpt is not None:
            self.first.setdefault(found, excerpt)
        if (
            found in self.stated
            and self.stated[found].inferred
            and k.removeprefix("上海市") == key(self.stated[found].label)
        ):
            self.stated[found] = self.stated[found].model_copy(update={"inferred": False})  # the text states it in full
        return found

    def resolve(self, name: str, excerpt: Excerpt) -> tuple[str, bool]:
        """The organisation id for a name; False when nothing resolves it (an unresolved node)."""
        found = self.lookup(name, excerpt)
        if found:
            self.seen.setdefault(found, set()).add(normalise(name))
            return found, True
        district = self.district(name, excerpt)
        if district is not None and district != self.districts.home:
            if street_like(name) or self.districts.prefix(name):
                return self.state(name, "Street" if street_like(name) else org_type(normalise(name)), excerpt), True
            if inferred := self._infer(name, district, excerpt):
                return inferred, True
        oid = "unresolved-" + (f"{district}-" if district and district != self.districts.home else "") + slug(name)
        self.unresolved.setdefault(
            oid,
            Organisation(id=oid, label=normalise(name), type=None, excerpt=excerpt, district=district, unresolved=True),
        )
        return oid, False

    def _infer(self, name: str, district: str, excerpt: Excerpt) -> str | None:
        """区商务委 in a 长宁 document: 长宁区商务委员会, by the curated full names of a district's
        bodies (body-names.yaml), else the home district's body of that name (静安区商务委员会 →
        长宁区商务委员会), else the standard pattern; marked inferred."""
        k, d = key(name), self.districts.rows[district]
        label = label_en = type_ = None
        home = self.districts.rows.get(self.districts.home) if self.districts.home else None
        if k.startswith("区") and (form := self.body_names.get(k[1:])):
            label, type_ = form.name_in(d.label), "GovernmentBody"
        if home and k.startswith("区") and (rid := self.index.get(home.id, {}).get(k)):
            row = self.rows[rid]
            if key(row.label).startswith(key(home.label)) and row.type == "GovernmentBody":
                label = label or d.label + key(row.label)[len(key(home.label)) :]
                type_ = row.type
                if row.label_en and home.label_en in row.label_en:
                    label_en = row.label_en.replace(home.label_en, d.label_en)
        if label is None:
            for pattern, form in _PATTERN:
                if pattern.match(k):
                    label = d.label + pattern.sub(form, k)
                    type_ = "GovernmentBody"
                    break
        if label is None:
            return None
        names = self.index.setdefault(district, {})
        oid = names.get(key(label)) or self._local_id(district, label)
        if oid not in self.stated:
            self.stated[oid] = Organisation(
                id=oid, label=label, type=type_, label_en=label_en, excerpt=excerpt, district=district, inferred=True
            )
        names[k] = names[key(label)] = oid
        self.seen.setdefault(oid, set()).add(normalise(name))
        return oid

    def _as_short(self, name: str, district: str, excerpt: Excerpt) -> str | None:
        """上海市普陀区发改委 is 区发改委 of 普陀区: the body its short form gives, when the short form is
        known (body-names.yaml or the home district's table); the written name becomes an alias."""
        k, full = key(name).removeprefix("上海市"), key(self.districts.rows[district].label)
        if not k.startswith(full) or k == full:
            return None
        short = "区" + k[len(full) :]
        home = self.index.get(self.districts.home, {}) if self.districts.home else {}
        if short[1:] not in self.body_names and short not in home:
            return None
        oid = self._infer(short, district, excerpt)
        if oid is None:
            return None
        o = self.stated[oid]
        if o.inferred and k == key(o.label):
            self.stated[oid] = o.model_copy(update={"inferred": False})  # the text states it in full
        self.index[district][key(name)] = oid
        self.seen.setdefault(oid, set()).add(normalise(name))
        return oid

    def _local_id(self, district: str | None, label: str) -> str:
        """A node id within its district: 长宁区商务委员会 → changning-shang-wu-wei-yuan-hui-…; the
        home district's (and a district-less one's) ids are the plain slug they always were."""
        if district is None or district == self.districts.home:
            return slug(label)
        k, full = key(label).removeprefix("上海市"), key(self.districts.rows[district].label)
        return self.districts.scoped(district, slug(k[len(full) :] if k.startswith(full) and k != full else k))

    def state(self, name: str, type_: str | None, excerpt: Excerpt) -> str:
        """A body a document names in full (signature, appointment, street list): known id or a new node."""
        short = street_name(name)
        label = short or normalise(name)
        is_street = bool(short) or type_ == "Street"
        district = (is_street and self.districts.street(label)) or self.district(name, excerpt)
        names = self.index.setdefault(district, {})
        found = (
            names.get(key(name))
            or names.get(key(name).removeprefix("上海市"))
            or names.get(key(label))
            or self.lookup(name, excerpt)
            or (short and self.lookup(short, excerpt))
        )
        if found:
            if excerpt is not None:
                self.first.setdefault(found, excerpt)
            self.seen.setdefault(found, set()).add(normalise(name))
            if found in self.stated and type_ and not self.stated[found].type:
                self.stated[found] = self.stated[found].model_copy(update={"type": type_})
            return found
        known = None
        if district is not None and district != self.districts.home and not is_street:
            known = self._as_short(name, district, excerpt)
        if known is not None:
            return known
        # A street office is filed under its street (江宁路街道), its office name an alias.
        oid = self._local_id(district, label)
        self.stated[oid] = Organisation(
            id=oid, label=label, type="Street" if short else type_, excerpt=excerpt, district=district
        )
        names[key(name)] = oid
        if short:
            names.setdefault(key(short), oid)
            self.seen.setdefault(oid, set()).add(normalise(name))
        return oid

    def within(self, text: str, excerpt: Excerpt | None = None) -> list[str]:
        """Every known organisation named inside a longer text (longest names first)."""
        names = self._names(self.placement.at(excerpt) if self.placement and excerpt else None)
        k, found = key(text), []
        for name in sorted(names, key=len, reverse=True):
            if len(name) >= 3 and name in k:
                found.append(names[name])
                k = k.replace(name, "|")
        if excerpt is not None:
            for oid in found:
                self.first.setdefault(oid, excerpt)
        return list(dict.fromkeys(found))

    def organisations(self) -> list[Organisation]:
        """Every organisation node: curated rows (cited to the line their row cites, or, when that
        source is not in this build, to where the build first names them; unnamed ones left out),
        bodies documents state in full or the pattern infers, and unresolved names."""
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
                    district=r.district,
                )
            )
        stated = [
            o.model_copy(update={"aliases": tuple(sorted(self.seen.get(o.id, set()) - {o.label}))})
            for o in self.stated.values()
        ]
        return sorted([*out, *stated, *self.unresolved.values()], key=lambda o: o.id)


def street_like(name: str) -> bool:
    """新华路街道, 新泾镇, 江宁路街道办事处: a street or town (or its office)."""
    k = key(name)
    return bool(street_name(k)) or (k.endswith(("街道", "镇")) and len(k) >= 3 and not k.startswith(("各", "相关")))


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
