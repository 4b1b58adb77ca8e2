"""data/curated/ read through one loader (jingan_kg.curate.curated, .rows, .canonical): every mistake named, canonical form kept."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jingan_kg.curate.canonical import canonical_text, write_canonical
from jingan_kg.curate.curated import (
    FIX_COMMAND,
    Curated,
    CuratedIndustry,
    CuratedOrganisation,
    load_curated,
    load_indicator_names,
    load_industries,
    load_organisations,
)
from jingan_kg.errors import CuratedDataError, JinganKgError

from .conftest import ROOT

CURATED = ROOT / "data" / "curated"
FILES = ("organisations.yaml", "industries.yaml", "indicators.yaml")

ORGANISATIONS = """\
# Synthetic organisations.
organisations:
- id: body-a
  label: 甲局
  type: GovernmentBody
  aliases: [甲]
  source: {file: f.txt, line: 3, quote: 甲局}
- id: body-b
  label: 申局
  type: Street
  aliases: []
  source: {file: f.txt, line: 4, quote: 申局}
"""

INDUSTRIES = """\
# Synthetic industries.
industries:
- label: 甲产业
  aliases:
  - {name: 甲业, file: f.txt, line: 5}
- label: 申产业
  aliases: []
  replaced_by: 甲产业
  source: {file: f.txt, line: 6, quote: 将申产业调整为甲产业}
"""

INDICATORS = """\
# Synthetic indicators.
indicators:
- label: 甲指标
  note: 同一个量。
  forms:
  - {name: 甲指标, file: f.txt, line: 1}
  - {name: 甲, file: f.txt, line: 2}
- label: 申指标
  forms:
  - {name: 申指标, file: f.txt, line: 3}
  - {name: 申, file: f.txt, line: 4}
