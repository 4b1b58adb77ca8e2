"""How the commands write answers: tables, JSON, CSV (with a BOM when it lands in a file) and
SPARQL results in the asked format."""

from __future__ import annotations

import sys

import click

BOM = "\ufeff"  # Excel on Chinese Windows reads a CSV file as UTF-8 only with it


def _stdout_is_a_file() -> bool:
    """Standard output is a regular file (`> out.csv`), not a terminal or a pipe."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation (a test runner's buffer) is an OSError
        return False


def _echo_csv(text: str, nl: bool = True) -> None:
    """CSV to standard output: with a BOM when it lands in a file, plain to a pipe or a terminal."""
    click.echo((BOM if _stdout_is_a_file() else "") + text, nl=nl)


def _emit(fmt: str, answer, text, header, rows) -> None:
    from ..query import render

    if fmt == "json":
        click.echo(render.to_json(answer))
    elif fmt == "csv":
        _echo_csv(render.to_csv(header, rows(answer)))
    else:
        click.echo(text(answer))


def format_result(result, fmt: str) -> str:
    """A query result in the asked format (pyoxigraph serialises the standard ones)."""
    import pyoxigraph as ox

    from ..query import render

    if isinstance(result, list):  # CONSTRUCT/DESCRIBE: triples
        rdf = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
        return ox.serialize(result, format=rdf).decode("utf-8")
    standard = {
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
    }
    if fmt in standard:
        return result.serialize(format=standard[fmt]).decode("utf-8").rstrip("\n") + "\n"
    if isinstance(result, ox.QueryBoolean):
        return f"{'true' if bool(result) else 'false'}\n"
    names = [v.value for v in result.variables]
    rows = [[None if row[n] is None else row[n].value for n in names] for row in result]
    return render.table(names, rows) + f"\n({len(rows)} row{'s' * (len(rows) != 1)})\n"
