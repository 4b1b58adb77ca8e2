"""Reading a curated YAML file into rows, with the file, line, row and field of every problem."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import CuratedDataError
from ..records import Record

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
class _Schema:
    top: str  # the top-level key, also the file's stem
    model: type[Record]
    name: str  # the field a row is known by
    what: str  # "organisation"
    example: str  # the start of a row, for hints
    check: Callable[[_File, list[_Row]], None]


@dataclass(frozen=True)
class _File:
    """A curated file being read: what to call it in messages, its schema, its text."""

    shown: str
    schema: _Schema
    text: str

    def error(
        self, reason: str, hint: str, row: _Row | None = None, field: str | None = None, line: int | None = None
    ) -> CuratedDataError:
        """An error at a row (its model, or its raw mapping before validation) and field."""
        raw, name = row.model if row is not None else None, None
        if isinstance(raw, BaseModel):
            name = f"{self.schema.name}: {getattr(raw, self.schema.name)}"
        elif isinstance(raw, dict) and isinstance(raw.get(self.schema.name), (str, int)):
            name = f"{self.schema.name}: {raw[self.schema.name]}"
        number = row.number if row is not None else None
        return CuratedDataError(
            reason,
            file=self.shown,
            line=line or (row.line if row else None),
            row=number,
            name=name,
            field=field,
            hint=hint,
        )


def _shown(path: Path) -> str:
    """The path as messages name it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_text(path: Path, schema: _Schema) -> _File:
    path = Path(path)
    shown = _shown(path)
    try:
        return _File(shown, schema, path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CuratedDataError(
            "no such file",
            file=shown,
            hint=f"data/curated/ must hold {schema.top}.yaml; restore it from git "
            f"(git checkout -- data/curated/{schema.top}.yaml)",
        ) from None
    except UnicodeDecodeError as exc:
        raise CuratedDataError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=shown, hint="Save the file as UTF-8."
        ) from None


# libyaml's loader where PyYAML has it (the PyPI wheels do): the same nodes, marks and errors,
# about ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(f: _File) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree (for line numbers) and the data it holds."""
    try:
        loader = _LOADER(f.text)
    except yaml.reader.ReaderError as exc:
        raise CuratedDataError(
            f"YAML cannot hold this character: {exc.reason} (#x{exc.character:04x})",
            file=f.shown,
            line=f.text.count("\n", 0, exc.position) + 1,
            hint="Remove the control character (or write it as an escape in a quoted text).",
        ) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CuratedDataError(
            f"YAML error: {exc.problem}",
            file=f.shown,
            line=mark.line + 1 if mark else None,
            hint="Remove the `!!…` tag: curated files hold plain texts, numbers, lists and mappings.",
        ) from None
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
            f"YAML syntax error: {problem}",
            file=f.shown,
            line=line,
            hint=f"Fix the YAML near {near}: indent every row's fields alike, close every quote, [ and {{, "
            "and quote a value that holds ': ' or starts with one of [ ] { } # & * ! | > ' \" % @ `.",
        ) from None
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
                raise f.error(
                    "a field name must be text",
                    "Use the field names of a row: " + ", ".join(f.schema.model.model_fields) + ".",
                    row,
                    field or path or None,
                    line=k.start_mark.line + 1,
                )
            if name is not None and name in seen:
                raise f.error(
                    f"written twice (lines {seen[name]} and {k.start_mark.line + 1}); YAML would keep only the last",
                    f"Keep one {name!r} in the row.",
                    row,
                    field,
                    line=k.start_mark.line + 1,
                )
            if name is not None:
                seen[name] = k.start_mark.line + 1
            _check_keys(f, v, row, field or "?")
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value, 1):
            _check_keys(f, v, row, f"{path}#{i}")