"""

GOOD = {
    "organisations.yaml": (ORGANISATIONS, load_organisations),
    "industries.yaml": (INDUSTRIES, load_industries),
    "indicators.yaml": (INDICATORS, load_indicator_names),
}

# (file, mistake, text replaced, replacement, row, row name, field, words the reason holds)
MISTAKES = [
    ("organisations.yaml", "missing field", "  type: Street\n", "", 2, "id: body-b", "type", "missing"),
    (
        "organisations.yaml",
        "misspelt field",
        "  label: 申局",
        "  lable: 申局",
        2,
        "id: body-b",
        "lable",
        "did you mean 'label'",
    ),
    ("organisations.yaml", "wrong type", "line: 4,", "line: four,", 2, "id: body-b", "source.line", "integer"),
    ("organisations.yaml", "aliases not a list", "aliases: [甲]", "aliases: 甲", 1, "id: body-a", "aliases", "list"),
    ("organisations.yaml", "nested field missing", ", quote: 申局}", "}", 2, "id: body-b", "source.quote", "missing"),
    ("organisations.yaml", "bad id", "id: body-b", "id: Body_B", 2, "id: Body_B", "id", "pattern"),
    ("organisations.yaml", "duplicate id", "id: body-b", "id: body-a", 2, "id: body-a", "id", "already used by row 1"),
    (
        "organisations.yaml",
        "alias owned twice",
        "aliases: []",
        "aliases: [甲]",
        2,
        "id: body-b",
        "aliases#1",
        "belongs to both body-a and body-b",
    ),
    (
        "organisations.yaml",
        "label is another's alias",
        "label: 申局",
        "label: 甲",
        2,
        "id: body-b",
        "label",
        "belongs to both body-a and body-b",
    ),
    (
        "organisations.yaml",
        "unknown type",
        "type: Street",
        "type: Streets",
        2,
        "id: body-b",
        "type",
        "did you mean 'Street'",
    ),
    (
        "organisations.yaml",
        "field written twice",
        "  label: 申局\n",
        "  label: 申局\n  label: 丙局\n",
        2,
        "id: body-b",
        "label",
        "written twice",
    ),
    (
        "organisations.yaml",
        "row not a mapping",
        "- id: body-b\n",
        "- body-c\n- id: body-b\n",
        2,
        None,
        None,
        "not a mapping",
    ),
    (
        "industries.yaml",
        "missing field",
        "{name: 甲业, file: f.txt, line: 5}",
        "{name: 甲业, file: f.txt}",
        1,
        "label: 甲产业",
        "aliases#1.line",
        "missing",
    ),
    (
        "industries.yaml",
        "misspelt field",
        "replaced_by:",
        "replaced_with:",
        2,
        "label: 申产业",
        "replaced_with",
        "did you mean 'replaced_by'",
    ),
    (
        "industries.yaml",
        "wrong type",
        "line: 6,",
        "line: 0,",
        2,
        "label: 申产业",
        "source.line",
        "greater than or equal to 1",
    ),
    (
        "industries.yaml",
        "aliases a mapping",
        "  aliases: []",
        "  aliases: {name: 申业}",
        2,
        "label: 申产业",
        "aliases",
        "list",
    ),
    (
        "industries.yaml",
        "duplicate label",
        "label: 申产业",
        "label: 甲产业",
        2,
        "label: 甲产业",
        "label",
        "already used by row 1",
    ),
    (
        "industries.yaml",
        "alias owned twice",
        "  aliases: []",
        "  aliases:\n  - {name: 甲业, file: f.txt, line: 7}",
        2,
        "label: 申产业",
        "aliases#1.name",
        "belongs to both 甲产业 and 申产业",
    ),
    (
        "industries.yaml",
        "row not a mapping",
        "- label: 申产业\n",
        "- [申产业]\n- label: 申产业\n",
        2,
        None,
        None,
        "not a mapping",
    ),
    ("indicators.yaml", "missing field", "- label: 申指标\n  forms:", "- forms:", 2, None, "label", "missing"),
    (
        "indicators.yaml",
        "misspelt field",
        "  forms:\n  - {name: 申指标",
        "  froms:\n  - {name: 申指标",
        2,
        "label: 申指标",
        "froms",
        "did you mean 'forms'",
    ),
    (
        "indicators.yaml",
        "misspelt form field",
        "{name: 申, file",
        "{nmae: 申, file",
        2,
        "label: 申指标",
        "forms#2.nmae",
        "did you mean 'name'",
    ),
    ("indicators.yaml", "wrong type", "line: 4}", "line: 第四行}", 2, "label: 申指标", "forms#2.line", "integer"),
    (
        "indicators.yaml",
        "no forms",
        "  forms:\n  - {name: 申指标, file: f.txt, line: 3}\n  - {name: 申, file: f.txt, line: 4}\n",
        "  forms: []\n",
        2,
        "label: 申指标",
        "forms",
        "at least 1",
    ),
    (
        "indicators.yaml",
        "duplicate label",
        "label: 申指标",
        "label: 甲指标",
        2,
        "label: 甲指标",
        "label",
        "already used by row 1",
    ),
    (
        "indicators.yaml",
        "form owned twice",
        "{name: 申, file",
        "{name: 甲, file",
        2,
        "label: 申指标",
        "forms#2.name",
        "is a form of both '甲指标' and '申指标'",
    ),
    (
        "indicators.yaml",
        "row not a mapping",
        "- label: 申指标\n",
        "- 申指标\n- label: 申指标\n",
        2,
        None,
        None,
        "not a mapping",
    ),
]

# (file, mistake, text replaced, replacement, words the reason holds): problems of the whole file.
FILE_MISTAKES = [
    ("organisations.yaml", "syntax error", "  label: 申局\n", "  label: [申局\n", "YAML syntax error"),
    ("organisations.yaml", "misspelt top-level key", "organisations:", "organisation:", "did you mean 'organisations'"),
    (
        "organisations.yaml",
        "rows not a list",
        ORGANISATIONS.split("organisations:")[1],
        " {id: body-a}\n",
        "must hold a list of rows, not a mapping",
    ),
    ("industries.yaml", "syntax error", "line: 5}", "line: 5", "YAML syntax error"),
    (
        "industries.yaml",
        "tab indentation",
        "  aliases:\n  - {name: 甲业",
        "\taliases:\n  - {name: 甲业",
        "YAML syntax error",
    ),
    ("industries.yaml", "no rows", INDUSTRIES.split("industries:")[1], "\n", "must hold a list of rows"),
    ("indicators.yaml", "syntax error", "  note: 同一个量。", "  note: 同一个量: 是", "YAML syntax error"),
    ("indicators.yaml", "missing top-level key", "indicators:", "synonyms:", "no top-level `indicators:` key"),
    ("indicators.yaml", "extra top-level key", "indicators:", "version: 2\nindicators:", "unknown top-level key"),
]


def _error(tmp_path: Path, name: str, text: str) -> CuratedDataError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CuratedDataError) as info:
        GOOD[name][1](path)
    return info.value


@pytest.mark.parametrize("name", FILES)
def test_synthetic_files_load(tmp_path, name):
    text, load = GOOD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load(path)
    assert canonical_text(path) == text


@pytest.mark.parametrize(
    "name, mistake, old, new, row, row_name, field, reason",
    MISTAKES,
    ids=[f"{m[0].split('.')[0]}-{m[1]}" for m in MISTAKES],
)
def test_a_mistaken_row_is_named_with_its_field(tmp_path, name, mistake, old, new, row, row_name, field, reason):
    text = GOOD[name][0]
    assert old in text
    err = _error(tmp_path, name, text.replace(old, new, 1))
    message = str(err)
    assert isinstance(err, JinganKgError)
    assert message.startswith(f"{tmp_path / name}:"), message  # the file, with the line after it
    assert err.file and err.file.endswith(name) and err.line and err.line > 2, message
    assert f"row {row}" + (f" ({row_name})" if row_name else "") in message, message
    assert err.row == row
    if field:
        assert f"field {field!r}" in message and err.field == field, message
    assert reason in message, message
    assert err.hint, f"no hint for: {message}"


@pytest.mark.parametrize(
    "name, mistake, old, new, reason", FILE_MISTAKES, ids=[f"{m[0].split('.')[0]}-{m[1]}" for m in FILE_MISTAKES]
)
def test_a_mistaken_file_is_named_with_its_line(tmp_path, name, mistake, old, new, reason):
    text = GOOD[name][0]
    assert old in text
    err = _error(tmp_path, name, text.replace(old, new, 1))
    message = str(err)
    assert message.startswith(f"{tmp_path / name}:{err.line}: "), message
    assert err.line and err.line >= 2, message
    assert reason in message, message
    assert err.hint, f"no hint for: {message}"


def test_the_line_of_a_mistake_is_the_line_of_its_field(tmp_path):
    err = _error(tmp_path, "organisations.yaml", ORGANISATIONS.replace("type: Street", "type: Streets"))
    assert err.line == 10 and str(err).startswith(
        f"{tmp_path / 'organisations.yaml'}:10: row 2 (id: body-b), field 'type': 'Streets' is not an organisation type"
    )
    assert "GovernmentBody, Street" in err.hint
    err = _error(tmp_path, "indicators.yaml", INDICATORS.replace("{name: 申, file", "{name: 甲, file"))
    assert err.line == 11 and "(row 1, line 3)" in str(err)


def test_missing_files(tmp_path):
    with pytest.raises(CuratedDataError, match="no such file") as info:
        load_organisations(tmp_path / "organisations.yaml")
    assert info.value.hint
    with pytest.raises(CuratedDataError, match="no such file"):
        load_indicator_names(tmp_path / "indicators.yaml")
    assert load_industries(tmp_path / "industries.yaml") == []


def test_empty_file_and_empty_list(tmp_path):
    err = _error(tmp_path, "industries.yaml", "# nothing yet\n")
    assert "no top-level `industries:` key" in str(err) and err.hint
    path = tmp_path / "industries.yaml"
    path.write_text("industries: []\n", encoding="utf-8")
    assert load_industries(path) == [] and canonical_text(path) == "industries: []\n"


def test_load_curated_gives_every_file(tmp_path):
    for name, (text, _) in GOOD.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    curated = load_curated(tmp_path)
    assert isinstance(curated, Curated)
    assert [o.id for o in curated.organisations] == ["body-a", "body-b"]
    assert [i.label for i in curated.industries] == ["甲产业", "申产业"]
    assert curated.indicator_names == {"甲指标": "甲指标", "甲": "甲指标", "申指标": "申指标", "申": "申指标"}
    (tmp_path / "industries.yaml").unlink()
    assert load_curated(tmp_path).industries == ()


# --- the real files ----------------------------------------------------------------------------


def test_real_files_load():
    curated = load_curated(CURATED)
    assert all(isinstance(r, CuratedOrganisation) for r in curated.organisations) and curated.organisations
    assert all(isinstance(r, CuratedIndustry) for r in curated.industries) and curated.industries
    assert curated.indicator_names


@pytest.mark.parametrize("name", FILES)
def test_real_file_is_canonical(name):
    path = CURATED / name
    assert path.read_text(encoding="utf-8") == canonical_text(path), (
        f"data/curated/{name} is not in canonical form; run `{FIX_COMMAND}` (it rewrites the files only "
        "when their data stays the same) and review the diff"
    )


# --- canonical form ----------------------------------------------------------------------------


def test_canonical_sorts_rows_and_orders_keys(tmp_path):
    for name, (text, _) in GOOD.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "industries.yaml"
    shuffled = (
        "# Synthetic industries.\n"
        "industries:\n"
        "- label: 申产业\n"
        "  source: {quote: 将申产业调整为甲产业, line: 6, file: f.txt}\n"
        "  replaced_by: 甲产业\n"
        "- label: 甲产业\n"
        "  aliases:\n"
        "    - name: 甲业\n"
        "      file: f.txt\n"
        "      line: 5\n"
    )
    path.write_text(shuffled, encoding="utf-8")
    assert canonical_text(path) == INDUSTRIES  # 甲 (U+7532) sorts before 申 (U+7533)
    before = sorted(load_industries(path), key=lambda r: r.label)
    assert write_canonical(tmp_path) == [path]
    assert path.read_text(encoding="utf-8") == INDUSTRIES
    assert load_industries(path) == before
    assert write_canonical(tmp_path) == []  # already canonical


def test_canonical_keeps_the_header_and_writes_aliases_always(tmp_path):
    path = tmp_path / "organisations.yaml"
    path.write_text(ORGANISATIONS.replace("  aliases: []\n", ""), encoding="utf-8")
    assert canonical_text(path) == ORGANISATIONS


def test_comment_below_the_header_is_refused(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(INDICATORS.replace("  note: 同一个量。", "  note: 同一个量。  # why?"), encoding="utf-8")
    with pytest.raises(CuratedDataError, match="comment") as info:
        canonical_text(path)
    assert info.value.line == 4 and info.value.hint
    path.write_text(INDICATORS.replace("  note: 同一个量。", "  note: '同一个量 # 不是注释'"), encoding="utf-8")
    assert "# 不是注释" in canonical_text(path)


# --- the entry point ---------------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "jingan_kg.cli", "curated", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def curated_copy(tmp_path) -> Path:
    folder = tmp_path / "data" / "curated"
    shutil.copytree(CURATED, folder)
    return folder


def test_entry_point_checks_the_default_folder(tmp_path, curated_copy):
    done = _run(cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "all in canonical form" in done.stdout


def test_entry_point_reports_a_mistake(tmp_path, curated_copy):
    path = curated_copy / "organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: Street\n", "type: Streat\n"), encoding="utf-8")
    done = _run(str(curated_copy), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    error, hint = done.stderr.splitlines()
    assert error.startswith("Error: ") and "organisations.yaml:" in error and "(id: street-pengpu)" in error
    assert "field 'type'" in error and "did you mean 'Street'" in error
    assert hint.startswith("Hint: Use one of: ")


def test_entry_point_lists_and_fixes_files_not_in_canonical_form(tmp_path, curated_copy):
    path = curated_copy / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    header, rows = text.split("indicators:\n")
    first, *rest = re.split(r"(?m)^(?=- )", rows)[1:]  # one chunk per row, each starting "- label:"
    path.write_text(header + "indicators:\n" + "".join([*rest, first]), encoding="utf-8")
    before = load_indicator_names(path)
    done = _run(cwd=tmp_path)
    assert done.returncode == 1
    assert "not in canonical form: data/curated/indicators.yaml" in done.stdout
    assert f"{FIX_COMMAND} data/curated" in done.stdout
    done = _run("--fix", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "rewrote data/curated/indicators.yaml" in done.stdout
    assert path.read_text(encoding="utf-8") == text
    assert load_indicator_names(path) == before
    assert _run(cwd=tmp_path).returncode == 0


def test_entry_point_without_a_folder(tmp_path):
    done = _run(str(tmp_path / "nowhere"), cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("Error: ") and "Hint: " in done.stderr


# --- a build with a bad curated row ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "said"),
    [
        ("organisations.yaml", "type: Street\n", "type: Streat\n", ["(id: street-pengpu)", "field 'type'"]),
        (
            "industries.yaml",
            "replaced_by: 时尚消费业",
            "replaced_bye: 时尚消费业",
            ["(label: 商贸服务业)", "field 'replaced_bye'"],
        ),
        (
            "indicators.yaml",
            "- {name: 高新技术企业数,",
            "- {nmae: 高新技术企业数,",
            ["(label: 高新技术企业数)", "forms#1.nmae"],
        ),
    ],
)
def test_build_stops_at_a_bad_curated_row_and_keeps_the_last_graph(tmp_path, built, name, old, new, said):
    from click.testing import CliRunner

    from jingan_kg.cli import main

    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    out = built[1]
    before = (out / "jingan-kg.ttl").read_bytes()
    done = CliRunner().invoke(
        main, ["build", "--sources", str(ROOT / "data" / "sources"), "--curated", str(folder), "--out", str(out)]
    )
    assert done.exit_code == 1
    error, hint = done.output.strip().splitlines()
    assert re.match(rf"Error: {re.escape(str(folder / name))}:\d+: row \d+ ", error), error
    assert all(s in error for s in said), error
    assert hint.startswith("Hint: ") and "Traceback" not in done.output
    assert (out / "jingan-kg.ttl").read_bytes() == before
