"""The record of one build (PROV-O): when it ran, which software, which sources it used, what it made.

Written to `build.ttl` in the build's generation folder and into the store's named graph
BUILD_GRAPH. It holds the clock, so it is kept out of the exports and of void.ttl, which stay
byte-stable; the link from the dataset to its build (prov:wasGeneratedBy) lives here for that reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from . import vocab as V
from .dataset import CODE_LICENSE, DATASET, RdfWriter, source_entity
from .iris import source_iri

BUILD_GRAPH = "https://w3id.org/jingan-kg/build"
PACKAGE = "jingan-kg"


def software_version() -> str:
    """The installed version of jingan-kg (importlib.metadata), or "unknown" when not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "unknown"


def now() -> datetime:
    """The wall-clock time, in UTC to the second: what a build's start and end are written in."""
    return datetime.now(UTC).replace(microsecond=0)


def record(started: datetime, ended: datetime, sources: Iterable[Any], generation: str) -> Any:
    """The prov:Activity of a build (pyoxigraph triples): its start and end, the software and its
    version, prov:used for every source file (with its sha256), prov:generated the dataset."""
    d = RdfWriter()
    act = f"urn:uuid:{uuid.uuid4()}"  # each build its own; the generation folder names it too
    version = software_version()
    d.a(act, V.Activity)
    d.value(act, V.label, f"jingan-kg build {generation}", lang="en")
    d.value(act, V.identifier, generation)
    d.value(act, V.startedAtTime, _stamp(started), datatype=V.XSD + "dateTime")
    d.value(act, V.endedAtTime, _stamp(ended), datatype=V.XSD + "dateTime")
    agent = "_:software"
    d.link(act, V.wasAssociatedWith, agent)
    d.a(agent, V.SoftwareAgent)
    d.value(agent, V.foafName, PACKAGE)
    d.value(agent, V.version, version)
    d.link(agent, V.license, CODE_LICENSE)
    for src in sources:
        d.link(act, V.used, source_iri(src.path))
        source_entity(d, src)
    d.link(act, V.generated, DATASET)
    d.link(DATASET, V.wasGeneratedBy, act)
    return d.graph


def _stamp(t: datetime) -> str:
    """xsd:dateTime with its zone: 2026-03-01T09:30:05Z."""
    t = t if t.tzinfo else t.replace(tzinfo=UTC)
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")
