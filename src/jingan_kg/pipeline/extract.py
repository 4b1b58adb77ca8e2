"""Extraction: every kind whose `detect` accepts a document span reads it; each document once."""

from __future__ import annotations

from collections.abc import Callable

from ..ingest.documents import split_documents
from ..ingest.sources import SourceText
from ..kinds import REGISTRY, Kind
from ..records import DocumentRecord, Excerpt, Extraction, Issue
from ..text import key

DUPLICATE_DOCUMENT = "duplicate-document"


def extract_source(
    src: SourceText, kinds: tuple[Kind, ...] = REGISTRY, seen: dict[tuple[str, str], Excerpt] | None = None
) -> list[Extraction]:
    """Run every kind that accepts a span of the source; keep every document head.

    `seen` (what `extract_sources` shares across sources): the first head of each document by
    文号 and title. A document that an earlier source already holds is skipped, head and
    records, with a warning naming both heads' file:line.
    """
    out: list[Extraction] = []
    for span in split_documents(src):
        doc = span.document
        if seen is not None and doc is not None and doc.identifier:
            first = seen.setdefault((key(doc.identifier), key(doc.title)), doc.excerpt)
            if first.source != src.path:
                out.append(Extraction(issues=(_duplicate(doc, first),)))
                continue
        if doc is not None:
            out.append(Extraction(documents=(doc,)))
        for kind in kinds:
            if kind.detect is None or not kind.detect(span):
                continue
            read = kind.extract(span)
            out.append(read)
            if doc is not None and kind.names_documents:
                out.append(Extraction(documents=(doc.model_copy(update={"kind": kind.name}),)))
            elif doc is None and read.records:  # records outside any document head: the source's own
                out.append(Extraction(documents=(_source_document(span),)))
    return out


def extract_sources(
    sources: list[SourceText], kinds: tuple[Kind, ...] = REGISTRY, done: Callable[[], None] | None = None
) -> list[Extraction]:
    """Every source's extractions, each document once: the first in the given (sorted) order is
    read. `done` is called after each source (progress)."""
    seen: dict[tuple[str, str], Excerpt] = {}
    out: list[Extraction] = []
    for src in sources:
        out += extract_source(src, kinds, seen)
        if done is not None:
            done()
    return out


def _source_document(span) -> DocumentRecord:
    """The document that records read outside any document head belong to: the source itself,
    under the key such records carry (`Span.document_key`), cited at the run's first line of text."""
    src = span.source
    first = next((ln for ln in span.lines() if ln.text and not ln.noise), span.lines()[0])
    return DocumentRecord(
        key=span.document_key,
        title=span.document_key,
        kind="document",
        issuer=src.meta.issuer,
        district=src.meta.district,
        last_line=span.last,
        excerpt=Excerpt(
            source=src.path, line_start=first.number, line_end=first.number, quote=first.text or span.document_key
        ),
    )


def _duplicate(doc: DocumentRecord, seen: Excerpt) -> Issue:
    return Issue(
        source=doc.excerpt.source,
        line=doc.excerpt.line_start,
        code=DUPLICATE_DOCUMENT,
        reason=f"document {doc.identifier} {doc.title!r} is also in {seen.source}:{seen.line_start}: "
        f"read once, from there; this copy and its records are skipped",
    )
