"""What the build report counts: nodes per class, records per source, in registry order."""

from __future__ import annotations

from collections import Counter

from ..curate.context import Context
from ..kinds import REGISTRY, Kind


def counted(kinds: tuple[Kind, ...] = REGISTRY) -> dict[str, str]:
    """label -> class IRI of every counted class, in display order."""
    return {c.label: c.cls for k in kinds for c in k.counts}


def per_source(ctx: Context, kinds: tuple[Kind, ...] = REGISTRY) -> dict[str, dict[str, int]]:
    """Records read from each source, every source listed (a source that gave nothing shows zeros)."""
    table: dict[str, Counter] = {src.path: Counter() for src in ctx.sources}
    for kind in kinds:
        if kind.cited is not None:
            for label, ex in kind.cited(ctx):
                table.setdefault(ex.source, Counter())[label] += 1
    order = list(counted(kinds))
    return {src: dict(sorted(c.items(), key=lambda kv: order.index(kv[0]))) for src, c in sorted(table.items())}
