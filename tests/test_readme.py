"""The README's examples are run, so they cannot drift from what the code does."""

import re

from click.testing import CliRunner

from jingan_kg.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, re.S)
    assert len(blocks) == 2 and all(b.count("\n") == 1 for b in blocks)
    assert "jingan-kg build && jingan-kg who" in blocks[0] and "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    test_command = re.findall(r"```sh\n(.*?)```", quick, re.S)[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_sparql_runs_against_the_contract_vocabulary(built, tmp_path):
    flags, responsible, built_from = re.findall(r"```sparql\n(.*?)```", README, re.S)

    def rows(sparql):
        rq = tmp_path / "q.rq"
        rq.write_text(sparql, encoding="utf-8")
        result = CliRunner().invoke(main, ["query", str(rq), "--out", str(built[1]), "--format", "csv"])
        return result.output.splitlines()[1:]

    found = rows(responsible)
    assert len(found) == 7 and all(r.startswith("静安区投资促进办公室,") for r in found)  # measures 11-17
    overdue = rows(flags)  # the 81 overdue targets of the ledger, as flags
    sources = sorted(p.name for p in (ROOT / "data" / "sources").glob("*.txt"))
    assert sorted(r.split(",")[3] for r in rows(built_from)) == sources  # the build's record and sources
    assert len(overdue) == 81 and '社会消费品零售总额,"target 1600亿元 for 2023: no outcome of 2023' in "\n".join(
        overdue
    )


def test_readme_console_examples_match_the_cli(built):
    for command, shown in re.findall(
        r"```console\n\$ (jingan-kg (?:who|search|targets|show) \S+)\n(.*?)```", README, re.S
    ):
        args = command.split()[1:] + ["--out", str(built[1])]
        out = CliRunner().invoke(main, args).output
        assert out.rstrip("\n") == shown.rstrip("\n"), command
