"""The resolution context: what the stages share while names are resolved and triples written.

The pipeline fills it (records, documents, publishers) and each kind's `resolve` adds its
result under its name; a kind reads another's result through that kind's own accessor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import DocumentRecord, Issue, Record
from .organisations import Resolver


@dataclass
class Context:
    curated: Any  # curate.curated.Curated
    resolver: Resolver
    sources: list = field(default_factory=list)  # ingest.sources.SourceText
    records: list[Record] = field(default_factory=list)  # every extracted record, in extraction order
    documents: list[DocumentRecord] = field(default_factory=list)  # one per document key, sorted
    titles: dict[str, str] = field(default_factory=dict)  # document key -> title
    document_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    signed: dict[str, list[str]] = field(default_factory=dict)  # document key -> organisation ids signing it
    publishers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)  # kind name -> what its resolve returned
    placement: Any = None  # curate.districts.Placement: each document's district

    def district(self, doc_key: str) -> str | None:
        """The district id of a document, where one is told."""
        return self.placement.of.get(doc_key) if self.placement else None

    def of(self, cls: type) -> list:
        """The extracted records of one record class, in extraction order."""
        return [r for r in self.records if type(r) is cls]

    def result(self, kind: str) -> Any:
        return self.results[kind]

    def title(self, doc_key: str) -> str:
        return self.titles.get(doc_key, "")
