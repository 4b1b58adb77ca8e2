"""Extraction: every kind whose `detect` accepts a document span reads it."""

from __future__ import annotations

from ..ingest.documents import split_documents
from ..ingest.sources import SourceText
from ..kinds import REGISTRY, Kind
from ..records import Extraction


def extract_source(src: SourceText, kinds: tuple[Kind, ...] = REGISTRY) -> list[Extraction]:
    """Run every kind that accepts a span of the source; keep every document head."""
    out = []
    for span in split_documents(src):
        if span.document is not None:
            out.append(Extraction(documents=(span.document,)))
        for kind in kinds:
            if kind.detect is None or not kind.detect(span):
                continue
            out.append(kind.extract(span))
            if span.document is not None and kind.names_documents:
                out.append(Extraction(documents=(span.document.model_copy(update={"kind": kind.name}),)))
    return out
