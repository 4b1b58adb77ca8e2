"""The curated files of data/curated/, read in one place, checked, and kept in one canonical form.

organisations.yaml  one row per real body: id, label, type, aliases …, the line that states it;
industries.yaml     other names and renamings of industries, each cited;
indicators.yaml     names of one indicator that differ across documents, each form cited.

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
the same rows. `python -m jingan_kg.curate.curated [--fix] [FOLDER]` checks (or fixes) a folder.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar

import yaml
from pydantic import BaseModel, Field, ValidationError

from ..errors import CuratedDataError
from ..records import Record
from ..text import key

ORG_TYPES = ("GovernmentBody", "Street", "Enterprise", "AreaBody", "PartyBody", "PublicInstitution")
FIX_COMMAND = "python -m jingan_kg.curate.curated --fix"


class CuratedSource(Record):
    file: str
    line: int = Field(ge=1)
    quote: str = Field(min_length=1)


class CuratedOrganisation(Record):
    """One row of data/curated/organisations.yaml."""

    ALWAYS_WRITTEN: ClassVar[tuple[str, ...]] = ("aliases",)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$",
                    description="an id of lower-case ASCII letters, digits and dashes, e.g. jingan-drc")
    label: str
    type: str = Field(description="one of " + ", ".join(ORG_TYPES))
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    search_aliases: tuple[str, ...] = ()
    source: CuratedSource
    note: str | None = None


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


class Curated(Record):
    """Everything data/curated/ holds, checked."""

    organisations: tuple[CuratedOrganisation, ...]
    industries: tuple[CuratedIndustry, ...] = ()
    indicator_names: dict[str, str] = {}  # key(form as written) -> indicator label


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    number: int  # counted from 1
    node: yaml.MappingNode
    model: Any

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1


@dataclass(frozen=True)
class _Kind:
    top: str  # the top-level key, also the file's stem
    model: type[Record]
    name: str  # the field a row is known by
    what: str  # "organisation"
    example: str  # the start of a row, for hints
    check: Callable[[_File, list[_Row]], None]


@dataclass(frozen=True)
class _File:
    """A curated file being read: what to call it in messages, its kind, its text."""

    shown: str
    kind: _Kind
    text: str

    def error(self, reason: str, hint: str, row: _Row | None = None, field: str | None = None,
              line: int | None = None) -> CuratedDataError:
        """An error at a row (its model, or its raw mapping before validation) and field."""
        raw, name = row.model if row is not None else None, None
        if isinstance(raw, BaseModel):
            name = f"{self.kind.name}: {getattr(raw, self.kind.name)}"
        elif isinstance(raw, dict) and isinstance(raw.get(self.kind.name), (str, int)):
            name = f"{self.kind.name}: {raw[self.kind.name]}"
        number = row.number if row is not None else None
        return CuratedDataError(reason, file=self.shown, line=line or (row.line if row else None), row=number,
                                name=name, field=field, hint=hint)


def _shown(path: Path) -> str:
    """The path as messages name it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_text(path: Path, kind: _Kind) -> _File:
    path = Path(path)
    shown = _shown(path)
    try:
        return _File(shown, kind, path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CuratedDataError("no such file", file=shown,
                               hint=f"data/curated/ must hold {kind.top}.yaml; restore it from git "
                                    f"(git checkout -- data/curated/{kind.top}.yaml)") from None
    except UnicodeDecodeError as exc:
        raise CuratedDataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=shown,
                               hint="Save the file as UTF-8.") from None


