"""`build`: sources → records → graph → SHACL check → store and exports, swapped in atomically."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

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


def outputs() -> list[str]:
    """The names a build publishes in its output folder (each a fixed link into the current generation)."""
    from ..views.named import VIEW_FILES

    return [TURTLE, JSONLD, *VIEW_FILES.values(), STORE, INDEX, REPORT]


class BuildConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    sources: Path = DEFAULT_SOURCES  # the user's documents, relative to the working directory
    out: Path = DEFAULT_OUT
    wait: float = 0  # seconds to wait for another build into `out` to finish (0: refuse at once)
    curated: Path = resource("curated")  # package data (data/curated/ in the repository)
    ontology: Path = resource("ontology")


class BuildResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    counts: dict[str, int]  # per kind
    per_source: dict[str, dict[str, int]]  # source path -> kind -> records
    triples: int
    issues: list[Issue]
    unresolved: list[str]  # organisation labels no curated row resolves
    inferred: list[str] = []  # bodies of other districts named by the standard pattern: "label (as written)"
    outputs: list[str]


def build(config: BuildConfig | None = None, kinds: tuple | None = None) -> BuildResult:
    """Read every source and write the store and exports as a new generation, published in one
    atomic step (store/generations.py); on any error, or a kill, the current graph stays.

    One build at a time per output folder: another one holding it raises BuildRunning.
    `config` defaults to BuildConfig(); `kinds` to the registry (`jingan_kg.kinds.REGISTRY`), to
    which a caller may add its own.
    """
    from ..store.generations import exclusive

    config = config or BuildConfig()
    _check_sources(config)  # before the lock: a mistyped folder leaves no output folder behind
    with exclusive(config.out, config.wait):
        return _build(config, kinds)


def _check_sources(config: BuildConfig) -> None:
    if not config.sources.is_dir():
        raise SourceError(
            str(config.sources.absolute()),
            None,
            "no sources folder here",
            "Point build at the folder of .txt documents (with manifest.yaml): jingan-kg build --sources DIR",
        )


def _build(config: BuildConfig, kinds: tuple | None) -> BuildResult:
    from ..curate.curated import load_curated
    from ..graph.shacl import violations
    from ..ingest.sources import impossible_dates, read_sources, unique_sources
    from ..store.embedded import GraphStore
    from .assemble import build_graph
    from .extract import extract_sources
    from .resolve import resolve

    kinds = kinds or _registry()
    curated = load_curated(config.curated)  # a bad row stops the build before any reading
    sources, copies = unique_sources(read_sources(config.sources))  # a file read twice: once, with a warning
    extractions = extract_sources(sources, kinds)  # a document in two files: once, with a warning
    ctx = resolve(extractions, curated, sources, kinds)
    g = build_graph(ctx, kinds)
    found, report = violations(g, config.ontology)
    if found:
        raise ValidationFailed(found, report)

    from ..store.generations import discard, new_generation, publish

    stage = new_generation(config.out)
    try:
        from ..graph.exports import jsonld, ntriples, turtle

        nt = ntriples(g)
        triples = GraphStore.write(stage / STORE, nt)
        (stage / TURTLE).write_text(turtle(g), encoding="utf-8", newline="\n")
        (stage / JSONLD).write_text(jsonld(g), encoding="utf-8", newline="\n")
        from rdflib import URIRef

        from ..errors import ViewTooLarge
        from ..store.index import write_index
        from ..views.html import render_notice, write_html
        from ..views.named import VIEW_FILES, VIEWS
        from .report import counted, per_source, warnings

        memory = GraphStore.in_memory(nt)
        view_issues = []
        for view, render in VIEWS.items():  # a view too large to read is replaced by a notice, and reported
            try:
                page = render(memory)
            except ViewTooLarge as exc:
                page = render_notice(f"{view}: not drawn", f"{exc}. {exc.hint}", view=view)
                view_issues.append(
                    Issue(source=VIEW_FILES[view], line=None, reason=f"not drawn: {exc}", code="view-too-large")
                )
            write_html(stage / VIEW_FILES[view], page)
        write_index(stage / INDEX, memory, kinds)
        counts = {label: len(set(g.subjects(URIRef(V.type_), URIRef(cls)))) for label, cls in counted(kinds).items()}
        orgs = ctx.resolver.organisations()
        unresolved = sorted(o.label for o in orgs if o.unresolved)
        inferred = sorted(f"{o.label} ({'、'.join(o.aliases)})" if o.aliases else o.label for o in orgs if o.inferred)
        table = per_source(ctx, kinds)
        result = BuildResult(
            counts=counts,
            per_source=table,
            triples=triples,
            issues=warnings(ctx, table, [*copies, *impossible_dates(sources)], kinds) + view_issues,
            unresolved=unresolved,
            inferred=inferred,
            outputs=outputs(),
        )
        (stage / REPORT).write_text(result.model_dump_json(indent=1) + "\n", encoding="utf-8")
    except BaseException:
        discard(stage)
        raise
    publish(config.out, stage, result.outputs)
    return result


def _registry() -> tuple:
    from ..kinds import REGISTRY

    return REGISTRY
