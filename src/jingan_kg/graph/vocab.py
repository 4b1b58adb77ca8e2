"""RDF terms of the graph, as plain IRIs (no rdflib import: the query path uses them too).

Every jkg: term here must be defined in ontology/jingan.ttl; tests/test_vocab.py checks.
"""

from __future__ import annotations

JKG = "https://w3id.org/jingan-kg/def#"
JKR = "https://w3id.org/jingan-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"

PREFIXES = {
    "jkg": JKG,
    "jkr": JKR,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
}

# classes
SourceFile, Document, Excerpt = JKG + "SourceFile", JKG + "Document", JKG + "Excerpt"
Measure, Industry = JKG + "Measure", JKG + "Industry"
Organization = ORG + "Organization"
GovernmentBody, Street, Enterprise = JKG + "GovernmentBody", JKG + "Street", JKG + "Enterprise"
AreaBody, PartyBody, PublicInstitution = JKG + "AreaBody", JKG + "PartyBody", JKG + "PublicInstitution"
Concept, ConceptScheme = SKOS + "Concept", SKOS + "ConceptScheme"
Area, StreetPart, Project = JKG + "Area", JKG + "StreetPart", JKG + "Project"
Indicator, Target, Outcome = JKG + "Indicator", JKG + "Target", JKG + "Outcome"
District = JKG + "District"
ServiceProject, Appointment, Person, Term = JKG + "ServiceProject", JKG + "Appointment", JKG + "Person", JKG + "Term"
ORG_TYPES = {
    "GovernmentBody": GovernmentBody,
    "Street": Street,
    "Enterprise": Enterprise,
    "AreaBody": AreaBody,
    "PartyBody": PartyBody,
    "PublicInstitution": PublicInstitution,
}

# properties
type_ = RDF + "type"
label, comment = RDFS + "label", RDFS + "comment"
prefLabel, altLabel, hiddenLabel = SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"
broader, narrower, inScheme, topConceptOf = (
    SKOS + "broader",
    SKOS + "narrower",
    SKOS + "inScheme",
    SKOS + "topConceptOf",
)
title, identifier, issued, publisher = (
    DCTERMS + "title",
    DCTERMS + "identifier",
    DCTERMS + "issued",
    DCTERMS + "publisher",
)
wasDerivedFrom = PROV + "wasDerivedFrom"
path, sha256, inSource = JKG + "path", JKG + "sha256", JKG + "inSource"
lineStart, lineEnd, quote = JKG + "lineStart", JKG + "lineEnd", JKG + "quote"
kind, partOf, ordinal, text, section = JKG + "kind", JKG + "partOf", JKG + "ordinal", JKG + "text", JKG + "section"
responsibleBody, concernsIndustry, unresolved = JKG + "responsibleBody", JKG + "concernsIndustry", JKG + "unresolved"
accountableBody, leadBody = JKG + "accountableBody", JKG + "leadBody"
definition, date, isReplacedBy = SKOS + "definition", DCTERMS + "date", DCTERMS + "isReplacedBy"
containsStreet, definedIn, partOfStreet, boundary = (
    JKG + "containsStreet",
    JKG + "definedIn",
    JKG + "partOfStreet",
    JKG + "boundary",
)
plan, extent, focus, forArea, inArea = JKG + "plan", JKG + "extent", JKG + "focus", JKG + "forArea", JKG + "inArea"
category, locatedIn = JKG + "category", JKG + "locatedIn"
indicator, period, value, numericValue, statedIn = (
    JKG + "indicator",
    JKG + "period",
    JKG + "value",
    JKG + "numericValue",
    JKG + "statedIn",
)
unit, indicatorKind, concernsArea = JKG + "unit", JKG + "indicatorKind", JKG + "concernsArea"
preliminary, direction = JKG + "preliminary", JKG + "direction"
Assessment, status, margin, marginRatio, rule = (
    JKG + "Assessment",
    JKG + "status",
    JKG + "margin",
    JKG + "marginRatio",
    JKG + "rule",
)
target, outcome = JKG + "target", JKG + "outcome"  # an Assessment's Target and the Outcome judging it
Met, NotMet, Pending, Overdue, NotComparable = (
    JKG + s for s in ("Met", "NotMet", "Pending", "Overdue", "NotComparable")
)
Flag, flagKind, about, reason = JKG + "Flag", JKG + "flagKind", JKG + "about", JKG + "reason"
# The kinds of jkg:Flag, by the name `flags --kind` takes (concepts of jkg:FlagKinds).
FLAG_KINDS = {
    "no-body": JKG + "NoBody",
    "overdue": JKG + "OverdueTarget",
    "figures-differ": JKG + "FiguresDiffer",
    "target-restated": JKG + "TargetRestated",
    "unresolved-body": JKG + "UnresolvedBody",
    "early-outcome": JKG + "EarlyOutcome",
}
NoBody, OverdueTarget, FiguresDiffer, TargetRestated, UnresolvedBody, EarlyOutcome = FLAG_KINDS.values()
leadRule = JKG + "leadRule"  # a document's convention that the first body named leads
# The store's named graphs beside the data (the default graph): the ontology and the shapes.
ONTOLOGY_GRAPH, SHAPES_GRAPH = "https://w3id.org/jingan-kg/def", "https://w3id.org/jingan-kg/shapes"
HigherIsBetter, LowerIsBetter, Ceiling, Floor = (
    JKG + "HigherIsBetter",
    JKG + "LowerIsBetter",
    JKG + "Ceiling",
    JKG + "Floor",
)
serviceArea, quantity = JKG + "serviceArea", JKG + "quantity"
district, divisionCode, inferred, source = JKG + "district", JKG + "divisionCode", JKG + "inferred", DCTERMS + "source"
person, postTitle, action, organization, note = (
    JKG + "person",
    JKG + "postTitle",
    JKG + "action",
    JKG + "organization",
    JKG + "note",
)


