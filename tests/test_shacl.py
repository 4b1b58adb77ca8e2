"""graph/shacl.py: the default engine (`shacl`) and pyshacl give the same lines on every case."""

from __future__ import annotations

import random

import pytest
from pyoxigraph import RdfFormat, parse, serialize
from rdflib import Graph

from jingan_kg.config import resource
from jingan_kg.graph.shacl import VALIDATORS, violations

from .test_ontology import INVALID_CASES, VALID_DATA, _mutated

ONTOLOGY = resource("ontology")
JKR = "https://w3id.org/jingan-kg/id/"
DEF = "https://w3id.org/jingan-kg/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# VALID_DATA (test_ontology.py) and one node of each class whose shapes use sh:in, sh:or, sh:uniqueLang
# on a District, sh:targetSubjectsOf: together they conform, and each case breaks one thing.
MORE = """
@prefix jkg: <https://w3id.org/jingan-kg/def#> . @prefix jkr: <https://w3id.org/jingan-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
jkr:ind a jkg:Indicator ; skos:prefLabel "人力资源服务业营业收入"@zh ; prov:wasDerivedFrom jkr:ex-m11 .
jkr:t a jkg:Target ; jkg:indicator jkr:ind ; jkg:period "2027" ; jkg:value "100亿元" ;
    jkg:statedIn jkr:doc ; prov:wasDerivedFrom jkr:ex-m11 .
jkr:a a jkg:Assessment ; jkg:target jkr:t ; jkg:status jkg:Pending ; jkg:rule "no outcome yet" ;
    prov:wasDerivedFrom jkr:ex-m11 .
jkr:cat a skos:Concept ; skos:prefLabel "产业发展类"@zh .
jkr:p a jkg:Project ; rdfs:label "数智人力资源服务平台"@zh ; jkg:ordinal 1 ; jkg:category jkr:cat ;
    jkg:partOf jkr:doc ; prov:wasDerivedFrom jkr:ex-m11 .
jkr:jingan a jkg:District ; skos:prefLabel "静安区"@zh , "Jing'an District"@en ; jkg:divisionCode "310106" ;
    dcterms:source <https://www.jingan.gov.cn/> .
jkr:hrss jkg:district jkr:jingan .
"""


