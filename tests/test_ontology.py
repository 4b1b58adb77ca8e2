"""Checks on ontology/jingan.ttl (OWL/RDFS) and ontology/shapes.ttl (SHACL).

The term lists below ARE the public contract of /work/shared/design/ONTOLOGY.md:
renaming or dropping one of them needs a migration note in the README, not just
an edit here.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "jingan.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

JKG = Namespace("https://w3id.org/jingan-kg/def#")
JKR = Namespace("https://w3id.org/jingan-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

# --------------------------------------------------------------------------
# The contract (ONTOLOGY.md tables + provenance section), hard-coded on purpose
# --------------------------------------------------------------------------

CONTRACT_CLASSES = [
    JKG.SourceFile,
    JKG.Document,
    JKG.Measure,
    ORG.Organization,
    JKG.GovernmentBody,
    JKG.Street,
    JKG.Enterprise,
    JKG.Area,
    JKG.Project,
    JKG.Industry,
    SKOS.Concept,
    JKG.Indicator,
    JKG.Target,
    JKG.Outcome,
    JKG.ServiceProject,
    JKG.Appointment,
    JKG.Person,
    JKG.Term,
    JKG.Excerpt,
]

# rdfs:label is also required by the contract but is RDFS's own built-in
# labelling property: it is not re-declared (or re-labelled) in jingan.ttl.
CONTRACT_PROPERTIES = [
    # SourceFile
    JKG.path,
    JKG.sha256,
    # Document
    DCTERMS.title,
    JKG.inSource,
    DCTERMS.identifier,
    DCTERMS.issued,
    DCTERMS.publisher,
    # Measure
    JKG.ordinal,
    JKG.partOf,
    JKG.responsibleBody,
    JKG.concernsIndustry,
    # Organization, Area, Industry, Indicator, Term
    SKOS.prefLabel,
    SKOS.altLabel,
    JKG.containsStreet,
    JKG.definedIn,
    SKOS.broader,
    SKOS.narrower,
    JKG.unit,
    SKOS.definition,
    # Project
    JKG.category,
    JKG.locatedIn,
    # Target / Outcome
    JKG.indicator,
    JKG.period,
    JKG.value,
    JKG.numericValue,
    JKG.statedIn,
    # ServiceProject
    JKG.serviceArea,
    # Appointment
    JKG.person,
    JKG.postTitle,
    JKG.action,
    JKG.organization,
    # Provenance
    PROV.wasDerivedFrom,
    JKG.lineStart,
    JKG.lineEnd,
    JKG.quote,
]

# Terms the code uses beyond the contract tables (agreed in the brief).
ADDITIONAL_CLASSES = [JKG.AreaBody, JKG.PartyBody, JKG.District]
ADDITIONAL_PROPERTIES = [JKG.kind, JKG.text, JKG.section, JKG.unresolved, JKG.district, JKG.divisionCode, JKG.inferred]

ORGANIZATION_SUBCLASSES = [
    JKG.GovernmentBody,
    JKG.Street,
    JKG.Enterprise,
    JKG.AreaBody,
    JKG.PartyBody,
]

# Classes whose nodes need no prov:wasDerivedFrom of their own.
# A District is curated reference data, not read from a source: it cites its page (dcterms:source).
PROVENANCE_EXEMPT = {JKG.SourceFile, JKG.Excerpt, JKG.District}

PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _labels(graph: Graph, term: URIRef, prop: URIRef = RDFS.label) -> set[str | None]:
    return {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}


# --------------------------------------------------------------------------
# jingan.ttl
# --------------------------------------------------------------------------


def test_both_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert len(ontology) > 0
    assert len(shapes) > 0
    onto = URIRef("https://w3id.org/jingan-kg/def")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert _labels(ontology, onto, DCTERMS.title) >= {"zh", "en"}
    assert _labels(ontology, onto, RDFS.comment) >= {"zh", "en"}
    assert ontology.value(onto, OWL.versionInfo) is not None


@pytest.mark.parametrize("term", CONTRACT_CLASSES + ADDITIONAL_CLASSES, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_class_is_defined_with_zh_and_en_label(ontology: Graph, term: URIRef) -> None:
    assert (term, RDF.type, OWL.Class) in ontology, f"{term} is not declared owl:Class"
    assert _labels(ontology, term) >= {"zh", "en"}, f"{term} lacks an @zh or @en rdfs:label"


@pytest.mark.parametrize(
    "term",
    CONTRACT_PROPERTIES + ADDITIONAL_PROPERTIES,
    ids=lambda t: str(t).rsplit("#", 1)[-1].rsplit("/", 1)[-1],
)
def test_property_is_defined_with_zh_and_en_label(ontology: Graph, term: URIRef) -> None:
    types = set(ontology.objects(term, RDF.type))
    assert types & PROPERTY_TYPES, f"{term} is not declared as an OWL property"
    assert _labels(ontology, term) >= {"zh", "en"}, f"{term} lacks an @zh or @en rdfs:label"


def test_every_declared_term_is_documented(ontology: Graph) -> None:
    """Every class and property in the file, contract or not, has zh+en label and comment."""
    declared = {
        s for t in (OWL.Class, *PROPERTY_TYPES) for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)
    }
    assert set(CONTRACT_CLASSES) | set(CONTRACT_PROPERTIES) <= declared
    problems = []
    for term in sorted(declared):
        if not _labels(ontology, term) >= {"zh", "en"}:
            problems.append(f"{term}: rdfs:label @zh and @en")
        if not _labels(ontology, term, RDFS.comment) >= {"zh", "en"}:
            problems.append(f"{term}: rdfs:comment @zh and @en")
        if ontology.value(term, RDFS.isDefinedBy) is None:
            problems.append(f"{term}: rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_subclass_links(ontology: Graph) -> None:
    for cls in ORGANIZATION_SUBCLASSES:
        assert (cls, RDFS.subClassOf, ORG.Organization) in ontology, cls
    assert (JKG.Industry, RDFS.subClassOf, SKOS.Concept) in ontology


def test_jkg_domains_and_ranges_are_defined(ontology: Graph) -> None:
    """A named class used as a domain or range of a jkg: property is declared here."""
    xsd = str(XSD)
    for prop in (p for p in ontology.subjects(RDF.type, None) if str(p).startswith(str(JKG))):
        for target in (*ontology.objects(prop, RDFS.domain), *ontology.objects(prop, RDFS.range)):
            if isinstance(target, BNode):  # owl:unionOf of declared classes
                members = ontology.collection(ontology.value(target, OWL.unionOf))
                assert all((m, RDF.type, OWL.Class) in ontology for m in members), prop
            elif not str(target).startswith(xsd) and target != RDF.langString:
                assert (target, RDF.type, OWL.Class) in ontology, (prop, target)


def test_datatypes_of_typed_properties(ontology: Graph) -> None:
    expected = {
        JKG.ordinal: XSD.integer,
        JKG.lineStart: XSD.integer,
        JKG.lineEnd: XSD.integer,
        JKG.quote: XSD.string,
        JKG.numericValue: XSD.decimal,
        JKG.unresolved: XSD.boolean,
        JKG.kind: XSD.string,
        JKG.text: RDF.langString,
        JKG.section: RDF.langString,
    }
    for prop, datatype in expected.items():
        assert (prop, RDF.type, OWL.DatatypeProperty) in ontology, prop
        assert ontology.value(prop, RDFS.range) == datatype, prop


# --------------------------------------------------------------------------
# shapes.ttl: structure
# --------------------------------------------------------------------------


def _declared(ontology: Graph, term: URIRef) -> bool:
    return any((term, RDF.type, t) in ontology for t in (OWL.Class, *PROPERTY_TYPES, SKOS.Concept, SKOS.ConceptScheme))


def test_shapes_use_only_defined_terms(ontology: Graph, shapes: Graph) -> None:
    """sh:path / sh:class / sh:targetClass IRIs, and any jkg: IRI at all, are defined."""
    used: set[URIRef] = set()
    for prop in (SH.path, SH["class"], SH.targetClass):
        used |= {o for o in shapes.objects(None, prop) if isinstance(o, URIRef)}
    used |= {
        node for triple in shapes for node in triple if isinstance(node, URIRef) and str(node).startswith(str(JKG))
    }
    used.discard(RDFS.label)  # built-in, not re-declared
    missing = sorted(str(t) for t in used if not _declared(ontology, t))
    assert not missing, f"used in shapes.ttl but not defined in jingan.ttl: {missing}"


def test_every_contract_class_is_targeted(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    # skos:Concept is only a range (project categories); its subclass jkg:Industry is targeted.
    missing = [c for c in CONTRACT_CLASSES + ADDITIONAL_CLASSES if c not in targeted and c != SKOS.Concept]
    assert not missing, missing


def _property_shapes(shapes: Graph, node_shape) -> list:
    return list(shapes.objects(node_shape, SH.property))


def test_provenance_rule_on_every_shape(shapes: Graph) -> None:
    for node_shape in set(shapes.subjects(SH.targetClass, None)):
        targets = set(shapes.objects(node_shape, SH.targetClass))
        prov_shapes = [
            ps for ps in _property_shapes(shapes, node_shape) if shapes.value(ps, SH.path) == PROV.wasDerivedFrom
        ]
        if targets & PROVENANCE_EXEMPT:
            assert not prov_shapes, node_shape
            continue
        assert any(
            shapes.value(ps, SH.minCount).toPython() >= 1 and shapes.value(ps, SH["class"]) == JKG.Excerpt
            for ps in prov_shapes
        ), f"{node_shape} lacks prov:wasDerivedFrom [minCount 1, class jkg:Excerpt]"


def test_every_property_shape_has_a_readable_message(shapes: Graph) -> None:
    for node_shape in set(shapes.subjects(SH.targetClass, None)):
        for ps in _property_shapes(shapes, node_shape):
            message = shapes.value(ps, SH.message)
            path = shapes.value(ps, SH.path)
            assert isinstance(message, Literal) and message.language in (None, "en"), ps
            local = str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            assert ":" in message and local in message, (node_shape, path, str(message))


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shapes, meta_shacl=True, inference="none")
    assert conforms, text


# --------------------------------------------------------------------------
# shapes.ttl: behaviour on data
# --------------------------------------------------------------------------

VALID_DATA = """
@prefix jkg:     <https://w3id.org/jingan-kg/def#> .
@prefix jkr:     <https://w3id.org/jingan-kg/id/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix org:     <http://www.w3.org/ns/org#> .

