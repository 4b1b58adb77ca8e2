"""The curated files of data/curated/, read in one place, checked, and kept in one canonical form.

organisations.yaml  one row per real body: id, label, type, aliases …, the line that states it;
industries.yaml     other names and renamings of industries, each cited;
indicators.yaml     names of one indicator that differ across documents, each form cited;
english-names.yaml  official English names of industries, areas, indicators, documents and terms,
                    each quoted from the public page that uses it (`english_names_for` at build time).

Reading. `load_organisations`, `load_industries`, `load_indicator_names` read one file each,
`load_curated` the folder. Every problem raises `CuratedDataError`, whose message names the file
and line, the row (counted from 1, with its id or label), the field (`source.line`; entries of a
list counted from 1: `forms#2.name`) and the reason, and whose hint says how to fix it: YAML syntax,
a missing top-level key, a row that is not a mapping, a missing, unknown (misspelt), repeated or
mistyped field; and the consistency rules: ids unique, a name (label or alias, compared by
`text.key`) owned by one row, organisation types from ORG_TYPES, an indicator form owned by one
indicator, labels of industries and indicators unique.

Canonical form. `canonical_text(path)` is the file as it should be written: its leading comment
block verbatim, then its rows sorted (organisations by id, industries and indicators by label),
each row's keys in the model's field order, a field left out when it holds its default (except
`aliases`, always written, `[]` when empty), lists of names and small mappings (source, alias
and form entries) in flow style: `source: {file: gazette-2026-01.txt, line: 1606, quote: …}`,
`aliases: [大宁功能片区]`. Comments below the leading block would be lost, so they are refused.
`write_canonical(folder)` rewrites the files that differ, only when the rewritten file loads to
the same rows. `jingan-kg curated [--fix] [FOLDER]` checks (or fixes) a folder (curate/canonical.py).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from ..records import Record
from ..text import key
from .rows import _field_path, _File, _line_at, _parse, _read_text, _Row, _Schema

ORG_TYPES = ("GovernmentBody", "Street", "Enterprise", "AreaBody", "PartyBody", "PublicInstitution")
FIX_COMMAND = "jingan-kg curated --fix"


class CuratedSource(Record):
    file: str
    line: int = Field(ge=1)
    quote: str = Field(min_length=1)


class CuratedOrganisation(Record):
    """One row of data/curated/organisations.yaml."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ("aliases",)

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="an id of lower-case ASCII letters, digits and dashes, e.g. jingan-drc",
    )
    label: str
    type: str = Field(description="one of " + ", ".join(ORG_TYPES))
    label_en: str | None = None
    district: str | None = Field(
        default=None, description="the id of its district in districts.yaml; none for a city body"
    )
    aliases: tuple[str, ...] = ()
    search_aliases: tuple[str, ...] = ()
    source: CuratedSource
    note: str | None = None


class CitedPage(Record):
    """A public page that states a fact: its address and a verbatim quote."""

    address: str = Field(pattern=r"^https?://\S+$")
    quote: str = Field(min_length=1)


class CuratedDistrict(Record):
    """One row of data/curated/districts.yaml: a district of Shanghai, its names, code and streets."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ("wenhao", "streets")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="lower-case pinyin, used in IRIs, e.g. changning")
    label: str = Field(pattern=r"^\S+(区|县)$", description="the full name, e.g. 长宁区")
    label_en: str
    code: str = Field(pattern=r"^31\d{4}$", description="the six-digit administrative division code, e.g. 310105")
    short: str
    pinyin: str = Field(pattern=r"^[a-z]+$")
    wenhao: tuple[str, ...] = ()
    home: bool = False
    not_mentions: tuple[str, ...] = ()
    source: CitedPage
    streets: tuple[str, ...] = ()
    streets_source: CitedPage | None = None
    streets_cited: tuple[CuratedSource, ...] = ()  # lines of the given sources that name them
    note: str | None = None


class CuratedBodyName(Record):
    """One row of data/curated/body-names.yaml: 区<short> in a district's document is <district><full>."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ()

    short: str = Field(pattern=r"^[^区\s]\S*$", description="the short form without the leading 区, e.g. 市场监管局")
    full: str = Field(description="the full form without the district's name, or with {district} where it goes")
    source: CitedPage
    note: str | None = None

    def name_in(self, district_label: str) -> str:
        """The body's full name in one district: 长宁区市场监督管理局, 国家税务总局上海市长宁区税务局."""
        return (
            self.full.replace("{district}", district_label) if "{district}" in self.full else district_label + self.full
        )


