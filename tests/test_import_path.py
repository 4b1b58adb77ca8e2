"""A question command loads no heavy library (issue 16): each is run in a fresh interpreter
against a built graph, and the modules loaded by the end are compared with the list."""

import json
import subprocess
import sys

import pytest

HEAVY = {"rdflib", "pydantic", "pyvis", "networkx", "pyshacl", "jinja2", "starlette", "rich", "xlsxwriter"}
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
print(json.dumps({"output": out.getvalue(), "modules": sorted({m.split(".")[0] for m in sys.modules})}))
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
    assert sorted(HEAVY & set(result["modules"])) == []
