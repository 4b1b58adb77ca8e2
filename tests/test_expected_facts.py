"""The built graph against tests/expected/measures.yaml, a person's reading of the gazette.

Expected values are as written in the file; the comparison applies the contract's label
normalisation (NFKC, footnote marks removed), nothing else.
"""

import pytest
import yaml

from jingan_kg.text import key, normalise

from .conftest import GAZETTE, ROOT

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "measures.yaml").read_text(encoding="utf-8"))["documents"]

MEASURES = """
SELECT ?m ?ordinal ?label ?section ?start ?end ?src ?ident WHERE {
  ?m a jkg:Measure ; jkg:ordinal ?ordinal ; rdfs:label ?label ; jkg:partOf ?doc ; prov:wasDerivedFrom ?ex .
  ?doc dcterms:identifier ?ident .
  OPTIONAL { ?m jkg:section ?section }
  ?ex jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src .
}"""
BODIES = """
SELECT ?m ?name WHERE {
  ?m a jkg:Measure ; jkg:responsibleBody ?o .
  { ?o skos:prefLabel ?name } UNION { ?o skos:altLabel ?name }
}"""
BODY_COUNT = """SELECT ?m (COUNT(DISTINCT ?o) AS ?n) WHERE { ?m jkg:responsibleBody ?o } GROUP BY ?m"""
INDUSTRIES = """SELECT ?m ?label WHERE { ?m jkg:concernsIndustry/skos:prefLabel ?label FILTER(lang(?label) = "zh") }"""


@pytest.fixture(scope="module")
def graph_measures(store):
    rows = {}
    for r in store.select(MEASURES):
        rows[(r["ident"], r["ordinal"])] = r
    names, industries = {}, {}
    for r in store.select(BODIES):
        names.setdefault(r["m"], set()).add(key(r["name"]))
    for r in store.select(INDUSTRIES):
        industries.setdefault(r["m"], set()).add(r["label"])
    counts = {r["m"]: r["n"] for r in store.select(BODY_COUNT)}
    return rows, names, industries, counts


# Links a person reads beyond the section headings (industries_by_section in the expected file):
# measure 45's title names the “未来” industry track; the HR plan's title (静安区关于加快推进人力资源
# 服务业数智化转型发展的实施方案) names 人力资源, a focus field of 专业服务业, for all its measures.
TITLE_LINKS = {("静发改委〔2026〕3号", 45): {"未来产业赛道"}}
DOCUMENT_LINKS = {"静府发〔2026〕2号": {"人力资源"}}

CASES = [(ident, m) for ident, doc in EXPECTED.items() for m in doc["measures"]]


def test_counts_per_document(graph_measures):
    rows = graph_measures[0]
    for ident, doc in EXPECTED.items():
        assert sorted(o for i, o in rows if i == ident) == [m["ordinal"] for m in doc["measures"]], ident
    assert len(rows) == sum(len(d["measures"]) for d in EXPECTED.values())


@pytest.mark.parametrize("ident, expected", CASES, ids=[f"{i}-{m['ordinal']}" for i, m in CASES])
def test_measure_matches_the_text(graph_measures, ident, expected):
    rows, names, industries, counts = graph_measures
    got = rows[(ident, expected["ordinal"])]
    assert got["label"] == normalise(expected["title"])
    assert (got["src"], got["start"], got["end"]) == (GAZETTE, expected["line_start"], expected["line_end"])
    assert got["section"] == normalise(expected["section"])
    bodies = names[got["m"]]
    for name in expected["bodies"]:
        assert key(name) in bodies, f"{name} not a label of any responsible body"
    assert counts[got["m"]] == len(set(expected["bodies"])), "one organisation node per body named"
    sections = EXPECTED[ident].get("industries_by_section", {})
    want = set(sections.get(expected["section"], [])) | TITLE_LINKS.get((ident, expected["ordinal"]), set())
    want = want or DOCUMENT_LINKS.get(ident, set())
    assert industries.get(got["m"], set()) == want