class IndustryAlias(Record):
    name: str
    file: str
    line: int = Field(ge=1)


class CuratedIndustry(Record):
    """One row of data/curated/industries.yaml: another name, or a renaming, of an industry."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ("aliases",)

    label: str
    aliases: tuple[IndustryAlias, ...] = ()
    replaced_by: str | None = None
    source: CuratedSource | None = None


class IndicatorForm(Record):
    """A name of an indicator as a document writes it, and the line that writes it."""

    name: str
    file: str
    line: int = Field(ge=1)


class CuratedIndicator(Record):
    """One row of data/curated/indicators.yaml: the label of an indicator and the forms that name it."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ()

    label: str
    note: str | None = None
    forms: tuple[IndicatorForm, ...] = Field(min_length=1)


ENGLISH_KINDS = ("industry", "area", "indicator", "document", "term")


class CuratedEnglishName(Record):
    """One row of data/curated/english-names.yaml: an official English name of what a Chinese label
    names, quoted from the public page that uses it, and a line of the sources that writes the label."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ()

    label: str = Field(min_length=1, description="the Chinese label as the graph writes it, e.g. 社会消费品零售总额")
    kind: str = Field(description="one of " + ", ".join(ENGLISH_KINDS))
    en: str = Field(pattern=r"^[^\u3400-\u9fff]+$", description="the English name as the page writes it")
    source: CitedPage
    cited: CuratedSource  # a line of the given sources that writes the label
    note: str | None = None


class EnglishNameAt(Record):
    """A row of english-names.yaml with where it stands, so a build can name the row it refuses."""

    row: CuratedEnglishName
    file: str
    line: int
    number: int


class Curated(Record):
    """Everything data/curated/ holds, checked."""

    organisations: tuple[CuratedOrganisation, ...]
    industries: tuple[CuratedIndustry, ...] = ()
    indicator_names: dict[str, str] = {}  # key(form as written) -> indicator label
    districts: tuple[CuratedDistrict, ...] = ()
    body_names: tuple[CuratedBodyName, ...] = ()
    english_names: tuple[EnglishNameAt, ...] = ()


# --- consistency rules -----------------------------------------------------------------------


def _name_owner(f: _File, owner: dict[str, _Row], row: _Row, name: str, field: str, line: int) -> None:
    """A name (compared by key) is owned by one row."""
    k = key(name)
    first = owner.setdefault(k, row)
    if first is not row:
        this, other = (getattr(r.model, f.schema.name) for r in (row, first))
        raise f.error(
            f"name {name!r} belongs to both {other} and {this} (row {first.number}, line {first.line})",
            f"A name resolves to one {f.schema.what}: keep it in one of the two rows, or merge the rows if they are one.",
            row,
            field,
            line=line,
        )


def _unique(f: _File, seen: dict[str, _Row], row: _Row, value: str, k: str) -> None:
    first = seen.setdefault(k, row)
    if first is not row:
        field = f.schema.name
        raise f.error(
            f"{field} {value!r} is already used by row {first.number} (line {first.line})",
            f"Give each {f.schema.what} its own {field}; if the two rows are one {f.schema.what}, merge them.",
            row,
            field,
            line=_line_at(row.node, (field,)),
        )


def _check_organisations(f: _File, rows: list[_Row]) -> None:
    ids: dict[str, _Row] = {}
    owner: dict[str, _Row] = {}
    for row in rows:
        r: CuratedOrganisation = row.model
        if r.type not in ORG_TYPES:
            close = difflib.get_close_matches(r.type, ORG_TYPES, n=1, cutoff=0.5)
            raise f.error(
                f"{r.type!r} is not an organisation type" + (f"; did you mean {close[0]!r}?" if close else ""),
                f"Use one of: {', '.join(ORG_TYPES)}.",
                row,
                "type",
                line=_line_at(row.node, ("type",)),
            )
        _unique(f, ids, row, r.id, r.id)
        names = [
            ("label", (), r.label),
            *(("aliases", (i,), a) for i, a in enumerate(r.aliases)),
            *(("search_aliases", (i,), a) for i, a in enumerate(r.search_aliases)),
        ]
        for field, at, name in names:
            _name_owner(f, owner, row, name, _field_path((field, *at)), _line_at(row.node, (field, *at)))


def _check_industries(f: _File, rows: list[_Row]) -> None:
    labels: dict[str, _Row] = {}
    owner: dict[str, _Row] = {}
    for row in rows:
        r: CuratedIndustry = row.model
        _unique(f, labels, row, r.label, key(r.label))
        _name_owner(f, owner, row, r.label, "label", _line_at(row.node, ("label",)))
        for i, a in enumerate(r.aliases):
            _name_owner(
                f, owner, row, a.name, _field_path(("aliases", i, "name")), _line_at(row.node, ("aliases", i, "name"))
            )


def _check_indicators(f: _File, rows: list[_Row]) -> None:
    labels: dict[str, _Row] = {}
    owner: dict[str, _Row] = {}
    for row in rows:
        r: CuratedIndicator = row.model
        _unique(f, labels, row, r.label, key(r.label))
        for i, form in enumerate(r.forms):
            first = owner.setdefault(key(form.name), row)
            if first is not row:
                raise f.error(
                    f"{form.name!r} is a form of both {first.model.label!r} and {r.label!r} "
                    f"(row {first.number}, line {first.line})",
                    "A form names one indicator: remove it from one of the two rows, or merge the rows "
                    "if they are one indicator.",
                    row,
                    _field_path(("forms", i, "name")),
                    line=_line_at(row.node, ("forms", i, "name")),
                )


def _check_districts(f: _File, rows: list[_Row]) -> None:
    """Ids, codes and names unique; at most one home district; a street belongs to one district."""
    ids: dict[str, _Row] = {}
    codes: dict[str, _Row] = {}
    owner: dict[str, _Row] = {}
    streets: dict[str, _Row] = {}
    homes = [row for row in rows if row.model.home]
    if len(homes) > 1:
        raise f.error(
            "more than one district is marked `home: true`",
            "Mark one district home: its IRIs carry no district part (the graph's first district).",
            homes[1],
            "home",
            line=_line_at(homes[1].node, ("home",)),
        )
    for row in rows:
        r: CuratedDistrict = row.model
        _unique(f, ids, row, r.id, r.id)
        first = codes.setdefault(r.code, row)
        if first is not row:
            raise f.error(
                f"code {r.code} is already used by row {first.number} (line {first.line})",
                "A division code names one district.",
                row,
                "code",
                line=_line_at(row.node, ("code",)),
            )
        for field, name in (("label", r.label), ("short", r.short), ("pinyin", r.pinyin), ("label_en", r.label_en)):
            _name_owner(f, owner, row, name, field, _line_at(row.node, (field,)))
        for i, street in enumerate(r.streets):
            first = streets.setdefault(key(street), row)
            if first is not row:
                raise f.error(
                    f"street {street!r} is listed under both {first.model.id} and {r.id}",
                    "A street or town belongs to one district: remove it from one of the two rows.",
                    row,
                    _field_path(("streets", i)),
                    line=_line_at(row.node, ("streets", i)),
                )
        if r.streets and r.streets_source is None and not r.streets_cited:
            raise f.error(
                "streets are listed without `streets_source` or `streets_cited`",
                "Cite the page that lists them (streets_source: {address: https://…, quote: …}) or the "
                "source lines that name them (streets_cited: [{file: …, line: …, quote: …}]).",
                row,
                "streets",
                line=_line_at(row.node, ("streets",)),
            )


ORGANISATIONS_FILE = _Schema("organisations", CuratedOrganisation, "id", "organisation", "id: …", _check_organisations)
INDUSTRIES_FILE = _Schema("industries", CuratedIndustry, "label", "industry", "label: …", _check_industries)
INDICATORS_FILE = _Schema("indicators", CuratedIndicator, "label", "indicator", "label: …", _check_indicators)


def _check_body_names(f: _File, rows: list[_Row]) -> None:
    seen: dict[str, _Row] = {}
    for row in rows:
        _unique(f, seen, row, row.model.short, key(row.model.short))


def _plain_latin(text: str) -> str:
    """English text compared as a reader would: case, curly apostrophes and runs of spaces aside."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _check_english_names(f: _File, rows: list[_Row]) -> None:
    """A known kind; the page's quote holds the English name and the cited line's quote the label;
    an English name names one label of a kind, and a row is not written twice."""
    seen: dict[tuple[str, str, str], _Row] = {}
    owner: dict[tuple[str, str], _Row] = {}
    for row in rows:
        r: CuratedEnglishName = row.model
        if r.kind not in ENGLISH_KINDS:
            close = difflib.get_close_matches(r.kind, ENGLISH_KINDS, n=1, cutoff=0.5)
            raise f.error(
                f"{r.kind!r} is not a kind of English name" + (f"; did you mean {close[0]!r}?" if close else ""),
                f"Use one of: {', '.join(ENGLISH_KINDS)}.",
                row,
                "kind",
                line=_line_at(row.node, ("kind",)),
            )
        if _plain_latin(r.en) not in _plain_latin(r.source.quote):
            raise f.error(
                f"the quote does not contain the English name {r.en!r}",
                "Copy the sentence of the page that writes the name, verbatim, into source.quote; the name "
                "must be written in it as it stands in `en` (case and curly apostrophes aside).",
                row,
                "source.quote",
                line=_line_at(row.node, ("source", "quote")),
            )
        if key(r.label) not in key(r.cited.quote):
            raise f.error(
                f"the cited quote does not contain the label {r.label!r}",
                "Cite a line of the sources that writes the label: its file, line and the words of it "
                "that hold the label.",
                row,
                "cited.quote",
                line=_line_at(row.node, ("cited", "quote")),
            )
        first = seen.setdefault((r.kind, key(r.label), _plain_latin(r.en)), row)
        if first is not row:
            raise f.error(
                f"{r.en!r} is already the English name of {r.label!r} in row {first.number} (line {first.line})",
                "Keep one of the two rows.",
                row,
                "en",
                line=_line_at(row.node, ("en",)),
            )
        first = owner.setdefault((r.kind, _plain_latin(r.en)), row)
        if first is not row:
            raise f.error(
                f"{r.en!r} names both {first.model.label!r} (row {first.number}, line {first.line}) and {r.label!r}",
                f"An English name names one {r.kind}: keep it on the label the page means.",
                row,
                "en",
                line=_line_at(row.node, ("en",)),
            )


