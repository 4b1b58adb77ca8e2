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


class OrganisationRecord(Record):
    """An organisation whose full name a document states (signature block, appointment post)."""

    name: str
    type: str | None = None  # GovernmentBody | Street | Enterprise | AreaBody | PartyBody, when the name says
    signed: str | None = None  # key of the document this body signs (a signature block)
    excerpt: Excerpt


class ProjectRecord(Record):
    """One major project (重大项目) of a project table."""

    document: str
    ordinal: int = Field(ge=1)
    name: str
    category: str  # as written: 产业发展类 / 社会民生类 / 基础设施类
    places: tuple[str, ...] = ()  # streets/towns (…街道, …镇) the name or text places it in
    excerpt: Excerpt


class StreetPart(Record):
    """A street or town an area contains, with the boundary when only part of it is inside."""

    street: str  # 大宁路街道
    boundary: str | None = None  # 汶水路以北


class AreaRecord(Record):
    """A functional area (片区/功能区) of a district plan."""

    document: str  # the plan that defines it
    label: str
    plan: str  # the spatial plan it belongs to, e.g. 两轴一带三片区, 一轴三带
    aliases: tuple[str, ...] = ()
    streets: tuple[StreetPart, ...] = ()
    extent: str | None = None  # 区域范围 text
    focus: str | None = None  # what the documents say it should focus on
    excerpt: Excerpt
    focus_excerpt: Excerpt | None = None  # where `focus` was read (set whenever focus is; may differ from excerpt)


class ValueRecord(Record):
    """A target or an outcome of an indicator, as a document states it."""

    document: str
    indicator: str  # the indicator's name as written (normalised)
    role: str  # "target" | "outcome"
    period: str  # "2022", "2026-2030", "2025"
    value: str  # as written: "1750亿元", "5%左右", "与全市保持同步"
    numeric: str | None = None  # the one number in the value, as a decimal string
    unit: str | None = None  # unit of the value or of the indicator column (亿元, %, 件 …)
    indicator_unit: str | None = None  # unit given for the indicator (table column 单位)
    indicator_kind: str | None = None  # 预期性 / 约束性 where the table says
    industry: str | None = None  # for tax outcomes of an industry
    area: str | None = None  # for tax outcomes of an area or belt
    excerpt: Excerpt


class ServiceItemRecord(Record):
    """One numbered 为民办实事 item."""

    document: str
    ordinal: int = Field(ge=1)
    text: str
    service_area: str  # 为老服务 … (the heading "一、为老服务方面" without 方面)
    quantity: str | None = None  # the first quantity as written: "2000名"
    numeric: str | None = None
    unit: str | None = None
    excerpt: Excerpt


class AppointmentRecord(Record):
    """One appointment (任命) or removal (免去) of a person to or from a post."""

    document: str
    person: str
    post: str  # the post as written, e.g. 上海市静安区融媒体中心副主任
    action: str  # "任命" | "免去"
    organisation: str | None = None  # the organisation part of the post, when it can be split off
    note: str | None = None  # remarks written with the post, not part of it: 挂职, 试用期一年, 试用期满,正式任命
    excerpt: Excerpt


class TermRecord(Record):
    """A glossary entry (名词解释)."""

    document: str
    ordinal: int = Field(ge=1)
    label: str
    definition: str
    excerpt: Excerpt


class Extraction(Record):
    """What one extractor read from one document."""

    documents: tuple[DocumentRecord, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    industries: tuple[IndustryRecord, ...] = ()
    organisations: tuple[OrganisationRecord, ...] = ()
    projects: tuple[ProjectRecord, ...] = ()
    areas: tuple[AreaRecord, ...] = ()
    values: tuple[ValueRecord, ...] = ()
    service_items: tuple[ServiceItemRecord, ...] = ()
    appointments: tuple[AppointmentRecord, ...] = ()
    terms: tuple[TermRecord, ...] = ()
    issues: tuple[Issue, ...] = ()
