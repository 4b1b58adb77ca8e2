"""Generations of a build's outputs, published by one atomic step; one builder at a time.

Layout of an output folder (`--out`):

    generations/<id>/           one complete build: store/, search.sqlite, exports, views, report
    current -> generations/<id> the published one: replaced by one rename (`os.replace`)
    previous -> generations/<id> the one before, kept for readers that opened it
    store -> current/store      fixed links, one per output, so paths such as
    jingan-kg.ttl -> current/…  exports/jingan-kg.ttl keep working
    .build.lock                 held by the build that is running (its pid in .build.pid)

A reader resolves `current` once (`current_generation`) and reads that generation whole, so it
never mixes two builds. A build writes a new generation, then `publish` swaps `current` (the one
atomic step), moves `previous`, and removes every other generation: the debris of killed builds
and generations older than the previous one. A folder of the older layout (real files at the
top) is moved into a generation on its first publication.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildRunning

GENERATIONS, CURRENT, PREVIOUS = "generations", "current", "previous"
LOCK, PID = ".build.lock", ".build.pid"
_LEGACY_DEBRIS = (".staging", ".previous")  # what builds before generations left behind


def current_generation(out: Path) -> Path:
    """The folder holding the published build's outputs: `current` resolved once, else `out`
    itself (a folder of the older layout, or nothing built yet)."""
    out = Path(out)
    link = out / CURRENT
    if link.is_symlink():
        return out / os.readlink(link)
    return out


def new_generation(out: Path) -> Path:
    """A fresh, empty generation folder under out/generations/ (named by time and process)."""
    gen = Path(out) / GENERATIONS / f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
    gen.mkdir(parents=True)
    return gen


def _relink(out: Path, name: str, target: str) -> None:
    """Point the link out/name at target in one rename (a new link beside it, then os.replace)."""
    tmp = out / f".{name}.{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, out / name)


def publish(out: Path, gen: Path, names: list[str]) -> None:
    """Make `gen` the current generation: `current` swapped in one step, then `previous`, the
    fixed links for `names`, and the removal of every generation but these two."""
    out = Path(out)
    old = current_generation(out) if (out / CURRENT).is_symlink() else None
    legacy = [n for n in names if (out / n).exists() and not (out / n).is_symlink()]
    if legacy and old is None:  # the older layout: keep its outputs as the previous generation
        old = new_generation(out)
        for n in legacy:
            (out / n).rename(old / n)
    _relink(out, CURRENT, os.path.relpath(gen, out))
    if old is not None and old.resolve() != gen.resolve():
        _relink(out, PREVIOUS, os.path.relpath(old, out))
    for n in names:
        link = out / n
        if not link.is_symlink():
            _relink(out, n, f"{CURRENT}/{n}")
    _sweep(out)


def _sweep(out: Path) -> None:
    """Remove every generation that is neither current nor previous, and older layouts' debris."""
    import shutil  # build-time only: questions resolve the link and never load shutil (bz2, lzma)

    keep = {(out / link).resolve() for link in (CURRENT, PREVIOUS) if (out / link).is_symlink()}
    for gen in sorted((out / GENERATIONS).iterdir()) if (out / GENERATIONS).is_dir() else []:
        if gen.resolve() not in keep:
            shutil.rmtree(gen, ignore_errors=True)
    for name in _LEGACY_DEBRIS:
        shutil.rmtree(out / name, ignore_errors=True)
    for tmp in out.glob(".*.tmp"):
        if tmp.is_symlink():
            tmp.unlink(missing_ok=True)


def discard(gen: Path) -> None:
    """Remove a generation that was never published (a failed build)."""
    import shutil

    shutil.rmtree(gen, ignore_errors=True)


@contextmanager
def exclusive(out: Path, wait: float = 0):
    """Hold the output folder's build lock (filelock) for the block; BuildRunning, naming the
    other build's pid, when another build holds it past `wait` seconds."""
    from filelock import FileLock, Timeout

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        try:
            pid = (out / PID).read_text(encoding="utf-8").strip()
        except OSError:
            pid = "unknown"
        raise BuildRunning(str(out), pid) from None
    try:
        (out / PID).write_text(f"{os.getpid()}\n", encoding="utf-8")
        yield
    finally:
        (out / PID).unlink(missing_ok=True)
        lock.release()
