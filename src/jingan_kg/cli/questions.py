"""The question commands: who, show, search, targets, query, stats (loaded when one is asked,
cli/__init__.py's `_LAZY`)."""

from __future__ import annotations

from pathlib import Path

import click

from . import (
    TEXT,
    _district,
    _district_option,
    _emit,
    _endpoint_options,
    _format_option,
    _open,
    _out_option,
    _utf8,
    main,
)
from .output import _echo_csv, format_result


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
