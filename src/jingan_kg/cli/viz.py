"""`viz`: the HTML views (loaded when asked, cli/__init__.py's `_LAZY`)."""

from __future__ import annotations

from pathlib import Path

import click

from . import TEXT, _district, _district_option, _open, _out_option, main

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
