"""Whole-graph facts read by hand from the sources: one full record per kind, field by field.

The counts per kind live in tests/expected/graph.yaml; a regression in any extractor or in
resolution changes a count or a field here.
"""

import pytest
import yaml

from jingan_kg.text import key

from .conftest import GAZETTE, ROOT, SOURCES

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "graph.yaml").read_text(encoding="utf-8"))


def one(store, sparql, **bindings):
    rows = store.select(sparql, **bindings)
    assert len(rows) == 1, rows
    return rows[0]


def test_counts_per_kind(built):
    assert built[0].counts == EXPECTED["counts"]


def test_counts_per_source(built):
    assert built[0].per_source == EXPECTED["per_source"]


def test_no_warnings_on_the_real_sources(built):
    issues = built[0].issues
    other = [(i.source, i.line, i.code) for i in issues if not i.code.startswith("prose-")]
    assert other == [tuple(w) for w in EXPECTED["warnings"]]
    prose = [i for i in issues if i.code.startswith("prose-")]
    assert {i.code for i in prose} == {"prose-target-untied", "prose-outcome-untied", "prose-period-unknown"}
    for i in prose:  # each names a number written on the line it cites
        line = (SOURCES / i.source).read_text(encoding="utf-8").split("\n")[i.line - 1]
        assert key(i.reason.split("'")[1]) in key(line), (i.source, i.line, i.reason)


def test_organisation_record(store):
    # gazette 1937: 静安区发展和改革委员会<TAB>静安区商务委员会 (signature block of 静发改委〔2026〕3号)
    r = one(
        store,
        """SELECT ?en (GROUP_CONCAT(?alt; separator="|") AS ?alts) ?src ?line ?quote WHERE {
        ?o skos:prefLabel "静安区商务委员会"@zh ; a jkg:GovernmentBody ; skos:prefLabel ?en ;
           prov:wasDerivedFrom [ jkg:inSource/jkg:path ?src ; jkg:lineStart ?line ; jkg:quote ?quote ] .
        FILTER(lang(?en) = "en") OPTIONAL { ?o skos:altLabel ?alt } } GROUP BY ?en ?src ?line ?quote""",
    )
    assert r["en"] == "Jing'an District Commission of Commerce"
    assert sorted(r["alts"].split("|")) == ["上海市静安区商务委员会", "区商务委"]
    assert (r["src"], r["line"], r["quote"]) == (GAZETTE, 1937, "静安区商务委员会")


def test_document_record(store):
    r = one(
        store,
        """SELECT ?title ?issued (COUNT(DISTINCT ?pub) AS ?publishers) ?line WHERE {
        ?d dcterms:identifier "静发改委〔2026〕3号" ; dcterms:title ?title ; dcterms:issued ?issued ;
           dcterms:publisher ?pub ; prov:wasDerivedFrom/jkg:lineStart ?line } GROUP BY ?title ?issued ?line""",
    )
    assert r == {
        "title": "上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施",
        "issued": "2026-01-26",
        "publishers": 9,
        "line": 1780,
    }


def test_service_project_record(store):
    # gazette 69-70: 一、为老服务方面 / 1. 为2000名特殊困难老年人提供“一键通”应急呼叫服务
    r = one(
        store,
        """SELECT ?label ?area ?q ?doc ?line WHERE {
        ?s a jkg:ServiceProject ; jkg:ordinal 1 ; rdfs:label ?label ; jkg:serviceArea ?area ; jkg:quantity ?q ;
           jkg:partOf/dcterms:identifier ?doc ; prov:wasDerivedFrom/jkg:lineStart ?line }""",
    )
    assert r == {
        "label": "为2000名特殊困难老年人提供“一键通”应急呼叫服务",
        "area": "为老服务",
        "q": "2000名",
        "doc": "静府发〔2026〕1号",
        "line": 70,
    }


def test_appointment_record(store):
    # gazette 201: 尹洁<TAB>上海市静安区人民政府办公室副主任、上海市静安区人民政府外事办公室主任；
    rows = store.select("""SELECT ?post ?action ?org ?line WHERE {
        ?a a jkg:Appointment ; jkg:person/rdfs:label "尹洁"@zh ; jkg:postTitle ?post ; jkg:action ?action ;
           jkg:organization/skos:prefLabel ?org ; prov:wasDerivedFrom/jkg:lineStart ?line } ORDER BY ?post""")
    assert rows == [
        {
            "post": "上海市静安区人民政府办公室副主任",
            "action": "任命",
            "org": "上海市静安区人民政府办公室",
            "line": 201,
        },
        {
            "post": "上海市静安区人民政府外事办公室主任",
            "action": "任命",
            "org": "上海市静安区人民政府外事办公室",
            "line": 201,
        },
    ]


def test_removal_and_appointment_of_one_person(store):
    # 徐刚 is appointed at line 218 and removed from two posts at lines 238-239 ("徐 刚" with a space)
    rows = store.select("""SELECT ?action (COUNT(?a) AS ?n) WHERE {
        ?a jkg:person/rdfs:label "徐刚"@zh ; jkg:action ?action } GROUP BY ?action ORDER BY ?action""")
    assert rows == [{"action": "任命", "n": 1}, {"action": "免去", "n": 2}]


def test_term_record(store):
    # gazette 1656-1658: 2. 静安国际会客厅 / 静安国际会客厅位于南京西路 1600 号…
    r = one(
        store,
        """SELECT ?def ?line WHERE { ?t a jkg:Term ; skos:prefLabel "静安国际会客厅"@zh ;
        skos:definition ?def ; jkg:ordinal 2 ; prov:wasDerivedFrom/jkg:lineStart ?line }""",
    )
    assert r["def"].startswith("静安国际会客厅位于南京西路1600号万航国际中心(原城市航站楼)")
    assert r["line"] == 1656


@pytest.mark.parametrize(
    "label, broader",
    [
        ("金融服务业", ["三大优势产业", "优势产业"]),
        ("区块链产业赛道", ["三大细分赛道"]),
        ("资产管理", ["金融服务业"]),
    ],
)
def test_industry_records(store, label, broader):
    rows = store.select(
        """SELECT ?b ?q WHERE { ?i a jkg:Industry ; skos:prefLabel ?l ; skos:broader/skos:prefLabel ?b
                           FILTER(STR(?l) = ?q) }""",
        q=label,
    )
    assert sorted(r["b"] for r in rows) == sorted(broader)
