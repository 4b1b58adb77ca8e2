"""Districts: which district a document is of, read from its text, and where each line belongs.

A document's district is, in this order: what the manifest states; else the district its issuer
names (上海市长宁区人民政府, 长宁区发展和改革委员会), its title names (关于静安区2022年…), its 文号
prefix says (长府, curated), its head names (the meeting line, 区长 …); else, for a document inside
a larger source (a gazette), the district the source's title names; else the district its text
names most (full or short names, at least twice and more than twice as often as any other). A
document none of these tell gets no district and a `district-unknown` warning. The rules and the
districts are data (data/curated/districts.yaml); no district is assumed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..records import DocumentRecord, Excerpt, Issue
from ..text import key

DISTRICT_UNKNOWN = "district-unknown"
DISTRICT_CONFLICT = "district-conflict"
_MENTIONS_MIN = 2  # a district the text names at least this often …
_MENTIONS_LEAD = 2  # … and more than this many times as often as any other


class Districts:
    """The curated districts: names in every form, 文号 prefixes, streets; `home` carries no IRI part."""

    def __init__(self, rows: tuple | list = ()):
        self.rows = {r.id: r for r in rows}
        self.home = next((r.id for r in rows if r.home), None)
        self._full = {key(r.label): r.id for r in rows}
        self._full.update({"上海市" + key(r.label): r.id for r in rows})
        self._streets = {key(s): r.id for r in rows for s in r.streets}
        names = {}
        for r in rows:
            for n in (r.id, r.label, r.short, r.pinyin, r.label_en, r.code, r.label_en.removesuffix(" District")):
                names[key(n).lower().replace("'", "").replace("’", "")] = r.id
        self._names = names
        full = sorted(self._full, key=len, reverse=True)
        self._full_re = re.compile("|".join(map(re.escape, full))) if full else None
        short = sorted({key(r.short) for r in rows} | set(self._full), key=len, reverse=True)
        self._short_re = re.compile("|".join(map(re.escape, short))) if short else None
        self._short = {key(r.short): r.id for r in rows}
        self._not = [key(n) for r in rows for n in r.not_mentions]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def label(self, did: str) -> str:
        return self.rows[did].label

    def find(self, name: str) -> str | None:
        """The district a user names: 长宁区, 长宁, changning, Changning District, 310105 (any case)."""
        return self._names.get(key(name).lower().replace("'", "").replace("’", ""))

    def named(self, text: str) -> list[str]:
        """The districts a text names by full name (长宁区, 上海市长宁区), in order of first mention."""
        if self._full_re is None:
            return []
        return list(dict.fromkeys(self._full[m.group(0)] for m in self._full_re.finditer(key(text))))

    def only(self, text: str | None) -> str | None:
        """The district a text names, when it names exactly one."""
        found = self.named(text or "")
        return found[0] if len(found) == 1 else None

    def prefix(self, name: str) -> str | None:
        """The district a body's name starts with (长宁区商务委员会, 上海市长宁区人民政府)."""
        k = key(name)
        return next((d for full, d in self._full.items() if k.startswith(full)), None)

    def by_wenhao(self, identifier: str | None) -> str | None:
        """The district whose government's 文号 prefix (长府, curated) starts the identifier."""
        k = key(identifier or "")
        return next((r.id for r in self.rows.values() for p in r.wenhao if k.startswith(key(p))), None)

    def street(self, name: str) -> str | None:
        """The district a street or town belongs to, by the curated street lists."""
        return self._streets.get(key(name))

    def most_named(self, text: str) -> str | None:
        """The district a text names most (full or short names), when it clearly leads."""
        if self._short_re is None:
            return None
        k = key(text)
        for n in self._not:  # 黄浦江, 宝山路: names of other things that hold a district's short name
            k = k.replace(n, "|")
        counts = Counter(self._full.get(m.group(0)) or self._short[m.group(0)] for m in self._short_re.finditer(k))
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < _MENTIONS_MIN:
            return None
        if len(ranked) > 1 and ranked[0][1] <= _MENTIONS_LEAD * ranked[1][1]:
            return None
        return ranked[0][0]

    def scoped(self, did: str | None, local: str) -> str:
        """An id inside a district: as it is for the home district (and none), else prefixed: changning-…"""
        return local if did is None or did == self.home else f"{did}-{local}"


