"""SHACL validators side by side on a built graph's N-Triples, against the floor of loading them.

    cd /work/main && .venv/bin/python benchmarks/shacl_speed.py --nt 1x=/tmp/o1/jingan-kg.nt \
        --nt 100x=/tmp/o100/jingan-kg.nt [--rounds 3] [--only shacl,pyshacl] [--json FILE]

For each graph, --rounds rounds; in each round every contender runs once, in an order that
rotates from round to round (interleaved, so drift hits all alike). Contenders: the two that
graph/shacl.py offers (`shacl`, the default, and pyshacl tuned: one rdflib graph, inplace, no
SHACL-AF), pyshacl as the build called it before (ont_graph merged into a clone, advanced=True),
and, where installed, pyrudof, pyshifty (module shifty) and pyshacl-turbo. Floors, measured in the
same rounds: Oxigraph's bulk load of the same N-Triples into a fresh on-disk store (as the build
writes its store), and each validator parsing them into its own graph (rdflib, shacl, rudof).
Prints the median wall and CPU seconds of each and the ratios to the bulk-load floor, then the
verdicts: each contender's lines on the graph and on a copy with --drop of its triples removed,
compared with pyshacl's (rudof's messages for sh:qualifiedValueShape are its own, so its lines are
compared on focus and path too). Asserts no time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from jingan_kg.config import resource
from jingan_kg.graph.shacl import _line, _ontology_ntriples, violations

ONTOLOGY = resource("ontology")
SHAPES = ONTOLOGY / "shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"


def _rdflib_lines(report) -> list[str]:
    """Lines from a pyshacl-style rdflib report graph, rendered by graph/shacl.py."""
    from rdflib import URIRef
    from rdflib.namespace import SH as NS

    def iri(term):
        return str(term) if isinstance(term, URIRef) else None

    return sorted(
        _line(
            iri(report.value(r, NS.focusNode)),
            iri(report.value(r, NS.resultPath)),
            [str(m) for m in report.objects(r, NS.resultMessage)],
        )
        for r in report.subjects(NS.resultSeverity, None)
    )


def pyshacl_before(nt: bytes) -> list[str]:
    """pyshacl as pipeline/build.py called it before issue 16."""
    from pyshacl import validate
    from rdflib import Graph

    g = Graph().parse(data=nt.decode("utf-8"), format="nt")
    shapes, onto = Graph().parse(SHAPES, format="turtle"), Graph().parse(ONTOLOGY / "jingan.ttl", format="turtle")
    conforms, report, _ = validate(g, shacl_graph=shapes, ont_graph=onto, inference="none", advanced=True)
    return [] if conforms else _rdflib_lines(report)


def rudof(nt: bytes, parse_only: bool = False) -> list[str] | None:
    """pyrudof's native engine; its messages and paths taken as they come (quotes stripped)."""
    import pyrudof

    r = pyrudof.Rudof(pyrudof.RudofConfig())
    r.read_data(
        (nt + b"\n" + _ontology_ntriples(ONTOLOGY / "jingan.ttl")).decode("utf-8"), format=pyrudof.RDFFormat.NTriples
    )
    if parse_only:
        return None
    r.read_shacl(str(SHAPES), format=pyrudof.ShaclFormat.Turtle)
    report = r.validate_shacl()
    if report.conforms:
        return []
    return sorted(_line(v.focus_node, v.path, [v.message.strip('"')] if v.message else []) for v in report)


def shifty(nt: bytes) -> list[str]:
    import shifty as engine

    data = nt + b"\n" + _ontology_ntriples(ONTOLOGY / "jingan.ttl")
    conforms, report, _ = engine.validate(data, SHAPES, infer=False)
    return [] if conforms else _rdflib_lines(report)


def turbo(nt: bytes) -> list[str]:
    import pyshacl_turbo

    data = (nt + b"\n" + _ontology_ntriples(ONTOLOGY / "jingan.ttl")).decode("utf-8")
    conforms, report, _ = pyshacl_turbo.validate(
        data,
        shacl_graph=SHAPES.read_text("utf-8"),
        data_graph_format="nt",
        shacl_graph_format="turtle",
        inference="none",
    )
    return [] if conforms else _rdflib_lines(report)