def _top(f: _File, node: yaml.Node | None, data: Any) -> tuple[yaml.SequenceNode | None, list]:
    """The list of rows under the file's top-level key."""
    top, what = f.schema.top, f.schema.what
    hint = (
        f"Start the file (after its comment lines) with `{top}:` at the left margin, then one row per "
        f"{what}, each starting `- {f.schema.example}`."
    )
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise CuratedDataError(
            f"no top-level `{top}:` key" + ("" if node is None else " (the file is not a mapping)"),
            file=f.shown,
            line=node.start_mark.line + 1 if node is not None else None,
            hint=hint,
        )
    names = [k.value if isinstance(k, yaml.ScalarNode) else k for k, _ in node.value]
    if top not in names:
        close = next(
            (i for i, n in enumerate(names) if difflib.get_close_matches(str(n), [top], n=1, cutoff=0.6)), None
        )
        found = (
            " (found " + ", ".join(repr(n) for n in names) + (f"; did you mean {top!r}?)" if close is not None else ")")
            if names
            else ""
        )
        raise CuratedDataError(
            f"no top-level `{top}:` key{found}",
            file=f.shown,
            line=(node.value[close][0] if close is not None else node).start_mark.line + 1,
            hint=f"Rename {names[close]!r} to `{top}:`." if close is not None else hint,
        )
    rows_node, top_line = None, 0
    for (k, v), name in zip(node.value, names):
        if name == top and rows_node is not None:
            raise CuratedDataError(
                f"`{top}:` written twice (lines {top_line} and {k.start_mark.line + 1}); YAML would keep only the last",
                file=f.shown,
                line=k.start_mark.line + 1,
                hint=f"Keep one `{top}:` and move all rows under it.",
            )
        if name == top:
            rows_node, top_line = v, k.start_mark.line + 1
        else:
            raise CuratedDataError(
                f"unknown top-level key {name!r}",
                file=f.shown,
                line=k.start_mark.line + 1,
                hint=f"The file holds only `{top}:`; remove {name!r} or turn it into a comment "
                "in the file's leading comment block.",
            )
    rows = data[top]
    if not isinstance(rows_node, yaml.SequenceNode) or not isinstance(rows, list):
        raise CuratedDataError(
            f"`{top}:` must hold a list of rows, not {_type_name(rows)}",
            file=f.shown,
            line=rows_node.start_mark.line + 1,
            hint=f"Write one row per {what} under `{top}:`, each starting `- {f.schema.example}` "
            f"(or write `{top}: []` for none).",
        )
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
                f"not a mapping of fields (got {_type_name(raw)})",
                file=f.shown,
                line=line,
                row=i,
                hint=f"Write each row as a mapping of fields, starting `- {f.schema.example}`, its other fields "
                "indented to line up with the first.",
            )
        row = _Row(i, row_node, raw)
        _check_keys(f, row_node, row)
        try:
            model = f.schema.model.model_validate(raw)
        except ValidationError as exc:
            raise _validation_error(f, row, exc) from None
        rows.append(_Row(i, row_node, model))
    f.schema.check(f, rows)
    return rows


def _type_name(value: Any) -> str:
    return {
        str: "a text",
        int: "a number",
        float: "a number",
        bool: "yes/no",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _validation_error(f: _File, row: _Row, exc: ValidationError) -> CuratedDataError:
    """The first problem pydantic found, as a CuratedDataError (an unknown field before a missing one)."""
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = err["loc"]
    field = _field_path(loc)
    line = _line_at(row.node, loc)
    parent = _model_at(f.schema.model, loc[:-1])
    if err["type"] == "extra_forbidden":
        fields = list(parent.model_fields) if parent else []
        given = _given_keys(row.model, loc[:-1])
        close = difflib.get_close_matches(
            str(loc[-1]), [n for n in fields if n not in given] or fields, n=1, cutoff=0.6
        )
        reason = "unknown field" + (f"; did you mean {close[0]!r}?" if close else "")
        hint = (f"Rename it to {close[0]!r}." if close else "Remove it.") + (
            f" The fields are: {', '.join(fields)}." if fields else ""
        )
        return f.error(reason, hint, row, field, line=line)
    shape = _shape_at(f.schema.model, loc)
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
