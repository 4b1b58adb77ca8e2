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
    return _first_of_each(src, _read_spans(src, kinds), seen)


def extract_sources(
    sources: list[SourceText],
    kinds: tuple[Kind, ...] = REGISTRY,
    done: Callable[[], None] | None = None,
    workers: int = 1,
) -> list[Extraction]:
    """Every source's extractions, each document once: the first in the given (sorted) order is
    read. `done` is called after each source (progress). With `workers` > 1 the sources are read
    in that many processes (pipeline/parallel.py); which copy of a document is kept is decided
    here, in order, so the answer is the same."""
    from .parallel import spread

    def read(share: list[SourceText]) -> list[list[_Read]]:
        out = []
        for src in share:
            out.append(_read_spans(src, kinds))
            if workers <= 1 and done is not None:
                done()
        return out

    seen: dict[tuple[str, str], Excerpt] = {}
    out: list[Extraction] = []
    for src, spans in zip(sources, spread(read, sources, workers, weight=lambda src: len(src.lines)), strict=True):
        out += _first_of_each(src, spans, seen)
        if workers > 1 and done is not None:
            done()
    return out


_Read = tuple[DocumentRecord | None, list[Extraction]]  # a span's document head and what its kinds read


def _read_spans(src: SourceText, kinds: tuple[Kind, ...]) -> list[_Read]:
    out: list[_Read] = []
    for span in split_documents(src):
        doc = span.document
        read: list[Extraction] = []
        if doc is not None:
            read.append(Extraction(documents=(doc,)))
        for kind in kinds:
            if kind.detect is None or not kind.detect(span):
                continue
            records = kind.extract(span)
            read.append(records)
            if doc is not None and kind.names_documents:
                read.append(Extraction(documents=(doc.model_copy(update={"kind": kind.name}),)))
            elif doc is None and records.records:  # records outside any document head: the source's own
                read.append(Extraction(documents=(_source_document(span),)))
        out.append((doc, read))
    return out


def _first_of_each(
    src: SourceText, spans: list[_Read], seen: dict[tuple[str, str], Excerpt] | None
) -> list[Extraction]:
    out: list[Extraction] = []
    for doc, read in spans:
        if seen is not None and doc is not None and doc.identifier:
            first = seen.setdefault((key(doc.identifier), key(doc.title)), doc.excerpt)
            if first.source != src.path:
                out.append(Extraction(issues=(_duplicate(doc, first),)))
                continue
        out += read
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