DISTRICTS_FILE = _Schema("districts", CuratedDistrict, "code", "district", "code: …", _check_districts)
BODY_NAMES_FILE = _Schema("body_names", CuratedBodyName, "short", "body name", "short: …", _check_body_names)
ENGLISH_NAMES_FILE = _Schema(
    "english_names", CuratedEnglishName, "label", "English name", "label: …", _check_english_names
)
SCHEMAS = {
    k.top: k
    for k in (ORGANISATIONS_FILE, INDUSTRIES_FILE, INDICATORS_FILE, DISTRICTS_FILE, BODY_NAMES_FILE, ENGLISH_NAMES_FILE)
}
OPTIONAL = ("industries", "districts", "body_names", "english_names")  # files a curated folder may leave out
FILE_NAMES = {"body_names": "body-names", "english_names": "english-names"}  # files named otherwise than their key


def _rows(path: Path, schema: _Schema) -> list[_Row]:
    return _parse(_read_text(path, schema))


# --- public readers --------------------------------------------------------------------------


def load_organisations(path: Path) -> list[CuratedOrganisation]:
    """data/curated/organisations.yaml, in file order: unique ids, known types, one owner per name."""
    return [r.model for r in _rows(path, ORGANISATIONS_FILE)]


def load_industries(path: Path) -> list[CuratedIndustry]:
    """data/curated/industries.yaml, in file order; [] when there is no such file."""
    if not Path(path).exists():
        return []
    return [r.model for r in _rows(path, INDUSTRIES_FILE)]