def prefixed(iri: str) -> str:
    """jkg:responsibleBody for the full IRI, when a known prefix covers it."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


JKG_TERMS = sorted(v for k, v in dict(globals()).items() if isinstance(v, str) and v.startswith(JKG) and v != JKG)


def expand(name: str) -> str:
    """The full IRI of a prefixed name ("jkg:Measure"); a full IRI is returned as it is."""
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else name


# --- The dataset's own description and each build's record (issue 15) -------------------------
# VoID + DCAT (graph/dataset.py) and PROV-O (graph/activity.py). No jkg: term here: these are
# standard vocabularies, so data portals and SPARQL clients read them without our ontology.
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
PREFIXES.update({"void": VOID, "dcat": DCAT, "spdx": SPDX, "foaf": FOAF})

VoidDataset, DatasetDescription = VOID + "Dataset", VOID + "DatasetDescription"
triples, entities, classes, properties = VOID + "triples", VOID + "entities", VOID + "classes", VOID + "properties"
distinctSubjects, distinctObjects = VOID + "distinctSubjects", VOID + "distinctObjects"
classPartition, propertyPartition = VOID + "classPartition", VOID + "propertyPartition"
voidClass, voidProperty = VOID + "class", VOID + "property"  # a partition's class, or property
sparqlEndpoint, dataDump, uriSpace, vocabulary, feature = (
    VOID + "sparqlEndpoint",
    VOID + "dataDump",
    VOID + "uriSpace",
    VOID + "vocabulary",
    VOID + "feature",
)
DcatDataset, Distribution, DataService = DCAT + "Dataset", DCAT + "Distribution", DCAT + "DataService"
distribution, accessService, servesDataset, endpointURL = (
    DCAT + "distribution",
    DCAT + "accessService",
    DCAT + "servesDataset",
    DCAT + "endpointURL",
)
downloadURL, accessURL, mediaType, byteSize = (
    DCAT + "downloadURL",
    DCAT + "accessURL",
    DCAT + "mediaType",
    DCAT + "byteSize",
)
keyword, theme, version = DCAT + "keyword", DCAT + "theme", DCAT + "version"
description, license, modified, conformsTo = (
    DCTERMS + "description",
    DCTERMS + "license",
    DCTERMS + "modified",
    DCTERMS + "conformsTo",
)
language, rights, RightsStatement, LicenseDocument = (
    DCTERMS + "language",
    DCTERMS + "rights",
    DCTERMS + "RightsStatement",
    DCTERMS + "LicenseDocument",
)
Entity, Activity, SoftwareAgent = PROV + "Entity", PROV + "Activity", PROV + "SoftwareAgent"
used, generated, wasGeneratedBy, wasAssociatedWith = (
    PROV + "used",
    PROV + "generated",
    PROV + "wasGeneratedBy",
    PROV + "wasAssociatedWith",
)
startedAtTime, endedAtTime = PROV + "startedAtTime", PROV + "endedAtTime"
checksum, Checksum, algorithm, checksumValue = (
    SPDX + "checksum",
    SPDX + "Checksum",
    SPDX + "algorithm",
    SPDX + "checksumValue",
)
sha256Algorithm = SPDX + "checksumAlgorithm_sha256"
Agent, foafName, primaryTopic = FOAF + "Agent", FOAF + "name", FOAF + "primaryTopic"