jkr:src a jkg:SourceFile ;
    jkg:path "gazette-2026-01.txt" ;
    jkg:sha256 "0f343b0931126a20f133d67c2b018a3b5e0fa4e6d3b3a5d3a0c6e3d8f0b4c6a1" .

jkr:ex-doc a jkg:Excerpt ;
    jkg:inSource jkr:src ; jkg:lineStart 56 ; jkg:lineEnd 56 ;
    jkg:quote "关于印发《静安区人力资源服务业数智化转型发展行动方案》的通知" .

jkr:ex-m11 a jkg:Excerpt ;
    jkg:inSource jkr:src ; jkg:lineStart 192 ; jkg:lineEnd 192 ;
    jkg:quote "（十一）建立统筹协调的工作推进机制。（责任单位：区人力资源社会保障局）" .

jkr:doc a jkg:Document ;
    dcterms:title "静安区人力资源服务业数智化转型发展行动方案"@zh ;
    jkg:inSource jkr:src ;
    dcterms:issued "2026-01-20"^^xsd:date ;
    jkg:kind "measures" ;
    prov:wasDerivedFrom jkr:ex-doc .

jkr:m11 a jkg:Measure ;
    rdfs:label "建立统筹协调的工作推进机制"@zh ;
    jkg:ordinal 11 ;
    jkg:partOf jkr:doc ;
    jkg:responsibleBody jkr:hrss ;
    jkg:section "四、强化转型要素支撑新保障"@zh ;
    prov:wasDerivedFrom jkr:ex-m11 .