def load_districts(path: Path) -> list[CuratedDistrict]:
    """data/curated/districts.yaml, in file order; [] when there is no such file."""
    if not Path(path).exists():
        return []
    return [r.model for r in _rows(path, DISTRICTS_FILE)]


def load_body_names(path: Path) -> list[CuratedBodyName]:
    """data/curated/body-names.yaml, in file order; [] when there is no such file."""
    if not Path(path).exists():
        return []
    return [r.model for r in _rows(path, BODY_NAMES_FILE)]


def load_english_names(path: Path) -> list[EnglishNameAt]:
    """data/curated/english-names.yaml, in file order, each row with its file and line; [] when there
    is no such file."""
    if not Path(path).exists():
        return []
    f = _read_text(path, ENGLISH_NAMES_FILE)
    return [
        EnglishNameAt(row=r.model, file=f.shown, line=_line_at(r.node, ("label",)), number=r.number) for r in _parse(f)
    ]


def english_names_for(curated: Curated, kind: str, labels, read: set[str]) -> dict[str, tuple[CuratedEnglishName, ...]]:
    """{label: its English-name rows, in file order} for the labels a build gave one kind (compared by
    `key`; a term's labels are those its cited lines write). A row whose cited source was read but
    whose label is none of them stops the build at that row; a row citing a source not read is left
    out (its label may be named only there)."""
    from ..errors import CuratedDataError

    known = {key(label): label for label in labels}
    out: dict[str, list[CuratedEnglishName]] = {}
    for at in curated.english_names:
        r = at.row
        if r.kind != kind or r.cited.file not in read:
            continue
        label = known.get(key(r.label))
        if label is None:
            close = difflib.get_close_matches(r.label, sorted(known.values()), n=1, cutoff=0.6)
            where = f"{r.cited.file}:{r.cited.line}"
            raise CuratedDataError(
                (
                    f"line {where} does not write {r.label!r}"
                    if kind == "term"
                    else f"no {kind} of the graph is labelled {r.label!r}, though {where} was read"
                )
                + (f"; did you mean {close[0]!r}?" if close else ""),
                file=at.file,
                line=at.line,
                row=at.number,
                name=f"label: {r.label}",
                field="label",
                hint=f"Write the label as the graph names the {kind} (`jingan-kg search` shows it), "
                "or cite a line that writes it.",
            )
        out.setdefault(label, []).append(r)
    return {label: tuple(rows) for label, rows in out.items()}