def _compose(f: _File) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree (for line numbers) and the data it holds."""
    try:
        loader = yaml.SafeLoader(f.text)
    except yaml.reader.ReaderError as exc:
        raise CuratedDataError(f"YAML cannot hold this character: {exc.reason} (#x{exc.character:04x})", file=f.shown,
                               line=f.text.count("\n", 0, exc.position) + 1,
                               hint="Remove the control character (or write it as an escape in a quoted text).") \
            from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CuratedDataError(f"YAML error: {exc.problem}", file=f.shown, line=mark.line + 1 if mark else None,
                               hint="Remove the `!!…` tag: curated files hold plain texts, numbers, lists and "
                                    "mappings.") from None
    except yaml.MarkedYAMLError as exc:
        mark, begun = exc.problem_mark or exc.context_mark, exc.context_mark
        line = mark.line + 1 if mark else None
        context = exc.context or ""
        if begun and line and begun.line + 1 != line:  # an unclosed quote or bracket: say where it opened
            context += f" (begun on line {begun.line + 1})"
            near = f"lines {begun.line + 1} to {line}"
        else:
            near = f"line {line} (or the line above it)"
        problem = ": ".join(p for p in (context, exc.problem) if p)
        raise CuratedDataError(
            f"YAML syntax error: {problem}", file=f.shown, line=line,
            hint=f"Fix the YAML near {near}: indent every row's fields alike, close every quote, [ and {{, "
                 "and quote a value that holds ': ' or starts with one of [ ] { } # & * ! | > ' \" % @ `.") from None
    except yaml.YAMLError as exc:
        raise CuratedDataError(f"YAML syntax error: {exc}", file=f.shown, hint="Fix the YAML of the file.") from None
    finally:
        loader.dispose()
    return node, data


def _check_keys(f: _File, node: yaml.Node, row: _Row | None, path: str = "") -> None:
    """Refuse a key written twice in one mapping (YAML would silently keep the last), or not a text."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else None
            field = f"{path}.{name}" if path else name
            if k.tag != "tag:yaml.org,2002:str":
                raise f.error("a field name must be text", "Use the field names of a row: "
                              + ", ".join(f.kind.model.model_fields) + ".", row, field or path or None,
                              line=k.start_mark.line + 1)
            if name is not None and name in seen:
                raise f.error(f"written twice (lines {seen[name]} and {k.start_mark.line + 1}); YAML would keep "
                              "only the last", f"Keep one {name!r} in the row.", row, field,
                              line=k.start_mark.line + 1)
            if name is not None:
                seen[name] = k.start_mark.line + 1
            _check_keys(f, v, row, field or "?")
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value, 1):
            _check_keys(f, v, row, f"{path}#{i}")


def _top(f: _File, node: yaml.Node | None, data: Any) -> tuple[yaml.SequenceNode | None, list]:
    """The list of rows under the file's top-level key."""
    top, what = f.kind.top, f.kind.what
    hint = (f"Start the file (after its comment lines) with `{top}:` at the left margin, then one row per "
            f"{what}, each starting `- {f.kind.example}`.")
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise CuratedDataError(f"no top-level `{top}:` key" + ("" if node is None else " (the file is not a mapping)"),
                               file=f.shown, line=node.start_mark.line + 1 if node is not None else None, hint=hint)
    names = [k.value if isinstance(k, yaml.ScalarNode) else k for k, _ in node.value]
    if top not in names:
        close = next((i for i, n in enumerate(names) if difflib.get_close_matches(str(n), [top], n=1, cutoff=0.6)),
                     None)
        found = " (found " + ", ".join(repr(n) for n in names) + \
            (f"; did you mean {top!r}?)" if close is not None else ")") if names else ""
        raise CuratedDataError(
            f"no top-level `{top}:` key{found}", file=f.shown,
            line=(node.value[close][0] if close is not None else node).start_mark.line + 1,
            hint=f"Rename {names[close]!r} to `{top}:`." if close is not None else hint)
    rows_node, top_line = None, 0
    for (k, v), name in zip(node.value, names):
        if name == top and rows_node is not None:
            raise CuratedDataError(f"`{top}:` written twice (lines {top_line} and {k.start_mark.line + 1}); YAML "
                                   "would keep only the last", file=f.shown, line=k.start_mark.line + 1,
                                   hint=f"Keep one `{top}:` and move all rows under it.")
        if name == top:
            rows_node, top_line = v, k.start_mark.line + 1
        else:
            raise CuratedDataError(f"unknown top-level key {name!r}", file=f.shown, line=k.start_mark.line + 1,
                                   hint=f"The file holds only `{top}:`; remove {name!r} or turn it into a comment "
                                        "in the file's leading comment block.")
    rows = data[top]
    if not isinstance(rows_node, yaml.SequenceNode) or not isinstance(rows, list):
        raise CuratedDataError(f"`{top}:` must hold a list of rows, not {_kind_of_value(rows)}", file=f.shown,
                               line=rows_node.start_mark.line + 1,
                               hint=f"Write one row per {what} under `{top}:`, each starting `- {f.kind.example}` "
                                    f"(or write `{top}: []` for none).")
    return rows_node, rows