jkr:hrss a org:Organization ;
    skos:prefLabel "上海市静安区人力资源和社会保障局"@zh ;
    skos:altLabel "区人力资源社会保障局"@zh ;
    prov:wasDerivedFrom jkr:ex-m11 .
"""

M11 = JKR["m11"]
EX_M11 = JKR["ex-m11"]


@pytest.fixture(scope="module")
def valid_data() -> Graph:
    return Graph().parse(data=VALID_DATA, format="turtle")


def _validate(data: Graph, shapes: Graph, ontology: Graph | None):
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    found = {
        (
            results.value(r, SH.focusNode),
            results.value(r, SH.resultPath),
            results.value(r, SH.sourceConstraintComponent),
            str(results.value(r, SH.resultMessage)),
        )
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    return conforms, found, text


def _mutated(valid: Graph, remove=(), add=()) -> Graph:
    g = Graph()
    for triple in valid:
        g.add(triple)
    for pattern in remove:
        g.remove(pattern)
    for triple in add:
        g.add(triple)
    return g


def test_valid_graph_conforms(valid_data: Graph, shapes: Graph, ontology: Graph) -> None:
    for ont in (ontology, None):  # with and without the ontology mixed in
        conforms, found, text = _validate(valid_data, shapes, ont)
        assert conforms, text
        assert not found


def test_body_typed_only_with_subclass_conforms(valid_data: Graph, shapes: Graph, ontology: Graph) -> None:
    hrss = JKR["hrss"]
    data = _mutated(
        valid_data,
        remove=[(hrss, RDF.type, None)],
        add=[(hrss, RDF.type, JKG.GovernmentBody)],
    )
    conforms, _, text = _validate(data, shapes, ontology)
    assert conforms, text


# Each case: (remove patterns, added triples, expected {(focus, path, component, message)})
INVALID_CASES = {
    "measure-without-ordinal": (
        [(M11, JKG.ordinal, None)],
        [],
        {
            (
                M11,
                JKG.ordinal,
                SH.MinCountConstraintComponent,
                "Measure: jkg:ordinal must be exactly one xsd:integer >= 1.",
            )
        },
    ),
    "measure-ordinal-is-a-string": (
        [(M11, JKG.ordinal, None)],
        [(M11, JKG.ordinal, Literal("11"))],
        {
            (
                M11,
                JKG.ordinal,
                SH.DatatypeConstraintComponent,
                "Measure: jkg:ordinal must be exactly one xsd:integer >= 1.",
            ),
            # "11" (a string) cannot be compared with 1: SHACL reports that too.
            (
                M11,
                JKG.ordinal,
                SH.MinInclusiveConstraintComponent,
                "Measure: jkg:ordinal must be exactly one xsd:integer >= 1.",
            ),
        },
    ),
    "measure-without-provenance": (
        [(M11, PROV.wasDerivedFrom, None)],
        [],
        {
            (
                M11,
                PROV.wasDerivedFrom,
                SH.MinCountConstraintComponent,
                "Measure: prov:wasDerivedFrom must point to at least one jkg:Excerpt.",
            )
        },
    ),
    "excerpt-line-start-zero": (
        [(EX_M11, JKG.lineStart, None)],
        [(EX_M11, JKG.lineStart, Literal(0))],
        {
            (
                EX_M11,
                JKG.lineStart,
                SH.MinInclusiveConstraintComponent,
                "Excerpt: jkg:lineStart must be exactly one xsd:integer >= 1 and not greater than jkg:lineEnd.",
            )
        },
    ),
    "excerpt-line-end-before-line-start": (
        [(EX_M11, JKG.lineEnd, None)],
        [(EX_M11, JKG.lineEnd, Literal(191))],
        {
            (
                EX_M11,
                JKG.lineStart,
                SH.LessThanOrEqualsConstraintComponent,
                "Excerpt: jkg:lineStart must be exactly one xsd:integer >= 1 and not greater than jkg:lineEnd.",
            )
        },
    ),
    "provenance-is-not-an-excerpt": (
        [(M11, PROV.wasDerivedFrom, None)],
        [(M11, PROV.wasDerivedFrom, JKR["src"])],
        {
            (
                M11,
                PROV.wasDerivedFrom,
                SH.ClassConstraintComponent,
                "Measure: prov:wasDerivedFrom must point to at least one jkg:Excerpt.",
            )
        },
    ),
    "responsible-body-is-not-an-organization": (
        [(M11, JKG.responsibleBody, None)],
        [(M11, JKG.responsibleBody, JKR["doc"])],
        {
            (
                M11,
                JKG.responsibleBody,
                SH.ClassConstraintComponent,
                "Measure: jkg:responsibleBody must point to an org:Organization.",
            )
        },
    ),
    "organization-without-chinese-name": (
        [(JKR["hrss"], SKOS.prefLabel, None)],
        [(JKR["hrss"], SKOS.prefLabel, Literal("Jing'an District HR Bureau", lang="en"))],
        {
            (
                JKR["hrss"],
                SKOS.prefLabel,
                SH.QualifiedMinCountConstraintComponent,
                "Organization: needs a skos:prefLabel in Chinese (@zh).",
            )
        },
    ),
    "document-issued-not-a-date": (
        [(JKR["doc"], DCTERMS.issued, None)],
        [(JKR["doc"], DCTERMS.issued, Literal("2026年1月20日"))],
        {
            (
                JKR["doc"],
                DCTERMS.issued,
                SH.DatatypeConstraintComponent,
                "Document: dcterms:issued, where stated, must be a single xsd:date.",
            )
        },
    ),
    "source-file-bad-sha256": (
        [(JKR["src"], JKG.sha256, None)],
        [(JKR["src"], JKG.sha256, Literal("not-a-digest"))],
        {
            (
                JKR["src"],
                JKG.sha256,
                SH.PatternConstraintComponent,
                "SourceFile: jkg:sha256 must be exactly one xsd:string of 64 lower-case hexadecimal characters.",
            )
        },
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_CASES))
def test_invalid_graph_fails_with_expected_result(case: str, valid_data: Graph, shapes: Graph, ontology: Graph) -> None:
    remove, add, expected = INVALID_CASES[case]
    data = _mutated(valid_data, remove=remove, add=add)
    conforms, found, text = _validate(data, shapes, ontology)
    assert conforms is False, text
    assert found == expected, text
