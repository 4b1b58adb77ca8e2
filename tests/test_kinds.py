"""The kind registry: a kind declared in one place reaches every stage, and the declarations hold together."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from jingan_kg.graph import vocab as V
from jingan_kg.graph.iris import in_document
from jingan_kg.kinds import REGISTRY, Count, Fact, Find, Kind, Route, Style
from jingan_kg.pipeline.build import BuildConfig, build
from jingan_kg.pipeline.resolve import resolution_order
from jingan_kg.records import Excerpt, Extraction, Record

from .conftest import ROOT

# --- a toy kind, declared here and nowhere else -------------------------------------------------

TOY = V.JKG + "Toy"  # a class of the test's own
TOY_HEAD = re.compile(r"^玩具清单$")
TOY_ITEM = re.compile(r"^(\d+)\.\s*(\S+?)（制作：(\S+?)）$")


class ToyRecord(Record):
    document: str
    ordinal: int
    name: str
    body: str
    excerpt: Excerpt


def _lines(span):
    return [ln for ln in span.lines() if ln.text and not ln.noise]


def _detect(span) -> bool:
    return any(TOY_HEAD.match(ln.text.strip()) for ln in _lines(span))


def _extract(span) -> Extraction:
    out = []
    for ln in _lines(span):
        if m := TOY_ITEM.match(ln.text.strip()):
            out.append(
                ToyRecord(
                    document=span.document_key,
                    ordinal=int(m.group(1)),
                    name=m.group(2),
                    body=m.group(3),
                    excerpt=Excerpt(
                        source=span.source.path, line_start=ln.number, line_end=ln.number, quote=ln.text.strip()
                    ),
                )
            )
    return Extraction(records=tuple(out))


def _resolve(ctx):
    return [(t, ctx.resolver.resolve(t.body, t.excerpt)[0]) for t in ctx.of(ToyRecord)]


def _triples(ctx, t) -> None:
    from jingan_kg.graph.iris import document_iri, org_iri

    for toy, body in ctx.result("toys"):
        n = in_document(toy.document, "toy", toy.ordinal)
        t.a(n, TOY)
        t.zh(n, V.label, toy.name)
        t.link(n, V.partOf, document_iri(toy.document))
        t.link(n, V.responsibleBody, org_iri(body))
        t.cite(n, toy.excerpt)


TOYS = Kind(
    name="toys",
    detect=_detect,
    extract=_extract,
    resolve=_resolve,
    triples=_triples,
    cited=lambda ctx: (("toys", toy.excerpt) for toy, _ in ctx.result("toys")),
    counts=(Count("toys", TOY),),
    finds=(Find("jkg:Toy", "toy", (Route("makes the toy", "?s jkg:responsibleBody ?o . BIND(?s AS ?m)"),), rank=95),),
)

TOY_DOCUMENT = """静安区玩具清单的通知
（2026年3月1日）