@dataclass
class Placement:
    """Each document's district and why; `at(excerpt)` tells the district of any cited line."""

    districts: Districts
    of: dict[str, str] = field(default_factory=dict)  # document key -> district id
    why: dict[str, str] = field(default_factory=dict)  # document key -> the evidence, for the report
    spans: dict[str, list[tuple[int, int, str | None]]] = field(default_factory=dict)  # source -> (first, last, id)
    sources: dict[str, str | None] = field(default_factory=dict)  # source -> its district, if one
    issues: list[Issue] = field(default_factory=list)

    def at(self, excerpt: Excerpt | None) -> str | None:
        """The district of the document a cited line lies in (else of its source)."""
        if excerpt is None:
            return None
        spans = self.spans.get(excerpt.source, [])
        i = bisect_right([s[0] for s in spans], excerpt.line_start) - 1
        if i >= 0 and excerpt.line_start <= spans[i][1]:
            return spans[i][2]
        return self.sources.get(excerpt.source)


def place(documents: list[DocumentRecord], sources: list, districts: Districts) -> Placement:
    """Every document's district by the rules of this module, warnings for those none tells."""
    out = Placement(districts)
    by_path = {s.path: s for s in sources}
    multi = Counter(d.excerpt.source for d in documents)
    for d in documents:
        src = by_path.get(d.excerpt.source)
        did, why = _district_of(d, src, multi[d.excerpt.source] > 1, districts, out.issues)
        if did:
            out.of[d.key], out.why[d.key] = did, why
        elif districts:
            out.issues.append(
                Issue(
                    source=d.excerpt.source,
                    line=d.excerpt.line_start,
                    code=DISTRICT_UNKNOWN,
                    reason=f"{d.title!r}: no district is named by its issuer, title, 文号, head or text; its "
                    "bodies are not resolved to any district's (state it in manifest.yaml: district: 长宁区)",
                )
            )
        first = d.excerpt.line_start
        out.spans.setdefault(d.excerpt.source, []).append((first, d.last_line or first, did))
    for path, spans in out.spans.items():
        spans.sort(key=lambda s: (s[0], s[1]))
        found = {s[2] for s in spans}
        src = by_path.get(path)
        stated = src and (_manifest(src.meta.district, districts) or districts.only(src.meta.title))
        out.sources[path] = stated or (found.pop() if len(found) == 1 else None)
    return out


def _manifest(name: str | None, districts: Districts) -> str | None:
    return districts.find(name) if name else None


def _district_of(d: DocumentRecord, src, inside: bool, districts: Districts, issues: list) -> tuple[str | None, str]:
    """(district id, the evidence) for one document; (None, "") when nothing tells."""
    if not districts:
        return None, ""
    read = [
        ("issuer", districts.only(d.issuer)),
        ("title", districts.only(d.title)),
        ("文号", districts.by_wenhao(d.identifier)),
        ("head", districts.only(d.excerpt.quote)),
    ]
    text_says = next(((w, did) for w, did in read if did), None)
    if d.district:
        did = districts.find(d.district)
        if did is None:
            issues.append(
                Issue(
                    source="manifest.yaml",
                    line=None,
                    code=DISTRICT_UNKNOWN,
                    reason=f"{d.excerpt.source}: district {d.district!r} is not a district of data/curated/districts.yaml",
                )
            )
        else:
            if text_says and text_says[1] != did:
                issues.append(
                    Issue(
                        source=d.excerpt.source,
                        line=d.excerpt.line_start,
                        code=DISTRICT_CONFLICT,
                        reason=f"{d.title!r}: the manifest says {districts.label(did)}, its {text_says[0]} says "
                        f"{districts.label(text_says[1])}; the manifest's is kept",
                    )
                )
            return did, "manifest"
    if text_says:
        return text_says[1], text_says[0]
    if inside and src is not None and (did := districts.only(src.meta.title)):
        return did, "source title"
    if src is not None:
        last = d.last_line or len(src.lines)
        body = "".join(src.line(i).text for i in range(d.excerpt.line_start, last + 1))
        if did := districts.most_named(body):
            return did, "text"
    return None, ""
