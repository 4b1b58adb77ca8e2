"""`build`: sources → records → graph → SHACL check → store and exports, swapped in atomically."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .graph import vocab as V
from .errors import ValidationFailed
from .records import Issue

PROJECT = Path(__file__).resolve().parents[2]
TURTLE, JSONLD, STORE, INDEX, REPORT = "jingan-kg.ttl", "jingan-kg.jsonld", "store", "search.sqlite", "build-report.json"

KINDS = V.COUNTED


class BuildConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    sources: Path = PROJECT / "data" / "sources"
    out: Path = PROJECT / "exports"
    curated: Path = PROJECT / "data" / "curated"
    ontology: Path = PROJECT / "ontology"


class BuildResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    counts: dict[str, int]  # per kind
    per_source: dict[str, dict[str, int]]  # source path -> kind -> records
    triples: int
    issues: list[Issue]
    unresolved: list[str]  # organisation labels no curated row resolves
    outputs: list[str]


def _validate(g, ontology: Path) -> None:
    from .graph.shacl import violations

    found, text = violations(g, ontology)
    if found:
        raise ValidationFailed(found, text)


def _jsonld(g) -> str:
    """JSON-LD with the contract's prefixes, nodes and values sorted so output is byte-stable."""
    doc = json.loads(g.serialize(format="json-ld", context=V.PREFIXES, auto_compact=True))
    nodes = doc.get("@graph", [])
    for node in nodes:
        for k, v in node.items():
            if isinstance(v, list):
                node[k] = sorted(v, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    doc["@graph"] = sorted(nodes, key=lambda n: n.get("@id", ""))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _ntriples(g) -> bytes:
    lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _swap(stage: Path, out: Path, names: list[str]) -> None:
    """Move the staged outputs over the old ones; the old ones are removed only after all moved."""
    old = out / ".previous"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    moved = []
    try:
        for name in names:
            if (out / name).exists():
                (out / name).rename(old / name)
            (stage / name).rename(out / name)
            moved.append(name)
    except OSError:
        for name in moved:
            shutil.rmtree(out / name) if (out / name).is_dir() else (out / name).unlink()
        for item in old.iterdir():
            item.rename(out / item.name)
        raise
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def build(config: BuildConfig = BuildConfig()) -> BuildResult:
    """Read every source and write the store and exports; on any error nothing is replaced."""
    from rdflib import URIRef

    from .kinds import extract_source
    from .graph.triples import build_graph
    from .curate.resolve import load_catalogue, load_industries, resolve
    from .ingest.sources import read_sources
    from .store.embedded import GraphStore

    sources = read_sources(config.sources)
    extractions = [e for src in sources for e in extract_source(src)]
    from .kinds.indicators import load_synonyms

    resolved = resolve(extractions, load_catalogue(config.curated / "organisations.yaml"),
                       load_industries(config.curated / "industries.yaml"),
                       load_synonyms(config.curated / "indicators.yaml"))
    g = build_graph(sources, resolved)
    _validate(g, config.ontology)

    config.out.mkdir(parents=True, exist_ok=True)
    stage = config.out / ".staging"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        nt = _ntriples(g)
        triples = GraphStore.write(stage / STORE, nt)
        (stage / TURTLE).write_text(g.serialize(format="turtle"), encoding="utf-8", newline="\n")
        (stage / JSONLD).write_text(_jsonld(g), encoding="utf-8", newline="\n")
        from .store.index import write_index
        from .errors import ViewTooLarge
        from .views.named import VIEW_FILES, VIEWS
        from .views.html import render_notice, write_html

        memory = GraphStore.in_memory(nt)
        view_issues = []
        for view, render in VIEWS.items():  # a view too large to read is replaced by a notice, and reported
            try:
                page = render(memory)
            except ViewTooLarge as exc:
                page = render_notice(f"{view}: not drawn", f"{exc}. {exc.hint}", view=view)
                view_issues.append(Issue(source=VIEW_FILES[view], line=None, reason=f"not drawn: {exc}",
                                         code="view-too-large"))
            write_html(stage / VIEW_FILES[view], page)
        write_index(stage / INDEX, memory)
        counts = {label: len(set(g.subjects(URIRef(V.type_), URIRef(cls)))) for label, cls in KINDS.items()}
        per_source = _per_source(sources, resolved)
        unresolved = sorted(o.label for o in resolved.organisations if o.unresolved)
        result = BuildResult(counts=counts, per_source=per_source, triples=triples,
                             issues=list(resolved.issues) + view_issues, unresolved=unresolved,
                             outputs=[TURTLE, JSONLD, *VIEW_FILES.values(), STORE, INDEX, REPORT])
        (stage / REPORT).write_text(result.model_dump_json(indent=1) + "\n", encoding="utf-8")
        _swap(stage, config.out, result.outputs)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return result


def _per_source(sources, resolved) -> dict[str, dict[str, int]]:
    """Records read from each source, every source listed (a source that gave nothing shows zeros)."""
    table: dict[str, Counter] = {src.path: Counter() for src in sources}
    for kind, records in (("documents", [d.excerpt for d in resolved.documents]),
                          ("measures", [m.measure.excerpt for m in resolved.measures]),
                          ("industries", [i.excerpt for i in resolved.industries]),
                          ("areas", [e for a in resolved.areas for e in a.excerpts]),
                          ("projects", [p.project.excerpt for p in resolved.projects]),
                          ("targets", [v.value.excerpt for v in resolved.values if v.value.role == "target"]),
                          ("outcomes", [v.value.excerpt for v in resolved.values if v.value.role == "outcome"]),
                          ("service projects", [s.excerpt for s in resolved.service_items]),
                          ("appointments", [a.appointment.excerpt for a in resolved.appointments]),
                          ("terms", [t.excerpt for t in resolved.terms])):
        for ex in records:
            table.setdefault(ex.source, Counter())[kind] += 1
    order = list(KINDS)
    return {src: dict(sorted(c.items(), key=lambda kv: order.index(kv[0]))) for src, c in sorted(table.items())}
