"""SHACL validation of N-Triples against ontology/shapes.ttl (with jingan.ttl mixed in, for rdfs:subClassOf).
By the `shacl` engine (30-50x pyshacl, same verdicts: tests/test_shacl.py); pyshacl stays the reference."""

from __future__ import annotations

from pathlib import Path

VALIDATORS = ("shacl", "pyshacl")  # the first is the default
BLANK, COMPLEX_PATH, NO_MESSAGE = "[]", "(path)", "violation"  # blank node ids differ between parsers


def violations(nt: bytes, ontology: Path, validator: str = VALIDATORS[0]) -> tuple[list[str], str]:
    """One line per violation ("focus path: message"), sorted, [] if it conforms; and the full report."""
    if validator not in VALIDATORS:
        raise ValueError(f"unknown SHACL validator {validator!r}: one of {', '.join(VALIDATORS)}")
    data = nt + b"\n" + _ontology_ntriples(ontology / "jingan.ttl")
    run = _shacl if validator == "shacl" else _pyshacl
    conforms, results, report = run(data, ontology / "shapes.ttl")
    if conforms:
        return [], report
    return sorted(_line(*r) for r in results), report


def validate_ntriples(data: bytes, ontology: Path) -> list[str]:
    """Validate a graph given as N-Triples (a built store's dump); the violations, [] if it conforms."""
    return violations(data, ontology)[0]


def _line(focus: str | None, path: str | None, messages: list[str]) -> str:
    """The one rendering of a result: bare IRIs, blank nodes and complex paths by placeholder, messages sorted."""
    return f"{focus or BLANK} {path or ''}: {' | '.join(sorted(messages)) or NO_MESSAGE}"


def _ontology_ntriples(path: Path) -> bytes:
    """The ontology as N-Triples (Oxigraph's parser), to append to the data: its subclass axioms count."""
    from pyoxigraph import RdfFormat, parse, serialize

    return serialize(parse(path=str(path), format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES)


def _shacl(data: bytes, shapes: Path) -> tuple[bool, list[tuple], str]:
    """The `shacl` engine: terms come as N-Triples strings (<iri>, _:b, a path in parentheses)."""
    import shacl

    report = shacl.Shapes.from_file(str(shapes)).validate_text(data.decode("utf-8"), format="nt")

    def iri(term: str | None) -> str | None:
        return term[1:-1] if term and term.startswith("<") and term.endswith(">") else None

    results = [
        (iri(r.focus_node), iri(r.path) or (COMPLEX_PATH if r.path else None), list(r.messages)) for r in report.results
    ]
    return report.conforms, results, report.serialize()


def _pyshacl(data: bytes, shapes: Path) -> tuple[bool, list[tuple], str]:
    """pyshacl on one rdflib graph of data and ontology, validated in place (no clone, no SHACL-AF)."""
    from pyshacl import validate
    from rdflib import Graph, URIRef
    from rdflib.namespace import SH

    g = Graph().parse(data=data.decode("utf-8"), format="nt")
    conforms, report, text = validate(
        g, shacl_graph=Graph().parse(shapes, format="turtle"), inference="none", advanced=False, inplace=True
    )

    def iri(term) -> str | None:
        return str(term) if isinstance(term, URIRef) else None

    results = []
    for r in report.subjects(SH.resultSeverity, None):
        path = report.value(r, SH.resultPath)
        messages = [str(m) for m in report.objects(r, SH.resultMessage)]
        results.append((iri(report.value(r, SH.focusNode)), iri(path) or (COMPLEX_PATH if path else None), messages))
    return conforms, results, text
