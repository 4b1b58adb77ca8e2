"""The canonical form of the curated files: sorted rows, fields in model order, flow-style entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..errors import CuratedDataError
from .curated import FILE_NAMES, OPTIONAL, SCHEMAS, _rows, load_curated
from .rows import _File, _parse, _read_text, _Schema, _shown

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


def _sort_key(schema: _Schema) -> Callable[[Any], str]:
    return lambda model: getattr(model, schema.name)


def _dump(schema: _Schema, models: list) -> str:
    return yaml.dump(
        {schema.top: [_written(m) for m in sorted(models, key=_sort_key(schema))]},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        default_flow_style=False,
    )


def _header(text: str) -> str:
    """The leading block of comment (and blank) lines, verbatim."""
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and (not lines[n].strip() or lines[n].lstrip().startswith("#")):
        n += 1
    return "".join(lines[:n])


def _refuse_comments(f: _File, start: int) -> None:
    """A comment below the leading block would be lost by the canonical dump: refuse it."""
    spans = [
        (e.start_mark.index, e.end_mark.index)
        for e in yaml.parse(f.text, Loader=yaml.SafeLoader)
        if isinstance(e, yaml.ScalarEvent)
    ]
    text = f.text
    i = text.find("#", start)
    while i != -1:
        if (i == 0 or text[i - 1] in " \t\n") and not any(a <= i < b for a, b in spans):
            line = text.count("\n", 0, i) + 1
            raise CuratedDataError(
                "a comment below the leading comment block, which the canonical form would drop",
                file=f.shown,
                line=line,
                hint="Move it into the comment block at the top of the file, or into the row's `note:`.",
            )
        i = text.find("#", i + 1)


def _schema_for(path: Path) -> _Schema:
    path = Path(path)
    stem = {v: k for k, v in FILE_NAMES.items()}.get(path.stem, path.stem)
    if stem in SCHEMAS:
        return SCHEMAS[stem]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    found = [SCHEMAS[k] for k in (data if isinstance(data, dict) else {}) if k in SCHEMAS]
    if len(found) != 1:
        raise CuratedDataError(
            "not a curated file: neither its name nor its top-level key is one of " + ", ".join(SCHEMAS),
            file=_shown(path),
            hint="Name it " + ", ".join(f"{FILE_NAMES.get(k, k)}.yaml" for k in SCHEMAS) + ".",
        )
    return found[0]


def canonical_text(path: Path) -> str:
    """The file as it should be written: leading comments verbatim, then its rows in canonical form."""
    f = _read_text(path, _schema_for(path))
    rows = _parse(f)
    header = _header(f.text)
    _refuse_comments(f, len(header))
    return header + _dump(f.schema, [r.model for r in rows])


def _files(folder: Path) -> list[Path]:
    folder = Path(folder)
    names = {k: FILE_NAMES.get(k, k) for k in SCHEMAS}
    return [folder / f"{n}.yaml" for k, n in names.items() if k not in OPTIONAL or (folder / f"{n}.yaml").exists()]


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
        schema = _schema_for(path)
        before = sorted((r.model for r in _parse(_File(_shown(path), schema, old))), key=_sort_key(schema))
        if [r.model for r in _parse(_File(_shown(path), schema, new))] != before:
            raise CuratedDataError(
                "the canonical form would change the data; the file was left as it is",
                file=_shown(path),
                hint="Report this as a bug in jingan_kg.curate.curated.",
            )
        path.write_text(new, encoding="utf-8")
        if [r.model for r in _rows(path, schema)] != before:
            path.write_text(old, encoding="utf-8")
            raise CuratedDataError(
                "the rewritten file did not load to the same data; the old text was restored",
                file=_shown(path),
                hint="Report this as a bug in jingan_kg.curate.curated.",
            )
        rewritten.append(path)
    return rewritten


# --- the check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CuratedCheck:
    """What `jingan-kg curated` found: the files read, those not in canonical form, those rewritten."""

    folder: str
    files: list[str]
    not_canonical: list[str]
    rewritten: list[str]


def check(folder: Path, fix: bool = False) -> CuratedCheck:
    """Load every curated file of `folder` (a CuratedDataError names the first bad row) and compare
    each with its canonical form; with `fix`, rewrite the files that differ."""
    if not folder.is_dir():
        raise CuratedDataError(
            "no such folder", file=_shown(folder), hint="Pass the curated folder (data/curated in the repository)."
        )
    load_curated(folder)
    rewritten = [_shown(p) for p in write_canonical(folder)] if fix else []
    return CuratedCheck(
        _shown(folder),
        [_shown(p) for p in _files(folder)],
        [] if fix else [_shown(p) for p in not_canonical(folder)],
        rewritten,
    )
