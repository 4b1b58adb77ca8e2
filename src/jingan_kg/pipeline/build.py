"""`build`: sources → records → graph → SHACL check → store and exports, swapped in atomically."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..config import DEFAULT_OUT, DEFAULT_SOURCES, resource
from ..errors import SourceError, ValidationFailed
from ..graph import vocab as V
from ..records import Issue

TURTLE, JSONLD, STORE, INDEX, REPORT = (
    "jingan-kg.ttl",
    "jingan-kg.jsonld",
    "store",
    "search.sqlite",
    "build-report.json",
)
NEWLINE = b"\n"  # one a triple in N-Triples
VOID, PROVENANCE = "void.ttl", "build.ttl"  # the dataset's description; this build's record (with the clock)


def outputs() -> list[str]:
    """The names a build publishes in its output folder (each a fixed link into the current generation)."""
    from ..graph.exports import FILES
    from ..views.named import VIEW_FILES

    return [TURTLE, JSONLD, *FILES, VOID, *VIEW_FILES.values(), STORE, INDEX, REPORT, PROVENANCE]


class BuildConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    sources: Path = DEFAULT_SOURCES  # the user's documents, relative to the working directory
    out: Path = DEFAULT_OUT
    wait: float = 0  # seconds to wait for another build into `out` to finish (0: refuse at once)
    curated: Path = resource("curated")  # package data (data/curated/ in the repository)
    ontology: Path = resource("ontology")
    # Where the deployment answers, for the SPARQL endpoint and download addresses in void.ttl:
    # the w3id.org address redirects to the server (README); a deployment without it gives its own.
    # Processes a build uses (pipeline/parallel.py): 0 one per core, 1 all in this process.
    workers: int = Field(default=0, ge=0)
    public_base: str = Field(default="https://w3id.org/jingan-kg/", pattern=r"^https?://[^\s<>\"{}|\\^`]+/$")


class BuildResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    counts: dict[str, int]  # per kind
    per_source: dict[str, dict[str, int]]  # source path -> kind -> records
    triples: int
    issues: list[Issue]
    unresolved: list[str]  # organisation labels no curated row resolves
    inferred: list[str] = []  # bodies of other districts named by the standard pattern: "label (as written)"
    outputs: list[str]


def build(config: BuildConfig | None = None, kinds: tuple | None = None, progress=None) -> BuildResult:
    """Read every source and write the store and exports as a new generation, published in one
    atomic step (store/generations.py); on any error, or a kill, the current graph stays.

    One build at a time per output folder: another one holding it raises BuildRunning.
    `config` defaults to BuildConfig(); `kinds` to the registry (`jingan_kg.kinds.REGISTRY`), to
    which a caller may add its own. `progress` (progress.py) is told each phase and its counts.
    """
    from ..progress import SILENT
    from ..store.generations import exclusive

    config = config or BuildConfig()
    _check_sources(config)  # before the lock: a mistyped folder leaves no output folder behind
    with exclusive(config.out, config.wait):
        return _build(config, kinds, progress or SILENT)


def _check_sources(config: BuildConfig) -> None:
    if not config.sources.is_dir():
        raise SourceError(
            str(config.sources.absolute()),
            None,
            "no sources folder here",
            "Point build at the folder of .txt documents (with manifest.yaml): jingan-kg build --sources DIR",
        )


def _build(config: BuildConfig, kinds: tuple | None, progress) -> BuildResult:
    from ..curate.curated import load_curated
    from ..graph.activity import now
    from ..graph.shacl import violations
    from ..ingest.sources import impossible_dates, read_sources, unique_sources
    from ..store.embedded import GraphStore
    from .assemble import build_graph
    from .extract import extract_sources
    from .parallel import Aside, workers
    from .resolve import resolve

    started = now()
    kinds = kinds or _registry()
    n = workers(config.workers)
    progress.phase("reading sources")
    curated = load_curated(config.curated)  # a bad row stops the build before any reading
    sources, copies = unique_sources(read_sources(config.sources))  # a file read twice: once, with a warning
    progress.note(f"{len(sources)} files")
    progress.phase("extracting", total=len(sources))
    extractions = extract_sources(sources, kinds, progress.advance, n)  # a document in two: once, with a warning
    progress.note(f"{sum(len(e.records) for e in extractions)} records")
    progress.phase("resolving names")
    ctx = resolve(extractions, curated, sources, kinds)
    progress.note(f"{len(ctx.documents)} documents, {len(ctx.resolver.organisations())} organisations")
    progress.phase("assembling the graph")
    from ..graph.exports import Nodes, jsonld, ntriples, turtle

    nt = ntriples(build_graph(ctx, kinds))  # the canonical form: every export is written from it
    progress.note(f"{nt.count(NEWLINE)} triples")
    progress.phase("checking the shapes (SHACL)")
    found, report = violations(nt, config.ontology)
    if found:
        raise ValidationFailed(found, report)
    progress.note("conforms")

    from ..store.generations import discard, new_generation, publish

    stage = new_generation(config.out)
    aside = None
    try:
        progress.phase("writing the exports")
        # The views and the index are drawn by a second process meanwhile (its own store of `nt`).
        aside = Aside(_views_and_index, stage, nt, kinds, forked=n > 1)
        (stage / TURTLE).write_bytes(turtle(nt))
        from .report import counted, per_source, warnings

        memory = GraphStore.in_memory(nt)
        from ..graph.exports import files as export_files

        nodes = Nodes(nt)
        (stage / JSONLD).write_bytes(jsonld(nodes))
        for name, data in export_files(nodes, nt, kinds).items():  # the other export formats (graph/exports.py)
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            (stage / name).write_bytes(data)
        void = _describe(stage, memory, sources, config.public_base)
        progress.phase("writing the store")
        _record(stage, started, sources, nt, void, config.ontology)
        from ..views.named import VIEWS

        progress.phase("drawing the views and indexing names", total=len(VIEWS))
        view_issues = aside.result()
        progress.advance(len(VIEWS))
        counts = {label: nodes.count(cls) for label, cls in counted(kinds).items()}
        orgs = ctx.resolver.organisations()
        unresolved = sorted(o.label for o in orgs if o.unresolved)
        inferred = sorted(f"{o.label} ({'、'.join(o.aliases)})" if o.aliases else o.label for o in orgs if o.inferred)
        table = per_source(ctx, kinds)
        result = BuildResult(
            counts=counts,
            per_source=table,
            triples=nt.count(NEWLINE),
            issues=warnings(ctx, table, [*copies, *impossible_dates(sources)], kinds) + view_issues,
            unresolved=unresolved,
            inferred=inferred,
            outputs=outputs(),
        )
        (stage / REPORT).write_text(result.model_dump_json(indent=1) + "\n", encoding="utf-8")
    except BaseException:
        if aside is not None:
            aside.cancel()
        discard(stage)
        raise
    publish(config.out, stage, result.outputs)
    return result


def _views_and_index(stage: Path, nt: bytes, kinds: tuple) -> list[Issue]:
    """Draw every view and write the search index into `stage`; the views not drawn, as issues.
    A view too large to read is replaced by a notice."""
    from ..errors import ViewTooLarge
    from ..store.embedded import GraphStore
    from ..store.index import write_index
    from ..views.html import render_notice, write_html
    from ..views.named import VIEW_FILES, VIEWS

    memory = GraphStore.in_memory(nt)
    issues = []
    for view, render in VIEWS.items():
        try:
            page = render(memory)
        except ViewTooLarge as exc:
            page = render_notice(f"{view}: not drawn", f"{exc}. {exc.hint}", view=view)
            issues.append(Issue(source=VIEW_FILES[view], line=None, reason=f"not drawn: {exc}", code="view-too-large"))
        write_html(stage / VIEW_FILES[view], page)
    write_index(stage / INDEX, memory, kinds)
    return issues


def _describe(stage: Path, memory, sources, base: str) -> bytes:
    """Write void.ttl: the dataset as the data graph (`memory`), its sources and the export files
    just written describe it (graph/dataset.py); byte-stable, like the exports."""
    from ..graph.dataset import Export, describe
    from ..graph.dataset import turtle as description
    from ..graph.exports import FILES

    # The whole graph in an RDF format: the Turtle and JSON-LD exports and any N-Triples export;
    # the other files (tables, networks, a JSON-LD context) are distributions but not dumps. An
    # export that is a folder (the CSV tables) is described file by file.
    paths = []
    for name in (TURTLE, JSONLD, *FILES):
        path = stage / name
        paths += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    exports = []
    for path in paths:
        name = path.relative_to(stage).as_posix()
        exports.append(Export(name, path.read_bytes(), dump=name in (TURTLE, JSONLD) or name.endswith(".nt")))
    data = description(describe(memory, sources, exports, base))
    (stage / VOID).write_bytes(data)
    return data


def _record(stage: Path, started, sources, nt: bytes, void: bytes, ontology: Path) -> None:
    """Write build.ttl (this build's prov:Activity, graph/activity.py), then the store, last: the
    data in its default graph, and void.ttl, build.ttl, the ontology and the shapes each in its
    own named graph (ONTOLOGY_GRAPH …), so counts and `stats` keep their meaning and SPARQL finds
    the others with GRAPH <…>."""
    from ..graph.activity import BUILD_GRAPH, now, record
    from ..graph.dataset import VOID_GRAPH
    from ..graph.dataset import turtle as serialise
    from ..store.embedded import GraphStore

    activity = serialise(record(started, now(), sources, stage.name))
    (stage / PROVENANCE).write_bytes(activity)
    GraphStore.write(
        stage / STORE,
        nt,
        [
            (VOID_GRAPH, void),
            (BUILD_GRAPH, activity),
            (V.ONTOLOGY_GRAPH, (ontology / "jingan.ttl").read_bytes()),
            (V.SHAPES_GRAPH, (ontology / "shapes.ttl").read_bytes()),
        ],
    )


def _registry() -> tuple:
    from ..kinds import REGISTRY

    return REGISTRY
