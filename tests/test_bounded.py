"""Issue 16's shortcuts give what the long way gave (decision 0022): a card's relations in ordered
by the index's Chinese names, a body's pairs as one string, and the CLI loading one command."""

import heapq
import json
import subprocess
import sys

import pytest

from jingan_kg.query import show as S
from jingan_kg.query import who as W
from jingan_kg.store.base import iri


@pytest.fixture(scope="module")
def index(built):
    from jingan_kg.store.index import SearchIndex

    return SearchIndex(built[1] / "search.sqlite")


def _entities(index, kinds):
    rows = index._db.execute("SELECT iri, kind FROM entity ORDER BY id").fetchall()
    return [i for i, k in rows if k in kinds]


def test_the_index_holds_every_chinese_name_the_card_reads(store, index):
    rows = store.select('SELECT ?s ?l WHERE { ?s skos:prefLabel|rdfs:label|dcterms:title ?l FILTER(lang(?l) = "zh") }')
    expected: dict[str, list[str]] = {}
    for r in rows:
        expected.setdefault(r["s"], []).append(r["l"])
    found = index.zh_labels(sorted(expected))
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}


def test_an_abridged_card_has_the_relations_in_the_store_orders_first(store, index):
    """Every body's, district's, industry's and document's card: the relations in of each
    predicate and their order as when the store gave each with its name (`_IN`)."""
    checked = 0
    for target in _entities(index, {"organisation", "district", "industry", "document", "indicator"}):
        by: dict[str, list[dict]] = {}
        for r in store.select(S._IN, s=iri(target)):
            by.setdefault(r["p"], []).append(r)
        quick = S._incoming(store, index, target)
        assert {p: len(g) for p, g in quick.items()} == {p: len(g) for p, g in by.items()}, target
        for p, group in by.items():
            want = [(r["x"], r["xlabel"]) for r in heapq.nsmallest(15, group, key=S._in_key)]
            got = [(r["x"], r["xlabel"]) for r in heapq.nsmallest(15, quick[p], key=S._in_key)]
            assert got == want, (target, p)
        checked += 1
    assert checked > 50


def test_a_bodys_pairs_as_one_string_are_its_rows(store, index):
    kinds = {k.name: k for k in index.kinds()}
    bodies = _entities(index, {k.name for k in kinds.values() if k.inverse})
    assert bodies
    for body in bodies:
        for route in kinds["organisation"].routes:
            assert sorted(W._pairs_of(store, route, body)) == sorted(W._pairs(store, route, [body])), body


_RUN = """
import contextlib, io, json, sys
from jingan_kg.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(json.loads(sys.argv[1]), standalone_mode=False)
    except SystemExit as exc:
        assert not exc.code, exc.code
print(json.dumps(sorted(m for m in sys.modules if m.startswith("jingan_kg.cli"))))
"""


@pytest.mark.parametrize("question", [["who", "绿色金融"], ["show", "区数据局"], ["targets", "社会消费品零售总额"]])
def test_a_question_builds_only_its_own_commands(built, question):
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps([*question, "--out", str(built[1])])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == [
        "jingan_kg.cli",
        "jingan_kg.cli.output",
        "jingan_kg.cli.questions",
    ]
