"""The sink writes each triple as the N-Triples line Oxigraph writes (graph/sink.py, decision 0017)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import pytest

from jingan_kg.graph import vocab as V
from jingan_kg.graph.dataset import RdfWriter
from jingan_kg.graph.exports import ntriples
from jingan_kg.graph.sink import Triples
from jingan_kg.records import Excerpt

S, P = "https://w3id.org/jingan-kg/id/x", "https://w3id.org/jingan-kg/def#p"


def _oxigraph(obj) -> str:
    """The line Oxigraph itself writes for S P obj."""
    triple = ox.Triple(ox.NamedNode(S), ox.NamedNode(P), obj)
    return ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES).decode("utf-8").rstrip("\n")


def _one(t: Triples) -> str:
    [line] = t.lines
    return line


def test_every_ascii_character_and_the_line_breaks_unicode_knows_are_written_as_oxigraph_writes_them():
    for c in [chr(i) for i in range(0x80)] + ["\u2028", "\u0085", "\ufeff", "静", "\U0001f600"]:
        t = Triples()
        t.value(S, P, f"a{c}b")
        assert _one(t) == _oxigraph(ox.Literal(f"a{c}b")), repr(c)


@pytest.mark.parametrize(
    ("value", "kwargs", "literal"),
    [
        (7, {}, ox.Literal("7", datatype=ox.NamedNode(V.XSD + "integer"))),
        (True, {}, ox.Literal("true", datatype=ox.NamedNode(V.XSD + "boolean"))),
        (Decimal("1E+3"), {}, ox.Literal("1000", datatype=ox.NamedNode(V.XSD + "decimal"))),
        (date(2025, 1, 2), {}, ox.Literal("2025-01-02", datatype=ox.NamedNode(V.XSD + "date"))),
        ("静安", {"lang": "zh-Hans"}, ox.Literal("静安", language="zh-hans")),
        ("x", {"datatype": V.XSD + "string"}, ox.Literal("x")),
        (
            "2025-01-02T03:04:05Z",
            {"datatype": V.XSD + "dateTime"},
            ox.Literal("2025-01-02T03:04:05Z", datatype=ox.NamedNode(V.XSD + "dateTime")),
        ),
    ],
)
def test_typed_and_tagged_literals_are_oxigraphs(value, kwargs, literal):
    t = Triples()
    t.value(S, P, value, **kwargs)
    assert _one(t) == _oxigraph(literal)


def test_a_bad_iri_or_language_tag_fails_where_it_is_written():
    with pytest.raises(ValueError):
        Triples().link(S, P, "not an iri")
    with pytest.raises(ValueError):
        Triples().value(S, P, "x", lang="not a tag")


def test_the_lines_sorted_are_a_graph_oxigraph_reads_back_to_the_same_bytes():
    t = Triples()
    t.link(S, P, S + "10")
    t.link(S, P, S + "1")
    t.value(S, V.quote, 'say "hi"\\\n')
    t.zh(S, V.prefLabel, "静安区")
    nt = ntriples(t.lines)
    assert (
        ox.serialize(sorted(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), key=str), format=ox.RdfFormat.N_TRIPLES) == nt
    )
    assert t.has(S, P, S + "1") and not t.has(S, P, S + "2")


def test_an_excerpt_cited_twice_is_written_once():
    t = Triples()
    ex = Excerpt(source="a.txt", line_start=3, line_end=4, quote="静安区商务委")
    t.cite(S, ex)
    once = set(t.lines)
    t.cite(S + "2", ex)
    assert len(once) == 6 and len(t.lines) == 7  # one more prov:wasDerivedFrom, nothing else


def test_blank_nodes_of_the_description_are_written_by_their_label():
    d = RdfWriter()
    node = d.blank("sha256", S)
    d.link(S, V.checksum, node)
    assert _one(d) == f"<{S}> <{V.checksum}> {node} ."
    with pytest.raises(ValueError):
        d.link(S, P, "_:not a label")
