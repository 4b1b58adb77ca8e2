"""The library API: `from jingan_kg import …` works, its docstring examples run, importing it is light."""

from __future__ import annotations

import doctest
import subprocess
import sys

from .conftest import SOURCES


def test_the_examples_in_the_docstrings_run(built, tmp_path):
    import jingan_kg.api

    found = doctest.testmod(
        jingan_kg.api,
        extraglobs={"out": built[1], "fresh": tmp_path, "sources": SOURCES, **vars(jingan_kg.api)},
        optionflags=doctest.ELLIPSIS,
    )
    assert found.attempted >= 10 and found.failed == 0


def test_names_come_from_the_package():
    from jingan_kg import BuildConfig, build, open_graph, search, show, targets, who

    assert all(callable(f) for f in (BuildConfig, build, open_graph, search, show, targets, who))
    assert all(f.__doc__ and ">>>" in f.__doc__ for f in (build, search, show, targets, who))


def test_importing_the_package_loads_no_heavy_library():
    code = (
        "import sys, jingan_kg; heavy = {'rdflib', 'pyshacl', 'pyvis', 'pydantic', 'pyoxigraph', 'click'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
