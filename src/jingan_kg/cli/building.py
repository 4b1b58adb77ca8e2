"""The commands that make, check or serve the graph: build, push, validate, curated, serve
(loaded when one is asked, cli/__init__.py's `_LAZY`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import _open, _out_option, main


@main.command()
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("data/sources"),
    show_default=True,
    help="Folder of source .txt documents (with manifest.yaml).",
)
@click.option(
    "--curated",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of curated data (organisations, industries, indicators); default: the package's own.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait for another build into --out to finish (0: stop at once with a message).",
)
@_out_option
def build(sources: Path, curated: Path | None, wait: float, out: Path) -> None:
    """Read every source, extract, validate (SHACL), write the store and exports.

    Example: jingan-kg build --sources data/sources --out exports
    """
    from ..pipeline.build import BuildConfig
    from ..pipeline.build import build as run_build

    config = BuildConfig(sources=sources, out=out, wait=wait, **({"curated": curated} if curated else {}))
    from ..progress import terminal

    progress = terminal()  # phases and counts on standard error, only on a terminal
    try:
        result = run_build(config, progress=progress)
    finally:
        progress.close()
    click.echo(format_build(result, out))


def format_build(result, out: Path) -> str:
    """The build report: counts per kind and per source, warnings, unresolved bodies."""
    lines = [f"Built {out}/ ({result.triples} triples)", "", f"{'kind':<16}{'count':>6}"]
    lines += [f"{k:<16}{v:>6}" for k, v in result.counts.items()]
    lines += ["", "per source"]
    lines += [
        f"  {s}: " + (", ".join(f"{k} {n}" for k, n in c.items() if n) or "nothing extracted")
        for s, c in result.per_source.items()
    ]
    lines += ["", f"warnings: {len(result.issues)}"]
    lines += [f"  {i.source}:{i.line or '-'}: {i.reason} [{i.code}]" for i in result.issues]
    lines += [f"unresolved bodies: {len(result.unresolved)}"] + [f"  {u}" for u in result.unresolved]
    if result.inferred:  # other districts' bodies whose full name the standard pattern gave
        lines += [f"inferred full names: {len(result.inferred)}"] + [f"  {u}" for u in result.inferred]
    lines += ["", "wrote " + ", ".join(f"{out}/{o}" for o in result.outputs)]
    return "\n".join(lines)


@main.command()
@click.option("--endpoint", required=True, metavar="URL", help="The endpoint's SPARQL query URL.")
@click.option("--graph", default=None, metavar="IRI", help="Load into this named graph (default: the default graph).")
@click.option(
    "--gsp",
    default=None,
    metavar="URL",
    help="Its Graph Store Protocol URL (derived for Oxigraph …/query and Virtuoso …/sparql).",
)
@click.option("--user", default=None, help="User for a Graph Store endpoint that needs one (Virtuoso: dba).")
@click.option("--password", default=None, help="Its password.")
@_out_option
def push(endpoint: str, graph: str | None, gsp: str | None, user: str | None, password: str | None, out: Path) -> None:
    """Load the built graph into an external store (SPARQL 1.1 Graph Store Protocol PUT).

    The target graph is replaced, so pushing twice leaves one copy. Then ask it with
    `--endpoint URL [--graph IRI]` on who, show, search, targets and query.

    Example: jingan-kg push --endpoint http://127.0.0.1:7878/query
    """
    from ..store.remote import graph_store_url
    from ..store.remote import push as run_push

    target = gsp or graph_store_url(endpoint)
    if target is None:
        raise click.UsageError("cannot tell the Graph Store URL from --endpoint; give --gsp URL")
    from ..progress import terminal

    progress = terminal()  # on standard error, only on a terminal
    try:
        sent = run_push(out, target, graph, user, password, progress=progress)
    finally:
        progress.close()
    click.echo(f"pushed {sent} triples to {target} ({'graph <' + graph + '>' if graph else 'default graph'})")


@main.command()
@click.option(
    "--ontology",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with shapes.ttl and jingan.ttl (default: the ontology/ shipped with jingan-kg).",
)
@_out_option
def validate(ontology: Path | None, out: Path) -> None:
    """Check the built graph against the SHACL shapes; exit 1 with the violations if it fails.

    Example: jingan-kg validate
    """
    from ..query.sparql import conformance

    found = conformance(_open(out).store, ontology)
    if found:
        click.echo(f"{len(found)} violation(s):\n" + "\n".join(f"  {v}" for v in found))
        sys.exit(1)
    click.echo("The graph conforms to ontology/shapes.ttl.")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path), required=False)
@click.option("--fix", is_flag=True, help="Rewrite the files that are not in canonical form.")
def curated(folder: Path | None, fix: bool) -> None:
    """Check the curated data: every row of organisations, industries and indicators, and that each
    file is in canonical form (sorted rows, fields in order); --fix rewrites them into it.

    FOLDER defaults to data/curated.

    Example: jingan-kg curated data/curated --fix
    """
    from ..curate.canonical import check
    from ..curate.curated import FIX_COMMAND

    done = check(folder or Path("data") / "curated", fix)
    for path in done.rewritten:
        click.echo(f"rewrote {path}")
    for path in done.not_canonical:
        click.echo(f"not in canonical form: {path}")
    if done.not_canonical:
        click.echo(f"Fix: {FIX_COMMAND} {done.folder}")
        sys.exit(1)
    if not done.rewritten:
        click.echo(f"{done.folder}: {len(done.files)} curated files, all in canonical form")


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default answers this machine only; another address "
    "(0.0.0.0 …) offers the graph to the network.",
)
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--timeout",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds one query may run; a longer one is stopped (504).",
)
@click.option(
    "--max-rows",
    type=int,
    default=10000,
    show_default=True,
    help="Rows (or triples) one answer may hold; a larger answer is refused (413). 0: no limit.",
)
@click.option("--workers", type=int, default=None, help="Query worker processes (default: 2 to 4, by CPU count).")
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL Update. Updates change the built store only until the next `build` "
    "replaces it, are not in the search index or the exports, and while the server runs "
    "no other process can open the store read-write.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of ORIGIN (https://example.org; repeatable) or of any origin ('*') read the answers "
    "(CORS, with preflight), for a public read-only endpoint. Off by default; updates stay same-origin.",
)
@_out_option
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int | None,
    allow_update: bool,
    cors: tuple[str, ...],
    out: Path,
) -> None:
    """Serve the graph over HTTP: SPARQL 1.1 Protocol at /sparql, the HTML views and a query page.

    Read-only (updates get 403) and on loopback unless told otherwise. A rebuild in the same
    --out folder is picked up without a restart. Stop with Ctrl-C.

    Example: jingan-kg serve --port 8000 --timeout 10 --max-rows 10000
    """
    from ..web.run import serve as run_server

    def announce(url: str) -> None:
        click.echo(
            f"Serving {out}/ at {url} (SPARQL: {url}sparql, query page: {url}query, "
            f"{'updates allowed' if allow_update else 'read-only'}); Ctrl-C stops.",
            err=True,
        )

    run_server(
        out,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        allow_update=allow_update,
        workers=workers,
        announce=announce,
        cors=cors,
    )
