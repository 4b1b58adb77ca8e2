"""The extractor registry: each document kind's module, with `detect(span)` and `extract(span)`.

Kinds are told apart by content only; several extractors may read the same span
(a plan outline holds both an industry system and other tables).
"""

from __future__ import annotations

from ..ingest.documents import split_documents
from ..records import Extraction
from ..ingest.sources import SourceText
from . import appointments
from . import areas
from . import glossary
from . import indicators
from . import industries
from . import measures
from . import projects
from . import service_projects as service_items
from . import signatures

EXTRACTORS = {
    measures.KIND: measures,
    industries.KIND: industries,
    signatures.KIND: signatures,
    service_items.KIND: service_items,
    appointments.KIND: appointments,
    glossary.KIND: glossary,
    projects.KIND: projects,
    areas.KIND: areas,
    indicators.KIND: indicators,
}


def extract_source(src: SourceText) -> list[Extraction]:
    """Run every extractor whose `detect` accepts a span of the source; keep every document head."""
    out = []
    for span in split_documents(src):
        if span.document is not None:
            out.append(Extraction(documents=(span.document,)))
        for kind, module in EXTRACTORS.items():
            if module.detect(span):
                out.append(module.extract(span))
                if span.document is not None and kind != signatures.KIND:
                    out.append(Extraction(documents=(span.document.model_copy(update={"kind": kind}),)))
    return out
