"""Shared fixtures: the real sources, a graph built from them once, synthetic source folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
GAZETTE = "gazette-2026-01.txt"


@pytest.fixture(scope="session")
def real_sources():
    from jingan_kg.ingest.sources import read_sources

    return {s.path: s for s in read_sources(SOURCES)}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real sources built once into a temporary exports folder: (result, out folder)."""
    from jingan_kg.pipeline.build import BuildConfig, build

    out = tmp_path_factory.mktemp("exports")
    return build(BuildConfig(out=out)), out


@pytest.fixture(scope="session")
def store(built):
    from jingan_kg.store.embedded import GraphStore

    return GraphStore.open(built[1] / "store")


@pytest.fixture
def make_sources(tmp_path):
    """Write synthetic documents {name: text or bytes} into a fresh sources folder."""

    def make(files: dict[str, str | bytes], with_real: bool = False) -> Path:
        root = tmp_path / "sources"
        root.mkdir(exist_ok=True)
        if with_real:
            for f in SOURCES.iterdir():
                shutil.copy(f, root / f.name)
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (root / name).write_bytes(data)
        return root

    return make


def span_of(text: str, name: str = "doc.txt"):
    """The document spans of a synthetic text, as extractors see them."""
    from jingan_kg.ingest.documents import split_documents
    from jingan_kg.ingest.sources import Line, SourceText, classify, infer_meta, split_lines

    lines = tuple(Line(i, raw, classify(raw.strip())) for i, raw in enumerate(split_lines(text), 1))
    src = SourceText(name, "0" * 64, lines, infer_meta(name, lines))
    return split_documents(src)