def oxigraph_bulk_load(nt: bytes) -> None:
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        store = ox.Store(str(Path(tmp) / "store"))
        store.bulk_load(nt, ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store


def rdflib_parse(nt: bytes) -> None:
    from rdflib import Graph

    Graph().parse(data=nt.decode("utf-8"), format="nt")


def shacl_parse(nt: bytes) -> None:
    """The `shacl` engine with no shape: parsing into its own graph and nothing else."""
    import shacl

    empty = "@prefix sh: <http://www.w3.org/ns/shacl#> . <urn:x> a sh:NodeShape ; sh:targetNode <urn:y> ."
    shacl.Shapes.from_turtle(empty).validate_text(nt.decode("utf-8"), format="nt")


CONTENDERS = {
    "oxigraph bulk load (floor)": (oxigraph_bulk_load, None),
    "rdflib parse (floor)": (rdflib_parse, "rdflib"),
    "shacl parse (floor)": (shacl_parse, "shacl"),
    "rudof parse (floor)": (lambda nt: rudof(nt, parse_only=True), "pyrudof"),
    "shacl": (lambda nt: violations(nt, ONTOLOGY, "shacl")[0], "shacl"),
    "pyshacl": (lambda nt: violations(nt, ONTOLOGY, "pyshacl")[0], "pyshacl"),
    "pyshacl before": (pyshacl_before, "pyshacl"),
    "pyrudof": (rudof, "pyrudof"),
    "shifty": (shifty, "shifty"),
    "pyshacl-turbo": (turbo, "pyshacl_turbo"),
}
FLOOR = "oxigraph bulk load (floor)"


def _installed(module: str | None) -> bool:
    import importlib.util

    return module is None or importlib.util.find_spec(module) is not None


def _timed(fn, nt: bytes) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(nt)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _agreement(lines: dict[str, list[str]]) -> dict[str, dict]:
    """Each contender's lines against pyshacl's: the same list, and the same (focus, path) counts."""
    ref = lines["pyshacl"]
    out = {}
    for name, got in lines.items():
        missing, extra = Counter(ref) - Counter(got), Counter(got) - Counter(ref)
        where = Counter(line.split(": ", 1)[0] for line in ref) == Counter(line.split(": ", 1)[0] for line in got)
        out[name] = {
            "lines": len(got),
            "same_lines": not missing and not extra,
            "same_focus_and_path": where,
            "missing": sorted(missing.elements())[:3],
            "extra": sorted(extra.elements())[:3],
        }
    return out


def run(label: str, nt: bytes, names: list[str], rounds: int, drop: float) -> dict:
    times: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    lines: dict[str, list[str]] = {}
    for i in range(rounds):
        order = names[i % len(names) :] + names[: i % len(names)]
        for name in order:
            wall, cpu, out = _timed(CONTENDERS[name][0], nt)
            times[name].append((wall, cpu))
            if isinstance(out, list):
                lines[name] = out
            print(f"  {label} round {i + 1} {name}: {wall:.2f} s", file=sys.stderr, flush=True)
    floor = statistics.median(w for w, _ in times[FLOOR]) if FLOOR in times else None
    figures = {}
    for name, runs in times.items():
        wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        figures[name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "runs": [round(w, 3) for w, _ in runs]}
        if floor:
            figures[name]["x_floor"] = round(wall / floor, 2)
    result = {"triples": nt.count(b"\n"), "rounds": rounds, "times": figures}
    if "pyshacl" in lines:
        result["agreement"] = _agreement(lines)
        rnd = random.Random(16)
        broken = b"".join(line for line in nt.splitlines(keepends=True) if rnd.random() > drop)
        validators = [n for n in lines if not n.endswith("(floor)")]
        result["agreement_broken"] = _agreement({n: CONTENDERS[n][0](broken) for n in validators})
        result["agreement_broken"]["dropped"] = drop
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nt", action="append", required=True, help="LABEL=FILE, a built graph's jingan-kg.nt")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated contenders (default: every installed one)")
    parser.add_argument("--drop", type=float, default=0.02, help="share of triples removed for the verdict check")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    wanted = args.only.split(",") if args.only else list(CONTENDERS)
    names = [n for n in CONTENDERS if (n in wanted or n == FLOOR) and _installed(CONTENDERS[n][1])]
    skipped = [n for n in wanted if n not in names]
    results = {"contenders": names, "not_installed_or_unknown": skipped, "graphs": {}}
    for spec in args.nt:
        label, _, path = spec.partition("=")
        results["graphs"][label] = graph = run(label, Path(path).read_bytes(), names, args.rounds, args.drop)
        print(f"{label}: {graph['triples']} triples, median of {args.rounds} rounds")
        for name, t in graph["times"].items():
            print(f"  {name:28} {t['wall_s']:8.2f} s wall {t['cpu_s']:8.2f} s cpu  {t.get('x_floor', '-')}x floor")
        for key in ("agreement", "agreement_broken"):
            for name, a in graph.get(key, {}).items():
                if isinstance(a, dict):
                    print(
                        f"  {key} {name}: {a['lines']} lines, same lines {a['same_lines']}, same focus+path {a['same_focus_and_path']}"
                    )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
