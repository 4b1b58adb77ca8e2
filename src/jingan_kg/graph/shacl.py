"""SHACL validation of a graph against ontology/shapes.ttl (pyshacl), for `build` and `validate`."""

from __future__ import annotations

from pathlib import Path


def violations(g, ontology: Path) -> tuple[list[str], str]:
    """One line per violation (focus node, path, message), sorted; and pyshacl's full report."""
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph().parse(ontology / "shapes.ttl", format="turtle")
    onto = Graph().parse(ontology / "jingan.ttl", format="turtle")
    conforms, results, text = validate(g, shacl_graph=shapes, ont_graph=onto, inference="none", advanced=True)
    if conforms:
        return [], text
    lines = []
    for r in results.subjects(SH.resultSeverity, None):
        focus, path, message = (results.value(r, p) for p in (SH.focusNode, SH.resultPath, SH.resultMessage))
        lines.append(f"{focus} {path or ''}: {message or 'violation'}")
    return sorted(lines), text


def validate_ntriples(data: bytes, ontology: Path) -> list[str]:
    """Validate a graph given as N-Triples (a built store's dump); the violations, [] if it conforms."""
    from rdflib import Graph

    g = Graph().parse(data=data.decode("utf-8"), format="nt")
    return violations(g, ontology)[0]
