"""Every name the graph holds, asked through every question command: an answer or a clear
message, never a traceback (issue 13). The names are the search index's own: each entity's
label and every alias and English name of it."""

import sqlite3

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main

COMMANDS = ("who", "show", "search", "targets")


@pytest.fixture(scope="module")
def names(built):
    db = sqlite3.connect(built[1] / "search.sqlite")
    rows = db.execute(
        "SELECT e.label, e.kind, e.kind FROM entity e UNION "
        "SELECT n.name, e.kind, n.field FROM name n JOIN entity e ON e.id = n.entity WHERE n.field IN ('alias', 'english')"
    ).fetchall()
    db.close()
    return sorted(set(rows))


def test_the_walk_covers_every_kind(names, built):
    kinds = {kind for _, kind, _ in names}
    assert kinds >= {"organisation", "measure", "industry", "area", "project", "indicator", "term", "district"}
    assert len(names) > 1000


def _ask(command, name, out):
    result = CliRunner().invoke(main, [command, name, "--out", str(out)])
    assert "Traceback" not in result.output and (
        result.exception is None or isinstance(result.exception, SystemExit)
    ), (
        command,
        name,
        result.output,
        result.exception,
    )
    return result


@pytest.mark.parametrize("command", COMMANDS)
def test_every_name_answers_or_says_why_not(names, built, command):
    problems = []
    for name, kind, field in names:
        result = _ask(command, name, built[1])
        message = result.output.splitlines()[0] if result.output else ""
        if result.exit_code == 0:
            continue
        if message.startswith("Ambiguous:") and "Candidates: " in result.output:
            continue  # two entities share the name; the message lists them with their kinds
        if command == "targets" and kind != "indicator" and "not an indicator" in message:
            assert "Hint: `jingan-kg " in result.output, result.output
            continue
        problems.append((command, name, kind, field, result.output))
    assert problems == []


def test_json_and_csv_of_who_for_every_label(names, built):
    for name, kind, field in names:
        if field != kind:  # labels only: aliases give the same answers
            continue
        for fmt in ("json", "csv"):
            result = CliRunner().invoke(main, ["who", name, "--format", fmt, "--out", str(built[1])])
            assert result.exit_code in (0, 1) and "Traceback" not in result.output, (name, fmt, result.output)
