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
    excerpt: Excerpt


class BodyMention(Record):
    """A body named in a responsibility clause, as written (normalised)."""

    name: str
    line: int


class MeasureRecord(Record):
    """A numbered measure with its text, its section headings and the bodies responsible."""

    document: str  # DocumentRecord.key
    ordinal: int = Field(ge=1)
    title: str
    text: str
    sections: tuple[str, ...] = ()  # headings above it, outermost first
    bodies: tuple[BodyMention, ...] = ()
    clause: str | None = None  # the responsibility clause as written
    excerpt: Excerpt


class IndustryRecord(Record):
    """An industry, track, group or focus field of an industry system."""

    label: str
    role: str  # "group" | "industry" | "focus"
    broader: str | None = None  # label of the parent concept
    excerpt: Excerpt


class Extraction(Record):
    """What one extractor read from one document."""

    documents: tuple[DocumentRecord, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    industries: tuple[IndustryRecord, ...] = ()
    issues: tuple[Issue, ...] = ()
