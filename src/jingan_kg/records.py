"""The records passed between stages: pydantic, frozen, each carrying its excerpt."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Excerpt(Record):
    """Where a record was read: source path (relative to the sources folder), lines, quote."""

    source: str
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    quote: str = Field(min_length=1)


class Issue(Record):
    """A data problem found while extracting or resolving: reported, never fatal."""

    source: str
    line: int | None
    reason: str
    code: str  # short machine-readable kind, e.g. "no-responsibility-clause"


class DocumentRecord(Record):
    """One policy document (a gazette issue holds several)."""

    key: str  # stable identity: the 文号 when there is one, else the normalised title
    title: str
    kind: str
    identifier: str | None = None
    issued: str | None = None  # ISO date
    issuer: str | None = None  # name as written; resolved to an organisation later
    district: str | None = None  # as the manifest states it (a district's name), else read later from the text
    last_line: int | None = None  # the last line of the document's span in its source
    excerpt: Excerpt


class OrganisationRecord(Record):
    """An organisation whose full name a document states (signature block, appointment post)."""

    name: str
    type: str | None = None  # GovernmentBody | Street | Enterprise | AreaBody | PartyBody, when the name says
    signed: str | None = None  # key of the document this body signs (a signature block)
    excerpt: Excerpt


class Extraction(Record):
    """What one kind's extractor read from one document: its records, the document heads it
    recognised, and the problems found."""

    documents: tuple[DocumentRecord, ...] = ()
    records: tuple[Record, ...] = ()
    issues: tuple[Issue, ...] = ()
