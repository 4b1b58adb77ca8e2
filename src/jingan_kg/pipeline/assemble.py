"""Assembly: the RDF graph of a resolved context, every kind writing its own triples."""

from __future__ import annotations

from ..curate.context import Context
from ..kinds import REGISTRY, Kind


def build_graph(ctx: Context, kinds: tuple[Kind, ...] = REGISTRY):
    """All triples of the resolved records (a set of N-Triples lines), every node with its excerpt."""
    from ..graph.sink import Triples

    t = Triples()
    for kind in kinds:
        if kind.triples is not None:
            kind.triples(ctx, t)
    return t.lines
