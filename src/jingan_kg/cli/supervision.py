"""The supervision commands, `ledger` and `flags`: parse options, call the library, format.

They register on `main` (cli/__init__.py imports this module at its end)."""

from __future__ import annotations

from pathlib import Path

import click

from . import (
    BOM,
    FORMATS,
    TEXT,
    _district,
    _district_option,
    _emit,
    _endpoint_options,
    _format_option,
    _open,
    _out_option,
    main,
)


@main.command()
@click.option("--body", type=TEXT, metavar="NAME", help="Only the targets this body is named for (any of its names).")
@click.option("--year", type=int, metavar="YEAR", help="Only the targets whose period covers this year.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["met", "not-met", "pending", "overdue", "not-comparable"]),
    help="Only targets of this status (repeat for several).",
)
@click.option("--by", type=click.Choice(["indicator", "body"]), default="indicator", show_default=True)
@_district_option
@_format_option([*FORMATS, "xlsx"])
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
@_out_option
@_endpoint_options
def ledger(
    body: str | None,
    year: int | None,
    statuses: tuple[str, ...],
    by: str,
    district: str | None,
    fmt: str,
    output: Path | None,
    out: Path,
    endpoint: str | None,
    graph: str | None,
) -> None:
    """The supervision ledger (督办台账): every target, the outcome judging it, status and margin.

    Example: jingan-kg ledger --status not-met --format xlsx -o ledger.xlsx
    """
    from ..query import ledger as L
    from ..query import render

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx writes a workbook: give it a file with -o FILE.")
    g = _open(out, endpoint, graph)
    who_id = None
    if body:
        from ..query.lookup import best, lookup

        hits = best(lookup(g.index, body, kinds={"organisation"}, store=g.store)[1])
        if len({h.iri for h in hits}) > 1:
            from ..query.districts import ambiguous

            raise ambiguous(g.store, body, hits)
        who_id = hits[0].iri
    place = _district(g.store, district)
    answer = L.ledger(g.store, who_id, year, list(statuses), place)
    if fmt == "xlsx":
        from ..query.flags import flags as find_flags
        from ..query.workbook import write_workbook

        found = find_flags(g.store, district=place)
        write_workbook(output, render.ledger_sheets(answer, found), title="jingan-kg ledger")
        click.echo(f"wrote {output} ({len(answer.rows)} targets, {len(found)} flags)")
        return
    text = lambda a: render.ledger_text(a, by)
    _write_out(fmt, answer, text, render.LEDGER_HEADER, render.ledger_rows, output, f"{len(answer.rows)} targets")


@main.command()
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["no-body", "overdue", "figures-differ", "target-restated", "unresolved-body", "early-outcome"]),
    help="Only flags of this kind (repeat for several).",
)
@_district_option
@_format_option([*FORMATS, "xlsx"])
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
@_out_option
@_endpoint_options
def flags(
    kinds: tuple[str, ...],
    district: str | None,
    fmt: str,
    output: Path | None,
    out: Path,
    endpoint: str | None,
    graph: str | None,
) -> None:
    """What does not add up: measures without a body, overdue targets, figures that differ …

    Example: jingan-kg flags --kind figures-differ
    """
    from ..query import render
    from ..query.flags import flags as find_flags

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx writes a workbook: give it a file with -o FILE.")
    g = _open(out, endpoint, graph)
    found = find_flags(g.store, list(kinds), _district(g.store, district))
    if fmt == "xlsx":
        from ..query.workbook import Sheet, write_workbook

        sheet = Sheet("flags", render.FLAGS_HEADER, render.flags_rows(found), wrap=("reason", "quote"))
        write_workbook(output, [sheet], title="jingan-kg flags")
        click.echo(f"wrote {output} ({len(found)} flags)")
        return
    _write_out(fmt, found, render.flags_text, render.FLAGS_HEADER, render.flags_rows, output, f"{len(found)} flags")


def _write_out(fmt: str, answer, text, header, rows, output: Path | None, what: str) -> None:
    """An answer to standard output (as _emit), or to a file (CSV with a BOM)."""
    from ..query import render

    if output is None:
        _emit(fmt, answer, text, header, rows)
        return
    body = (
        render.to_json(answer)
        if fmt == "json"
        else BOM + render.to_csv(header, rows(answer))
        if fmt == "csv"
        else text(answer)
    )
    output.write_text(body + "\n", encoding="utf-8")
    click.echo(f"wrote {output} ({what})")