def _parse(f: _File) -> list[_Row]:
    """The rows of a file, each validated against its model and checked against the others."""
    node, data = _compose(f)
    rows_node, raws = _top(f, node, data)
    rows = []
    for i, (row_node, raw) in enumerate(zip(rows_node.value, raws), 1):
        line = row_node.start_mark.line + 1
        if not isinstance(row_node, yaml.MappingNode) or not isinstance(raw, dict):
            raise CuratedDataError(
                f"not a mapping of fields (got {_kind_of_value(raw)})", file=f.shown, line=line, row=i,
                hint=f"Write each row as a mapping of fields, starting `- {f.kind.example}`, its other fields "
                     "indented to line up with the first.")
        row = _Row(i, row_node, raw)
        _check_keys(f, row_node, row)
        try:
            model = f.kind.model.model_validate(raw)
        except ValidationError as exc:
            raise _validation_error(f, row, exc) from None
        rows.append(_Row(i, row_node, model))
    f.kind.check(f, rows)
    return rows


def _kind_of_value(value: Any) -> str:
    return {str: "a text", int: "a number", float: "a number", bool: "yes/no", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


def _validation_error(f: _File, row: _Row, exc: ValidationError) -> CuratedDataError:
    """The first problem pydantic found, as a CuratedDataError (an unknown field before a missing one)."""
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = err["loc"]
    field = _field_path(loc)
    line = _line_at(row.node, loc)
    parent = _model_at(f.kind.model, loc[:-1])
    if err["type"] == "extra_forbidden":
        fields = list(parent.model_fields) if parent else []
        given = _given_keys(row.model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), [n for n in fields if n not in given] or fields, n=1,
                                          cutoff=0.6)
        reason = "unknown field" + (f"; did you mean {close[0]!r}?" if close else "")
        hint = (f"Rename it to {close[0]!r}." if close else "Remove it.") + \
            (f" The fields are: {', '.join(fields)}." if fields else "")
        return f.error(reason, hint, row, field, line=line)
    shape = _shape_at(f.kind.model, loc)
    if err["type"] == "missing":
        where = "the row" if len(loc) == 1 else repr(_field_path(loc[:-1]))
        return f.error("missing", f"Add `{loc[-1]}:` to {where}: {shape}.", row, field, line=line)
    msg = err["msg"].removeprefix("Input ").replace("valid tuple", "list").replace("Tuple", "the list")
    msg = re.sub(r"a valid dictionary or instance of \w+", "a mapping", msg)
    msg = msg[:1].lower() + msg[1:]
    return f.error(f"{msg} (got {err['input']!r})", f"Write {field} as {shape}.", row, field, line=line)


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"#{part + 1}" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_at(node: yaml.Node, loc: tuple) -> int:
    """The line of the deepest node a pydantic location reaches (the key's line for a mapping field)."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        else:
            break
    return line


def _given_keys(raw: Any, loc: tuple) -> set:
    for part in loc:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return set()
    return set(raw) if isinstance(raw, dict) else set()


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model a location inside a row points into (the row's own, or a nested entry's)."""
    annotation: Any = model
    for part in loc:
        annotation, _ = _strip_optional(annotation)
        if isinstance(part, int):
            if typing.get_origin(annotation) is not tuple:
                return None
            annotation = typing.get_args(annotation)[0]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        else:
            return None
    annotation, _ = _strip_optional(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _shape_at(model: type[BaseModel], loc: tuple) -> str:
    """What the value at a location should look like, in words."""
    parent = _model_at(model, loc[:-1])
    last = loc[-1] if loc else None
    if parent is not None and isinstance(last, str) and last in parent.model_fields:
        info = parent.model_fields[last]
        return info.description or _shape(info.annotation, info.metadata)
    if isinstance(last, int):  # an entry of a list
        container = _model_at(model, loc[:-2]) if len(loc) >= 2 else None
        if container is not None and loc[-2] in container.model_fields:
            annotation, _ = _strip_optional(container.model_fields[loc[-2]].annotation)
            if typing.get_origin(annotation) is tuple:
                return _shape(typing.get_args(annotation)[0], [])
    return "the value the field needs"


def _shape(annotation: Any, metadata: list) -> str:
    annotation, optional = _strip_optional(annotation)
    tail = " (or leave the field out)" if optional else ""
    if annotation is str:
        text = "text"
        for m in metadata:
            if getattr(m, "min_length", None):
                text = "non-empty text"
        return text + tail + "; quote it if YAML would read it as something else (yes, no, a number, a date)"
    if annotation is int:
        ge = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
        return "a whole number" + (f" ≥ {ge}" if ge is not None else "") + tail
    if typing.get_origin(annotation) is tuple:
        inner = typing.get_args(annotation)[0]
        if inner is str:
            return "a list of names, e.g. [甲, 乙] ([] for none)" + tail
        return "a list with one entry per line, each `- " + _shape(inner, []) + "`" + tail
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "{" + ", ".join(f"{n}: …" for n in annotation.model_fields) + "}" + tail
    return getattr(annotation, "__name__", str(annotation)) + tail


# --- consistency rules -----------------------------------------------------------------------


def _name_owner(f: _File, owner: dict[str, _Row], row: _Row, name: str, field: str, line: int) -> None:
    """A name (compared by key) is owned by one row."""
    k = key(name)
    first = owner.setdefault(k, row)
    if first is not row:
        this, other = (getattr(r.model, f.kind.name) for r in (row, first))
        raise f.error(f"name {name!r} belongs to both {other} and {this} (row {first.number}, line {first.line})",
                      f"A name resolves to one {f.kind.what}: keep it in one of the two rows, or merge the rows "
                      "if they are one.", row, field, line=line)


def _unique(f: _File, seen: dict[str, _Row], row: _Row, value: str, k: str) -> None:
    first = seen.setdefault(k, row)
    if first is not row:
        field = f.kind.name
        raise f.error(f"{field} {value!r} is already used by row {first.number} (line {first.line})",
                      f"Give each {f.kind.what} its own {field}; if the two rows are one {f.kind.what}, merge them.",
                      row, field, line=_line_at(row.node, (field,)))


def _check_organisations(f: _File, rows: list[_Row]) -> None:
    ids: dict[str, _Row] = {}
    owner: dict[str, _Row] = {}
    for row in rows:
        r: CuratedOrganisation = row.model
        if r.type not in ORG_TYPES:
            close = difflib.get_close_matches(r.type, ORG_TYPES, n=1, cutoff=0.5)
            raise f.error(f"{r.type!r} is not an organisation type"
                          + (f"; did you mean {close[0]!r}?" if close else ""),
                          f"Use one of: {', '.join(ORG_TYPES)}.", row, "type", line=_line_at(row.node, ("type",)))
        _unique(f, ids, row, r.id, r.id)
        names = [("label", (), r.label), *(("aliases", (i,), a) for i, a in enumerate(r.aliases)),
                 *(("search_aliases", (i,), a) for i, a in enumerate(r.search_aliases))]
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
            _name_owner(f, owner, row, a.name, _field_path(("aliases", i, "name")),
                        _line_at(row.node, ("aliases", i, "name")))


def _check_indicators(f: _File, rows: list[_Row]) -> None:
    labels: dict[str, _Row] = {}
    owner: dict[str, _Row] = {}
    for row in rows:
        r: CuratedIndicator = row.model
        _unique(f, labels, row, r.label, key(r.label))
        for i, form in enumerate(r.forms):
            first = owner.setdefault(key(form.name), row)
            if first is not row:
                raise f.error(f"{form.name!r} is a form of both {first.model.label!r} and {r.label!r} "
                              f"(row {first.number}, line {first.line})",
                              "A form names one indicator: remove it from one of the two rows, or merge the rows "
                              "if they are one indicator.", row, _field_path(("forms", i, "name")),
                              line=_line_at(row.node, ("forms", i, "name")))


ORGANISATIONS = _Kind("organisations", CuratedOrganisation, "id", "organisation", "id: …", _check_organisations)
INDUSTRIES = _Kind("industries", CuratedIndustry, "label", "industry", "label: …", _check_industries)
INDICATORS = _Kind("indicators", CuratedIndicator, "label", "indicator", "label: …", _check_indicators)
KINDS = {k.top: k for k in (ORGANISATIONS, INDUSTRIES, INDICATORS)}


def _rows(path: Path, kind: _Kind) -> list[_Row]:
    return _parse(_read_text(path, kind))


# --- public readers --------------------------------------------------------------------------


def load_organisations(path: Path) -> list[CuratedOrganisation]:
    """data/curated/organisations.yaml, in file order: unique ids, known types, one owner per name."""
    return [r.model for r in _rows(path, ORGANISATIONS)]


def load_industries(path: Path) -> list[CuratedIndustry]:
    """data/curated/industries.yaml, in file order; [] when there is no such file."""
    if not Path(path).exists():
        return []
    return [r.model for r in _rows(path, INDUSTRIES)]


def load_indicators(path: Path) -> list[CuratedIndicator]:
    """data/curated/indicators.yaml, in file order: unique labels, one owner per form."""
    return [r.model for r in _rows(path, INDICATORS)]


def indicator_names(rows: list[CuratedIndicator]) -> dict[str, str]:
    """{key(form): label}, what the resolver looks indicator names up in."""
    return {key(form.name): row.label for row in rows for form in row.forms}


def load_indicator_names(path: Path) -> dict[str, str]:
    """data/curated/indicators.yaml as {key(form): label}, for the resolver; a form has one owner."""
    return indicator_names(load_indicators(path))


def load_curated(folder: Path) -> Curated:
    """Every curated file of a folder (organisations.yaml, industries.yaml if any, indicators.yaml)."""
    folder = Path(folder)
    return Curated(organisations=tuple(load_organisations(folder / "organisations.yaml")),
                   industries=tuple(load_industries(folder / "industries.yaml")),
                   indicator_names=load_indicator_names(folder / "indicators.yaml"))


# --- canonical form --------------------------------------------------------------------------


class _Flow(dict):
    pass


class _FlowList(list):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _written(model: BaseModel) -> dict[str, Any]:
    """A model's fields as the file writes them: field order, defaults left out (`ALWAYS_WRITTEN` kept)."""
    always = getattr(model, "ALWAYS_WRITTEN", ())
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if not info.is_required() and value == info.default and name not in always:
            continue
        out[name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _Flow(_written(value))
    if isinstance(value, tuple):
        if value and all(isinstance(v, BaseModel) for v in value):
            return [_plain(v) for v in value]  # a block list of flow mappings
        return _FlowList(_plain(v) for v in value)
    return value


def _sort_key(kind: _Kind) -> Callable[[Any], str]:
    return lambda model: getattr(model, kind.name)


def _dump(kind: _Kind, models: list) -> str:
    return yaml.dump({kind.top: [_written(m) for m in sorted(models, key=_sort_key(kind))]}, Dumper=_Dumper,
                     sort_keys=False, allow_unicode=True, width=float("inf"), default_flow_style=False)


def _header(text: str) -> str:
    """The leading block of comment (and blank) lines, verbatim."""
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and (not lines[n].strip() or lines[n].lstrip().startswith("#")):
        n += 1
    return "".join(lines[:n])


def _refuse_comments(f: _File, start: int) -> None:
    """A comment below the leading block would be lost by the canonical dump: refuse it."""
    spans = [(e.start_mark.index, e.end_mark.index) for e in yaml.parse(f.text, Loader=yaml.SafeLoader)
             if isinstance(e, yaml.ScalarEvent)]
    text = f.text
    i = text.find("#", start)
    while i != -1:
        if (i == 0 or text[i - 1] in " \t\n") and not any(a <= i < b for a, b in spans):
            line = text.count("\n", 0, i) + 1
            raise CuratedDataError(
                "a comment below the leading comment block, which the canonical form would drop", file=f.shown,
                line=line, hint="Move it into the comment block at the top of the file, or into the row's `note:`.")
        i = text.find("#", i + 1)


def _kind_for(path: Path) -> _Kind:
    path = Path(path)
    if path.stem in KINDS:
        return KINDS[path.stem]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    found = [KINDS[k] for k in (data if isinstance(data, dict) else {}) if k in KINDS]
    if len(found) != 1:
        raise CuratedDataError("not a curated file: neither its name nor its top-level key is one of "
                               + ", ".join(KINDS), file=_shown(path),
                               hint="Name it organisations.yaml, industries.yaml or indicators.yaml.")
    return found[0]


def canonical_text(path: Path) -> str:
    """The file as it should be written: leading comments verbatim, then its rows in canonical form."""
    f = _read_text(path, _kind_for(path))
    rows = _parse(f)
    header = _header(f.text)
    _refuse_comments(f, len(header))
    return header + _dump(f.kind, [r.model for r in rows])


def _files(folder: Path) -> list[Path]:
    folder = Path(folder)
    return [folder / f"{k}.yaml" for k in KINDS if k != "industries" or (folder / "industries.yaml").exists()]


def not_canonical(folder: Path) -> list[Path]:
    """The curated files of a folder that differ from their canonical form."""
    return [p for p in _files(folder) if canonical_text(p) != p.read_text(encoding="utf-8")]


def write_canonical(folder: Path) -> list[Path]:
    """Rewrite each curated file of a folder into canonical form; returns the files rewritten.

    A file is rewritten only when its canonical text loads to the same rows, sorted; it is loaded
    again after writing and checked once more.
    """
    rewritten = []
    for path in _files(folder):
        new = canonical_text(path)
        old = path.read_text(encoding="utf-8")
        if new == old:
            continue
        kind = _kind_for(path)
        before = sorted((r.model for r in _parse(_File(_shown(path), kind, old))), key=_sort_key(kind))
        if [r.model for r in _parse(_File(_shown(path), kind, new))] != before:
            raise CuratedDataError("the canonical form would change the data; the file was left as it is",
                                   file=_shown(path), hint="Report this as a bug in jingan_kg.curate.curated.")
        path.write_text(new, encoding="utf-8")
        if [r.model for r in _rows(path, kind)] != before:
            path.write_text(old, encoding="utf-8")
            raise CuratedDataError("the rewritten file did not load to the same data; the old text was restored",
                                   file=_shown(path), hint="Report this as a bug in jingan_kg.curate.curated.")
        rewritten.append(path)
    return rewritten


# --- entry point -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jingan_kg.curate.curated",
        description="Check the curated files (organisations, industries, indicators) and that each is in "
                    "canonical form; with --fix, rewrite them into it.")
    parser.add_argument("folder", nargs="?", type=Path, default=None,
                        help="the curated folder (default: data/curated under the working folder)")
    parser.add_argument("--fix", action="store_true", help="rewrite the files into canonical form")
    args = parser.parse_args(argv)
    folder = args.folder if args.folder is not None else Path.cwd() / "data" / "curated"
    try:
        if not folder.is_dir():
            raise CuratedDataError("no such folder", file=_shown(folder),
                                   hint="Pass the curated folder, or run from the repository's root.")
        load_curated(folder)
        if args.fix:
            done = write_canonical(folder)
            for p in done:
                print(f"rewrote {_shown(p)}")
            if not done:
                print(f"{_shown(folder)}: every curated file is already in canonical form")
            return 0
        bad = not_canonical(folder)
    except CuratedDataError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"Hint: {exc.hint}", file=sys.stderr)
        return 1
    for p in bad:
        print(f"not in canonical form: {_shown(p)}")
    if bad:
        print(f"Fix: {FIX_COMMAND} {_shown(folder)}")
        return 1
    print(f"{_shown(folder)}: {len(_files(folder))} curated files, all in canonical form")
    return 0


if __name__ == "__main__":
    sys.exit(main())
