"""The `jingan-kg` command: parse options, call one library function, format the answer.

Heavy libraries are imported inside the commands that need them, so question commands start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import Ambiguous, JinganKgError, NoMatch, NotAnIndicator, NotInDistrict, UnknownDistrict
from .output import BOM, _echo_csv, _emit, format_result  # noqa: F401  (supervision.py and tests use them from here)

DEFAULT_OUT = Path("exports")
FORMATS = ["table", "json", "csv"]


class _Text(click.ParamType):
    """Text as the shell gave it: refused with the offending byte when it is not UTF-8 (Python
    hands such bytes over as lone surrogates) or holds a NUL; never a traceback further on."""

    name = "text"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        raw = value.encode("utf-8", "surrogateescape")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.fail(f"{raw!r} is not valid UTF-8 text (byte {raw[exc.start]:#04x} at {exc.start})", param, ctx)
        if "\x00" in value:
            self.fail("a NUL character is no text", param, ctx)
        return value


TEXT = _Text()


def _utf8(data: bytes, name: str) -> str:
    """A file's text; a clear usage error naming the byte when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})"
        raise click.UsageError(f"{name}:{line}: {reason}") from None


class _Group(click.Group):
    """Turns library errors into a message with a hint and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (UnknownDistrict, NotInDistrict, NotAnIndicator) as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            if isinstance(exc, NotAnIndicator) and exc.candidates:
                click.echo("Indicators with these words: " + "、".join(exc.candidates), err=True)
            ctx.exit(1)
        except NoMatch as exc:
            click.echo(f"{'Ambiguous' if isinstance(exc, Ambiguous) else 'No match'}: {exc}", err=True)
            if exc.candidates:
                click.echo(
                    ("Candidates: " if isinstance(exc, Ambiguous) else "Closest: ") + "、".join(exc.candidates),
                    err=True,
                )
            else:
                click.echo(
                    "Hint: no name in the graph shares a character or a word with it; names are Chinese "
                    "(绿色金融), and bodies also answer to pinyin (qushujuju) and English (Data Bureau).",
                    err=True,
                )
            if isinstance(exc, Ambiguous) and exc.districts:
                click.echo("Hint: they are of different districts; add --district NAME to pick one.", err=True)
            ctx.exit(1)
        except JinganKgError as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            ctx.exit(1)


EXAMPLES = """Examples:

\b
  jingan-kg build                       read data/sources/ into exports/
  jingan-kg who 绿色金融                who is responsible, with the sentences
  jingan-kg who 人工智能由哪个部门牵头  questions as people ask them
  jingan-kg targets 社会消费品零售总额  an indicator from plan to outcome
  jingan-kg ledger --status not-met     the supervision ledger (督办台账)
  jingan-kg flags                       what does not add up in the record
  jingan-kg query -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'
  jingan-kg serve                       SPARQL, ask page, views: http://127.0.0.1:8000/

Every command's --help has its options and an example."""


@click.group(cls=_Group, epilog=EXAMPLES)
@click.version_option(package_name="jingan-kg")
def main() -> None:
    """jingan-kg: who is responsible for what in Jing'an District's plans, with the sentence it rests on."""


def _out_option(f):
    return click.option(
        "--out",
        "out",
        type=click.Path(path_type=Path),
        default=DEFAULT_OUT,
        show_default=True,
        help="Folder holding the store and exports.",
    )(f)


def _format_option(choices=FORMATS, default="table"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output: a table for people, json or csv for scripts.",
    )


def _endpoint_options(f):
    f = click.option(
        "--graph",
        "graph",
        default=None,
        metavar="IRI",
        help="With --endpoint: the named graph holding the data (else the default graph).",
    )(f)
    return click.option(
        "--endpoint",
        default=None,
        metavar="URL",
        help="Ask an external SPARQL 1.1 endpoint instead of the built store.",
    )(f)


def _district_option(f):
    return click.option(
        "--district",
        default=None,
        type=TEXT,
        metavar="NAME",
        help="Only what is of this district: 长宁, 长宁区, changning, Changning District or 310105.",
    )(f)


