"""Resolution: names to nodes across all extractions, each kind after the kinds it reads."""

from __future__ import annotations

from ..curate.context import Context
from ..curate.districts import Districts, place
from ..curate.organisations import Resolver
from ..errors import JinganKgError
from ..kinds import REGISTRY, Kind
from ..records import DocumentRecord, Extraction, Issue


def resolve(extractions: list[Extraction], curated, sources=(), kinds: tuple[Kind, ...] = REGISTRY) -> Context:
    """Documents first, then each kind's `resolve` (in dependency order), then publishers."""
    sources = list(sources)
    present = {s.path for s in sources} if sources else None
    heads = [d for e in extractions for d in e.documents]
    documents = _unique_documents(heads)
    districts = Districts(curated.districts)
    placement = place(documents, sources, districts)
    resolver = Resolver(list(curated.organisations), present, districts, placement, curated.body_names)
    ctx = Context(curated=curated, resolver=resolver, sources=sources, placement=placement)
    ctx.records = [r for e in extractions for r in e.records]
    ctx.issues = [i for e in extractions for i in e.issues] + placement.issues
    ctx.documents = documents
    ctx.titles = {d.key: d.title for d in ctx.documents}
    found: dict[str, set[str]] = {}
    for d in heads:
        found.setdefault(d.key, set()).add(d.kind)
    ctx.document_kinds = {k: tuple(sorted(v - {"document"}) or ["document"]) for k, v in sorted(found.items())}
    for kind in resolution_order(kinds):
        ctx.results[kind.name] = kind.resolve(ctx)
    ctx.publishers = _publishers(ctx)
    ctx.issues.sort(key=lambda i: (i.source, i.line or 0, i.code, i.reason))
    return ctx


def resolution_order(kinds: tuple[Kind, ...]) -> list[Kind]:
    """The kinds with a `resolve`, each after those in its `after`; otherwise in registry order."""
    todo = [k for k in kinds if k.resolve is not None]
    names = {k.name for k in todo}
    done: list[Kind] = []
    while todo:
        ready = next((k for k in todo if all(a in {d.name for d in done} or a not in names for a in k.after)), None)
        if ready is None:
            raise JinganKgError("kinds wait on each other: " + ", ".join(f"{k.name} after {k.after}" for k in todo))
        done.append(ready)
        todo.remove(ready)
    return done


def _unique_documents(docs: list[DocumentRecord]) -> list[DocumentRecord]:
    """One record per document key; a richer kind (an extractor's) wins over plain "document"."""
    out: dict[str, DocumentRecord] = {}
    for d in docs:
        if d.key not in out or out[d.key].kind == "document":
            out[d.key] = d
    return sorted(out.values(), key=lambda d: d.key)


def _publishers(ctx: Context) -> dict[str, tuple[str, ...]]:
    """Each document's issuer (from its title or head) and the bodies of its signature block."""
    resolver, publishers = ctx.resolver, {}
    for d in ctx.documents:
        ids, ok = list(ctx.signed.get(d.key, [])), True
        if d.issuer:
            found = resolver.lookup(d.issuer, d.excerpt)
            named = [found] if found else resolver.within(d.issuer, d.excerpt)
            if not named:
                oid, ok = resolver.resolve(d.issuer, d.excerpt)
                named = [oid]
            if not ok:
                ctx.issues.append(
                    Issue(
                        source=d.excerpt.source,
                        line=d.excerpt.line_start,
                        code="unresolved-issuer",
                        reason=f"issuer {d.issuer!r} is not in data/curated/organisations.yaml",
                    )
                )
            ids = named + ids
        if ids:
            publishers[d.key] = tuple(dict.fromkeys(ids))
        elif named := resolver.within(d.title, d.excerpt):  # "…区政府人事任免事项": the body the title names
            publishers[d.key] = tuple(named)
    return publishers