def _nt(turtle: str) -> bytes:
    """Turtle as sorted N-Triples, the form the build passes."""
    lines = serialize(parse(turtle, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES).splitlines()
    return b"".join(sorted(line + b"\n" for line in lines))


def _graph_nt(g: Graph) -> bytes:
    return _nt(g.serialize(format="nt"))


BASE = _nt(VALID_DATA + MORE)


def _changed(remove: tuple[str, ...] = (), add: tuple[str, ...] = ()) -> bytes:
    """BASE without the lines holding every part of a pattern in `remove`, with `add` (N-Triples lines)."""
    kept = [line for line in BASE.decode().splitlines() if not any(all(p in line for p in pat) for pat in remove)]
    return "\n".join(kept + list(add)).encode() + b"\n"


def _agreed(nt: bytes) -> list[str]:
    """The lines, asserted the same under every validator."""
    found = {v: violations(nt, ONTOLOGY, v)[0] for v in VALIDATORS}
    first = found[VALIDATORS[0]]
    for v, lines in found.items():
        assert lines == first, f"{v} differs from {VALIDATORS[0]}"
    return first


def test_the_scaffold_conforms_under_every_validator():
    assert _agreed(BASE) == []


@pytest.mark.parametrize("case", sorted(INVALID_CASES))
def test_ontology_cases_give_the_same_lines(case):
    """test_ontology.py's broken graphs: the same lines from both, the ones its expected results name."""
    remove, add, expected = INVALID_CASES[case]
    lines = _agreed(_graph_nt(_mutated(Graph().parse(data=VALID_DATA, format="turtle"), remove, add)))
    assert lines == sorted(f"{focus} {path}: {message}" for focus, path, _, message in expected)


def _t(s: str, p: str, o: str) -> str:
    return f"<{JKR}{s}> <{p}> {o} ."


# One case per constraint component the shapes use: (removed patterns, added lines, the one expected line)
COMPONENTS = {
    "minCount": (
        [("jkr:a>", f"{DEF}rule")],
        [],
        "a",
        f"{DEF}rule",
        "Assessment: jkg:rule must be exactly one xsd:string.",
    ),
    "maxCount": (
        [],
        [_t("m11", f"{DEF}ordinal", '"12"^^<http://www.w3.org/2001/XMLSchema#integer>')],
        "m11",
        f"{DEF}ordinal",
        "Measure: jkg:ordinal must be exactly one xsd:integer >= 1.",
    ),
    "in": (
        [("jkr:a>", f"{DEF}status")],
        [_t("a", f"{DEF}status", f"<{DEF}Met2>")],
        "a",
        f"{DEF}status",
        "Assessment: jkg:status must be one of jkg:Met, jkg:NotMet, jkg:Pending, jkg:Overdue, jkg:NotComparable.",
    ),
    "or": (
        [],
        [_t("p", f"{DEF}locatedIn", f"<{JKR}doc>")],
        "p",
        f"{DEF}locatedIn",
        "Project: jkg:locatedIn, where given, must point to a jkg:Street or a jkg:Area.",
    ),
    "uniqueLang": (
        [],
        [_t("jingan", f"{SKOS}prefLabel", '"静安"@zh')],
        "jingan",
        f"{SKOS}prefLabel",
        "District: skos:prefLabel must be given once @zh and once @en.",
    ),
    "languageIn": (
        [],
        [_t("hrss", f"{SKOS}altLabel", '"人社局"@ja')],
        "hrss",
        f"{SKOS}altLabel",
        "Organization: every skos:altLabel must be tagged @zh or @en.",
    ),
    "minLength": (
        [("jkr:src>", f"{DEF}path")],
        [_t("src", f"{DEF}path", '""')],
        "src",
        f"{DEF}path",
        "SourceFile: jkg:path must be exactly one non-empty xsd:string (path relative to the sources folder).",
    ),
    "nodeKind": (
        [],
        [_t("ind", f"{DEF}unit", f"<{JKR}doc>")],
        "ind",
        f"{DEF}unit",
        "Indicator: jkg:unit, where stated, must be a literal.",
    ),
    "class (targetSubjectsOf)": (
        [],
        [_t("m11", f"{DEF}district", f"<{JKR}doc>")],
        "m11",
        f"{DEF}district",
        "jkg:district must point to exactly one jkg:District.",
    ),
    "datatype": (
        [],
        [_t("hrss", f"{DEF}unresolved", '"yes"')],
        "hrss",
        f"{DEF}unresolved",
        "Organization: jkg:unresolved, where given, must be a single xsd:boolean.",
    ),
    "class (subclass target)": (
        [("jkr:hrss>", RDF_TYPE)],
        [_t("hrss", RDF_TYPE, f"<{DEF}Street>"), _t("m11", f"{DEF}responsibleBody", f"<{JKR}cat>")],
        "m11",
        f"{DEF}responsibleBody",
        "Measure: jkg:responsibleBody must point to an org:Organization.",
    ),
    "pattern (district code)": (
        [("jkr:jingan>", f"{DEF}divisionCode")],
        [_t("jingan", f"{DEF}divisionCode", '"320106"')],
        "jingan",
        f"{DEF}divisionCode",
        "District: jkg:divisionCode must be one six-digit Shanghai code (31xxxx).",
    ),
}


@pytest.mark.parametrize("case", sorted(COMPONENTS))
def test_each_constraint_component_gives_its_exact_line(case):
    remove, add, focus, path, message = COMPONENTS[case]
    remove = [tuple(p.replace("jkr:", JKR) for p in pat) for pat in remove]
    assert _agreed(_changed(tuple(remove), tuple(add))) == [f"{JKR}{focus} {path}: {message}"]


def test_the_given_sources_graph_conforms_and_breaks_alike(built):
    """The 1x build's graph conforms under both; with 2% of its triples dropped, both give the same lines."""
    nt = (built[1] / "jingan-kg.nt").read_bytes()
    assert _agreed(nt) == []
    rnd = random.Random(16)
    broken = b"".join(line for line in nt.splitlines(keepends=True) if rnd.random() > 0.02)
    lines = _agreed(broken)
    assert len(lines) > 100 and len({line.split(": ", 1)[1] for line in lines}) > 20


def test_an_unknown_validator_is_refused():
    with pytest.raises(ValueError, match="unknown SHACL validator"):
        violations(BASE, ONTOLOGY, "jena")
