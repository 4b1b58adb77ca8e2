"""Where things are: the package's own data, and the default folders of a build.

The ontology, the curated tables, the saved queries and the page templates ship inside the
package (in the repository, src/jingan_kg/{ontology,curated,queries} are symlinks to the
top-level ontology/, data/curated/ and queries/ that people edit; see
docs/decisions/0005-package-data.md), so an installed jingan-kg finds them from any working
directory. The documents to build from are the user's: by default data/sources/ in the
working directory. Standard library only.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = ("ontology", "curated", "queries", "templates")
DEFAULT_SOURCES = Path("data/sources")  # relative to the working directory
DEFAULT_OUT = Path("exports")


def resource(name: str) -> Path:
    """The folder of package data `name` (one of RESOURCES) as a filesystem path."""
    if name not in RESOURCES:
        raise ValueError(f"no package resource {name!r}; one of {', '.join(RESOURCES)}")
    # jingan_kg is installed as plain files (a wheel or an editable install), never zipped, so the
    # package data sits beside this module (importlib.resources would cost a view 17 ms to load).
    return Path(__file__).resolve().parent / name