def _district(store, name: str | None):
    """The district --district names (None when not given); UnknownDistrict lists the graph's."""
    if not name:
        return None
    from ..query.districts import find_district

    return find_district(store, name)


def _open(out: Path, endpoint: str | None = None, graph: str | None = None):
    """The store and search index: the built ones, or an endpoint's (index cached per endpoint)."""
    from ..store.opening import open_graph

    return open_graph(out, endpoint, graph)


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
@click.argument("text", type=TEXT)
@click.option("--limit", default=20, show_default=True, help="At most this many citations per body (0: all).")
@_district_option
@_format_option()
@_out_option
@_endpoint_options
def who(
    text: str, limit: int, district: str | None, fmt: str, out: Path, endpoint: str | None, graph: str | None
) -> None:
    """Which bodies are responsible for TEXT, each with what makes them so and the quoted sentence.

    TEXT may be words of a measure, an industry or focus field, a project, an area or an
    indicator (e.g. 绿色金融, 时尚消费业, 北站街道晋元南一地块项目); if it names a body (区投资办,
    区发改委, shangwuwei), the answer is what that body is responsible for.

    Example: jingan-kg who 养老金融 --format json
    """
    from ..query import render
    from ..query.who import who as ask

    g = _open(out, endpoint, graph)
    answer = ask(g.store, g.index, text, limit or None, _district(g.store, district))
    _emit(fmt, answer, render.who_text, render.WHO_HEADER, render.who_rows)


@main.command()
@click.argument("name", type=TEXT)
@_district_option
@_format_option()
@_out_option
@_endpoint_options
def show(name: str, district: str | None, fmt: str, out: Path, endpoint: str | None, graph: str | None) -> None:
    """An entity card: type, labels, every relation in and out, and where it is written.

    NAME is a name in any form search understands, or an IRI (full or jkr:…).

    Example: jingan-kg show 区数据局
    """
    from ..query import render
    from ..query.show import show as ask

    g = _open(out, endpoint, graph)
    per_predicate = render.PER_PREDICATE if fmt == "table" else None  # json and csv list every relation
    card = ask(g.store, g.index, name, _district(g.store, district), per_predicate)
    _emit(fmt, card, render.card_text, render.CARD_HEADER, render.card_rows)


@main.command()
@click.argument("text", type=TEXT)
@click.option("--limit", default=20, show_default=True, help="At most this many matches.")
@_district_option
@_format_option()
@_out_option
@_endpoint_options
def search(
    text: str, limit: int, district: str | None, fmt: str, out: Path, endpoint: str | None, graph: str | None
) -> None:
    """Ranked matches across all kinds: Chinese substrings, abbreviations, pinyin, English.

    Example: jingan-kg search shangwuwei
    """
    from ..query import render
    from ..query.lookup import search as ask

    g = _open(out, endpoint, graph)
    hits = ask(g.index, text, limit, g.store, _district(g.store, district))
    _emit(
        fmt,
        hits,
        lambda h: render.table(render.SEARCH_HEADER[:-1], [r[:-1] for r in render.search_rows(h)]),
        render.SEARCH_HEADER,
        render.search_rows,
    )


@main.command()
@click.argument("text", type=TEXT)
@_district_option
@_format_option()
@_out_option
@_endpoint_options
def targets(text: str, district: str | None, fmt: str, out: Path, endpoint: str | None, graph: str | None) -> None:
    """An indicator's targets and outcomes across every document and year, with the gap.

    Example: jingan-kg targets 社会消费品零售总额
    """
    from ..query import render
    from ..query.targets import targets as ask

    g = _open(out, endpoint, graph)
    answer = ask(g.store, g.index, text, _district(g.store, district))
    _emit(fmt, answer, render.targets_text, render.TARGETS_HEADER, render.targets_rows)


