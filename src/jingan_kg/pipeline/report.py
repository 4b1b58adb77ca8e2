"""What the build report counts: nodes per class, records per source, in registry order; and
its warnings, with one for every source that gave no facts beyond its documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..curate.context import Context
from ..graph import vocab as V
from ..kinds import REGISTRY, Kind
from ..records import Issue
from .extract import DUPLICATE_DOCUMENT

NO_FACTS = "no-facts"


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


def warnings(
    ctx: Context, table: dict[str, dict[str, int]], also: Iterable[Issue] = (), kinds: tuple[Kind, ...] = REGISTRY
) -> list[Issue]:
    """The stages' issues, `also` (from reading the sources) and `no_facts`, by file and line."""
    issues = [*ctx.issues, *also, *no_facts(ctx, table, kinds)]
    return sorted(issues, key=lambda i: (i.source, i.line or 0, i.code, i.reason))


def no_facts(ctx: Context, table: dict[str, dict[str, int]], kinds: tuple[Kind, ...] = REGISTRY) -> list[Issue]:
    """A warning for each source of `table` (`per_source`) that counts nothing but documents.

    It is cited at its first document head. A source whose every document was skipped as
    the copy of another file's has that warning instead.
    """
    documents = {c.label for k in kinds for c in k.counts if c.cls == V.Document}
    looked_for = ", ".join(c.label for k in kinds if k.detect is not None for c in k.counts)
    heads: dict[str, list[int]] = {}
    for d in ctx.documents:
        heads.setdefault(d.excerpt.source, []).append(d.excerpt.line_start)
    copies = {i.source for i in ctx.issues if i.code == DUPLICATE_DOCUMENT}
    out = []
    for src, counts in table.items():
        if any(n for label, n in counts.items() if label not in documents):
            continue
        lines = heads.get(src, [])
        if not lines and src in copies:
            continue
        its = {0: "", 1: " beyond its document"}.get(len(lines), f" beyond its {len(lines)} documents")
        out.append(
            Issue(
                source=src,
                line=min(lines, default=None),
                code=NO_FACTS,
                reason=f"gave no facts{its}: no kind recognised its content (looked for {looked_for})",
            )
        )
    return out
