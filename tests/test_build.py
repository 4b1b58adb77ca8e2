"""build(): outputs, counts, determinism, SHACL, and that a failed build changes nothing."""

import hashlib
import json
import os

import pytest

from jingan_kg.errors import SourceError, ValidationFailed
from jingan_kg.pipeline.build import BuildConfig, build

from .conftest import GAZETTE


def digest(out):
    """Every file of the published generation, by its path inside it (out/store/… is the store)."""
    from jingan_kg.store.generations import current_generation

    gen = current_generation(out)
    files = sorted(p for p in gen.rglob("*") if p.is_file())
    return {p.relative_to(gen).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_outputs_and_counts(built):
    result, out = built
    for name in ("jingan-kg.ttl", "jingan-kg.jsonld", "bureau-measure-industry.html", "build-report.json"):
        assert (out / name).stat().st_size > 0
    assert (out / "store" / "CURRENT").exists()
    assert result.counts["measures"] == 60 and result.counts["source files"] == 4
    assert result.counts["documents"] == 13  # 10 in the gazette (its 目录), one per other source
    assert result.per_source[GAZETTE]["measures"] == 60
    assert {i.code for i in result.issues} == {
        "prose-target-untied",
        "prose-outcome-untied",
        "prose-period-unknown",
        "project-area-ambiguous",
    }
    assert result.unresolved == []
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["counts"] == result.counts


def test_every_contract_node_has_an_excerpt(store):
    missing = store.select("""
      SELECT ?s WHERE { VALUES ?c { jkg:Document jkg:Measure org:Organization jkg:Industry }
        ?s a ?c FILTER NOT EXISTS { ?s prov:wasDerivedFrom/jkg:quote ?q } }""")
    assert missing == []


def test_exports_are_byte_identical_across_builds(built, tmp_path):
    build(BuildConfig(out=tmp_path))
    first = {k: v for k, v in digest(built[1]).items() if not k.startswith("store/") and k != "build.ttl"}
    again = {k: v for k, v in digest(tmp_path).items() if not k.startswith("store/") and k != "build.ttl"}
    assert first == again


def test_turtle_export_round_trips(built):
    from rdflib import Graph

    g = Graph().parse(built[1] / "jingan-kg.ttl", format="turtle")
    assert len(g) == built[0].triples
    assert len(Graph().parse(built[1] / "jingan-kg.jsonld", format="json-ld")) == built[0].triples


def test_unknown_body_is_kept_flagged_and_reported(make_sources, tmp_path):
    doc = (
        "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n静数〔2027〕5号\n\n"
        "1. 支持数据集。支持建设数据集。（责任部门：区数据局、区火星局）\n"
    )
    result = build(BuildConfig(sources=make_sources({"extra.txt": doc}, with_real=True), out=tmp_path / "o"))
    assert result.unresolved == ["区火星局"]
    assert [(i.source, i.line, i.code) for i in result.issues if i.source == "extra.txt"] == [
        ("extra.txt", 7, "unresolved-body")
    ]
    from jingan_kg.store.embedded import GraphStore

    rows = GraphStore.open(tmp_path / "o" / "store").select("""
      SELECT ?label ?flag WHERE { ?m jkg:ordinal 1 ; jkg:responsibleBody ?o . ?o jkg:unresolved ?flag ;
        skos:prefLabel ?label . ?m jkg:partOf/dcterms:identifier "静数〔2027〕5号" }""")
    assert rows == [{"label": "区火星局", "flag": "true"}]


def test_failed_build_leaves_previous_outputs_untouched(built, make_sources, tmp_path):
    out = tmp_path / "exports"
    build(BuildConfig(out=out))
    before = digest(out)
    bad = make_sources({"gbk.txt": "静安区\n".encode("gbk")}, with_real=True)
    with pytest.raises(SourceError):
        build(BuildConfig(sources=bad, out=out))
    assert digest(out) == before
    assert sorted(p.name for p in (out / "generations").iterdir()) == [os.readlink(out / "current").split("/")[-1]]


def test_shacl_failure_stops_the_build_and_keeps_outputs(tmp_path, monkeypatch):
    out = tmp_path / "exports"
    build(BuildConfig(out=out))
    before = digest(out)
    import jingan_kg.pipeline.assemble as graph_module

    real = graph_module.build_graph

    def broken(ctx, kinds):  # a measure that lost its ordinal
        triples = real(ctx, kinds)
        ordinal = "https://w3id.org/jingan-kg/def#ordinal"
        lost = min(t for t in triples if t.split(" ")[1] == f"<{ordinal}>" and "/measure/" in t.split(" ")[0])
        return triples - {lost}

    monkeypatch.setattr(graph_module, "build_graph", broken)
    with pytest.raises(ValidationFailed) as err:
        build(BuildConfig(out=out))
    [line] = err.value.results
    assert line.startswith("https://w3id.org/jingan-kg/id/measure/") and "def#ordinal" in line
    assert "(1 violations)" in str(err.value)
    assert digest(out) == before


def test_another_years_plan_report_joins_the_same_indicators(make_sources, tmp_path):
    """A new plan report of a known kind is read without code changes and extends the same nodes."""
    from jingan_kg.store.embedded import GraphStore

    from .test_indicators import OTHER_YEAR

    out = tmp_path / "o"
    result = build(BuildConfig(sources=make_sources({"plan-report-2030.txt": OTHER_YEAR}, with_real=True), out=out))
    assert result.per_source["plan-report-2030.txt"]["targets"] >= 4
    assert {i.code for i in result.issues if i.source == "plan-report-2030.txt"} >= {"table-row-not-parsed"}
    rows = GraphStore.open(out / "store").select("""
        SELECT ?period ?value WHERE { ?i skos:prefLabel "社会消费品零售总额"@zh . ?t jkg:indicator ?i ; a jkg:Target ;
          jkg:period ?period ; jkg:value ?value } ORDER BY ?period ?value""")
    periods = [r["period"] for r in rows]
    assert {"2022", "2025", "2026", "2030", "2031"} <= set(periods)
    assert {"period": "2031", "value": "2100亿元"} in rows