@main.command()
@click.argument("file", type=click.File("rb"), required=False)
@click.option("-e", "--expression", type=TEXT, help="The SPARQL query itself, instead of a file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt"]),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, csv, tsv, json (SPARQL 1.1 Query Results JSON), xml; CONSTRUCT: ttl, nt.",
)
@_district_option
@_out_option
@_endpoint_options
def query(
    file, expression: str | None, district: str | None, fmt: str, out: Path, endpoint: str | None, graph: str | None
) -> None:
    """Run a SPARQL 1.1 query (from FILE, `-` for stdin, or -e) over the store.

    The graph's prefixes (jkg:, jkr:, skos:, dcterms:, prov:, org: …) are predeclared.
    Saved examples are in queries/. --district binds ?district to that district's IRI.

    Example: jingan-kg query queries/bodies-ranked-by-measures.rq --format csv
    """
    from ..query.sparql import query as ask

    if bool(file) == bool(expression):
        raise click.UsageError("give a query FILE or -e SPARQL (one of them)")
    sparql = expression if expression else _utf8(file.read(), file.name)
    store = _open(out, endpoint, graph).store
    result = ask(store, sparql, _district(store, district))
    if fmt in ("csv", "tsv"):
        _echo_csv(format_result(result, fmt), nl=False)
    else:
        click.echo(format_result(result, fmt), nl=False)


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


VIZ_VIEWS = ("responsibility", "projects", "industries", "targets", "ledger", "ego")  # = views.VIEWS and "ego"


@main.command()
@click.argument("view", type=click.Choice(VIZ_VIEWS))
@click.option("--focus", type=TEXT, help="ego: the entity in the centre (any name search understands, or an IRI).")
@click.option(
    "--depth", type=click.IntRange(1, 5), default=1, show_default=True, help="ego: how many hops around --focus."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: the view's file in --out).",
)
@_district_option
@_out_option
def viz(view: str, focus: str | None, depth: int, output: Path | None, district: str | None, out: Path) -> None:
    """Write an interactive HTML view of the graph that opens offline in a browser.

    VIEW is responsibility (bureau → measure → industry), projects (project → category,
    street → area), industries (the industry systems with their measures and tax outcomes),
    targets (every indicator's targets and outcomes on a timeline), or ego: the
    neighbourhood of --focus NAME, --depth hops around it. build writes the first four too.

    Example: jingan-kg viz ego --focus 区数据局 --depth 1
    """
    import re

    from ..views import named as views
    from ..views.html import write_html
    from ..views.palette import from_index, use

    if view == "ego" and not focus:
        raise click.UsageError("the ego view needs --focus NAME (e.g. --focus 区数据局)")
    if view != "ego" and focus:
        raise click.UsageError(f"--focus goes with the ego view: jingan-kg viz ego --focus {focus}")
    g = _open(out)
    use(from_index(g.index))  # the build's own styles, without importing the kinds
    if view == "ego":
        page = views.ego_view(g.store, g.index, focus, depth, _district(g.store, district))
        default = "ego-" + (re.sub(r"[^\w]+", "-", focus).strip("-") or "focus") + ".html"
    else:
        page = views.VIEWS[view](g.store, _district(g.store, district))
        default = views.VIEW_FILES[view]
    path = output or out / default
    write_html(path, page)
    click.echo(f"Wrote {path} (" + ", ".join(f"{n} {what}" for what, n in page.counts.items()) + ")")


@main.command()
@_district_option
@_format_option()
@_out_option
def stats(district: str | None, fmt: str, out: Path) -> None:
    """Counts per kind, triples, nodes read from each source, and counts per district.

    Example: jingan-kg stats --format json
    """
    from ..query import render
    from ..query.sparql import stats as ask

    g = _open(out)
    answer = ask(g.store, g.index, _district(g.store, district))
    rows = [
        ["triples", answer["triples"]],
        *([k, v] for k, v in answer["counts"].items()),
        *([f"from {s}", n] for s, n in answer["per_source"].items()),
        *([f"{d}: {k}", n] for d, counts in answer["per_district"].items() for k, n in counts.items()),
    ]
    _emit(fmt, answer, lambda a: render.table(["what", "count"], rows), ["what", "count"], lambda a: rows)


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


from . import supervision  # noqa: E402, F401  (registers ledger and flags on `main`)
