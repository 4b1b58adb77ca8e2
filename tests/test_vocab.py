"""Every RDF term the code writes exists in ontology/jingan.ttl."""

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from jingan_kg.graph import vocab as V

from .conftest import ROOT


def test_every_jkg_term_is_defined_in_the_ontology():
    onto = Graph().parse(ROOT / "ontology" / "jingan.ttl", format="turtle")
    missing = [t for t in V.JKG_TERMS if (URIRef(t), RDF.type, None) not in onto]
    assert V.JKG_TERMS and not missing


def test_graph_uses_only_known_jkg_terms(built):
    g = Graph().parse(built[1] / "jingan-kg.ttl", format="turtle")
    used = {str(t) for s, p, o in g for t in (p, o) if str(t).startswith(V.JKG)}
    assert used <= set(V.JKG_TERMS)