玩具清单
1. 木头火车（制作：区商务委）
2. 纸风筝（制作：区数据局）
"""


@pytest.fixture(scope="module")
def toy_build(tmp_path_factory):
    sources = tmp_path_factory.mktemp("sources")
    (sources / "toys.txt").write_text(TOY_DOCUMENT, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    return build(BuildConfig(sources=sources, out=out), kinds=(*REGISTRY, TOYS)), out


def test_a_kind_declared_in_a_test_reaches_graph_report_index_and_stats(toy_build):
    from jingan_kg.query import questions as Q
    from jingan_kg.store.opening import open_graph

    result, out = toy_build
    assert result.counts["toys"] == 2
    assert result.per_source["toys.txt"]["toys"] == 2
    g = open_graph(out)
    rows = g.store.select("""SELECT ?label ?line ?quote ?body WHERE {
        ?t a jkg:Toy ; rdfs:label ?label ; jkg:responsibleBody/skos:prefLabel ?body ;
           prov:wasDerivedFrom [ jkg:lineStart ?line ; jkg:quote ?quote ] FILTER(lang(?body) = "zh") } ORDER BY ?line""")
    assert [(r["label"], r["line"], r["body"]) for r in rows] == [
        ("木头火车", 5, "静安区商务委员会"),
        ("纸风筝", 6, "静安区数据局"),
    ]
    assert rows[0]["quote"] == "1. 木头火车（制作：区商务委）"
    hit = g.index.search("纸风筝")[0]
    assert (hit.kind, hit.label) == ("toy", "纸风筝")
    answer = Q.who(g.store, g.index, "木头火车")
    assert [(b.label, [c.relation for c in b.citations]) for b in answer.bodies] == [
        ("静安区商务委员会", ["makes the toy"])
    ]
    assert Q.stats(g.store, g.index)["counts"]["toys"] == 2


def test_curated_bodies_are_cited_where_a_build_without_their_source_names_them(toy_build):
    """The curated rows cite the gazette; a build without it cites the line that names the body,
    and leaves out the curated bodies none of its documents names."""
    from jingan_kg.store.opening import open_graph

    result, out = toy_build
    assert result.counts["organisations"] == 2
    rows = open_graph(out).store.select("""SELECT ?src ?line WHERE {
        <https://w3id.org/jingan-kg/id/org/jingan-commerce> prov:wasDerivedFrom [ jkg:inSource/jkg:path ?src ;
                                                                                  jkg:lineStart ?line ] }""")
    assert [(r["src"], r["line"]) for r in rows] == [("toys.txt", 5)]
    assert "toys" not in build.__globals__  # the build module names no kind


def test_the_registry_is_the_only_list_of_kinds():
    """Outside kinds/, modules take kinds from the registry only: no module imports one kind."""
    src = ROOT / "src" / "jingan_kg"
    shared = {"REGISTRY", "Kind", "Count", "Find", "Route", "Style", "Fact"}
    for path in src.rglob("*.py"):
        rel = path.relative_to(src).as_posix()
        if rel.startswith("kinds/"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"from \.+kinds\.(?!base\b)\w+ import|import jingan_kg\.kinds\.", text), rel
        for names in re.findall(r"from \.+kinds import ([^\n]+)", text):
            assert {n.strip() for n in names.split(",")} <= shared, f"{rel} imports a kind: {names}"


def test_service_projects_are_named_in_at_most_three_source_files():
    src = ROOT / "src" / "jingan_kg"
    naming = sorted(
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if re.search(
            r"ServiceProject|service_project|service project|service-items|为民办实事", p.read_text(encoding="utf-8")
        )
    )
    assert len(naming) <= 3, naming


def test_declarations_hold_together():
    names = [k.name for k in REGISTRY]
    assert len(set(names)) == len(names)
    finds = [f for k in REGISTRY for f in k.finds]
    assert len({f.name for f in finds}) == len(finds) and len({f.rank for f in finds}) == len(finds)
    assert all(r.bind in ("iri", "label", "narrower") for f in finds for r in f.routes)
    assert all(f.cls.startswith(("jkg:", "org:")) for f in finds)
    styles = [s for k in REGISTRY for s in k.styles]
    assert len({s.key for s in styles}) == len(styles) and len({s.rank for s in styles}) == len(styles)
    facts = [f for k in REGISTRY for f in k.facts]
    assert not [p for p, n in Counter(f.predicate for f in facts).items() if n > 1]
    for kind_facts in (False, True):
        ranks = [f.rank for f in facts if f.linked is kind_facts]
        assert len(set(ranks)) == len(ranks)
    counted = [c.label for k in REGISTRY for c in k.counts]
    assert len(set(counted)) == len(counted)
    resolving = {k.name for k in REGISTRY if k.resolve}
    assert all(a in resolving for k in REGISTRY for a in k.after)


def test_resolution_follows_after_and_refuses_a_cycle():
    order = [k.name for k in resolution_order(REGISTRY)]
    for k in REGISTRY:
        for a in k.after:
            assert order.index(a) < order.index(k.name), (k.name, a)
    a = Kind(name="a", resolve=lambda ctx: None, after=("b",))
    b = Kind(name="b", resolve=lambda ctx: None, after=("a",))
    from jingan_kg.errors import JinganKgError

    with pytest.raises(JinganKgError, match="wait on each other"):
        resolution_order((a, b))


def test_every_declared_term_is_in_the_ontology():
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    onto = Graph().parse(ROOT / "ontology" / "jingan.ttl", format="turtle")
    used = (
        {c.cls for k in REGISTRY for c in k.counts}
        | {s.cls for k in REGISTRY for s in k.styles if s.cls}
        | {f.predicate for k in REGISTRY for f in k.facts}
    )
    missing = [t for t in used if t.startswith(V.JKG) and (URIRef(t), RDF.type, None) not in onto]
    assert used and not missing


def test_styles_pick_the_most_specific_class():
    from jingan_kg.views.cards import Info

    part = Info("urn:x", types={V.StreetPart, V.Street, V.Organization})
    industry = Info("urn:y", types={V.Industry, V.Concept})
    category = Info("urn:z", types={V.Concept})
    assert (part.kind, industry.kind, category.kind) == ("street-part", "industry", "category")
    assert Style("k", "l", "#000", "dot", rank=0).cls is None and Fact("p", "l", 0).linked is False
