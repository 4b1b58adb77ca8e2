"""The registry of document kinds: the one place that lists them.

Every stage loops over `REGISTRY` (in this order: the order of counts in the build report);
kinds are told apart by content only, and several may read the same span (a plan outline
holds an industry system and indicator tables).
"""

from __future__ import annotations

from .appointments import APPOINTMENTS
from .areas import AREAS
from .assessments import ASSESSMENTS
from .base import Count, Fact, Find, Kind, Route, Style
from .core import DISTRICTS, DOCUMENTS, EXCERPTS, ORGANISATIONS
from .flags import FLAGS
from .glossary import GLOSSARY
from .indicators import INDICATORS
from .industries import INDUSTRIES
from .key_work import KEY_WORK
from .measures import MEASURES
from .projects import PROJECTS
from .service_projects import SERVICE_PROJECTS
from .signatures import SIGNATURES

REGISTRY: tuple[Kind, ...] = (
    DOCUMENTS,
    MEASURES,
    KEY_WORK,
    ORGANISATIONS,
    DISTRICTS,
    SIGNATURES,
    INDUSTRIES,
    AREAS,
    PROJECTS,
    INDICATORS,
    ASSESSMENTS,
    FLAGS,
    SERVICE_PROJECTS,
    APPOINTMENTS,
    GLOSSARY,
    EXCERPTS,
)

__all__ = ["REGISTRY", "Count", "Fact", "Find", "Kind", "Route", "Style"]