def load_indicators(path: Path) -> list[CuratedIndicator]:
    """data/curated/indicators.yaml, in file order: unique labels, one owner per form."""
    return [r.model for r in _rows(path, INDICATORS_FILE)]


def indicator_names(rows: list[CuratedIndicator]) -> dict[str, str]:
    """{key(form): label}, what the resolver looks indicator names up in."""
    return {key(form.name): row.label for row in rows for form in row.forms}


def load_indicator_names(path: Path) -> dict[str, str]:
    """data/curated/indicators.yaml as {key(form): label}, for the resolver; a form has one owner."""
    return indicator_names(load_indicators(path))


def load_curated(folder: Path) -> Curated:
    """Every curated file of a folder (organisations.yaml, industries.yaml and districts.yaml if
    any, indicators.yaml); an organisation's district must be a row of districts.yaml."""
    folder = Path(folder)
    districts = load_districts(folder / "districts.yaml")
    org_rows = _rows(folder / "organisations.yaml", ORGANISATIONS_FILE)
    _check_org_districts(folder, org_rows, {d.id for d in districts})
    return Curated(
        organisations=tuple(r.model for r in org_rows),
        industries=tuple(load_industries(folder / "industries.yaml")),
        indicator_names=load_indicator_names(folder / "indicators.yaml"),
        districts=tuple(districts),
        body_names=tuple(load_body_names(folder / "body-names.yaml")),
        english_names=tuple(load_english_names(folder / "english-names.yaml")),
    )


def _check_org_districts(folder: Path, rows: list[_Row], known: set[str]) -> None:
    from ..errors import CuratedDataError

    for row in rows:
        d = row.model.district
        if d is not None and d not in known:
            close = difflib.get_close_matches(d, sorted(known), n=1, cutoff=0.5)
            raise CuratedDataError(
                f"district {d!r} is not an id of districts.yaml" + (f"; did you mean {close[0]!r}?" if close else ""),
                file=str(folder / "organisations.yaml"),
                line=_line_at(row.node, ("district",)),
                row=row.number,
                name=f"id: {row.model.id}",
                field="district",
                hint="Use the id of a row of districts.yaml (e.g. jingan), or add the district there.",
            )
