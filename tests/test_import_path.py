"""A question command loads no heavy library (issue 16), nor the modules of the other questions:
each is run in a fresh interpreter against a built graph, and the modules loaded by the end are
compared with the lists."""

import json
import subprocess
import sys

import pytest

HEAVY = {"rdflib", "pydantic", "pyvis", "networkx", "pyshacl", "jinja2", "starlette", "rich", "xlsxwriter"}
HEAVY |= {"pypinyin", "yaml", "http"}  # the index's writer, the curated files, endpoints
# What a command answers without: the other questions' modules, and for a SPARQL query the search index.
NOT_NEEDED = {
    "who": {"jingan_kg.query.show", "jingan_kg.query.targets", "jingan_kg.query.sparql", "decimal"},
    "show": {"jingan_kg.query.who", "jingan_kg.query.targets", "jingan_kg.query.sparql", "decimal"},
    "search": {"jingan_kg.query.who", "jingan_kg.query.show", "jingan_kg.query.targets", "decimal"},
    "targets": {"jingan_kg.query.who", "jingan_kg.query.show", "jingan_kg.query.sparql"},
    "query": {"jingan_kg.store.index", "jingan_kg.query.lookup", "jingan_kg.text", "sqlite3"},
}
QUESTIONS = [
    ["who", "绿色金融"],
    ["who", "谁负责人工智能"],
    ["show", "区数据局"],
    ["search", "shangwuwei"],
    ["targets", "社会消费品零售总额"],
    ["query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }"],
    ["ledger", "--status", "not-met"],
    ["flags"],
    ["stats"],
]
_RUN = """
import contextlib, io, json, sys
from jingan_kg.cli import main
args = json.loads(sys.argv[1])
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(args, standalone_mode=False)
    except SystemExit as exc:
        assert not exc.code, exc.code
print(json.dumps({"output": out.getvalue(), "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q[0] + (" " + q[1] if len(q) > 1 else ""))
def test_a_question_loads_no_heavy_library(built, question):
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps([*question, "--out", str(built[1])])],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["output"].strip()  # it answered
    assert sorted(HEAVY & {m.split(".")[0] for m in result["modules"]}) == []
    assert sorted(NOT_NEEDED.get(question[0], set()) & set(result["modules"])) == []
