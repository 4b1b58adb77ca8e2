"""Fuzzing: mutated real documents must never make the build crash with an uncaught exception.

Each seed of SEEDS mutates one real document (tests/fuzz_mutations.py), which is read through
`read_sources` from a temporary folder, extracted, resolved and assembled into the graph (the
SHACL check, the store and the exports are left to benchmarks/fuzz.py, which runs the whole
build every 100th document). A `JinganKgError` is a handled error (a clean message naming the
file and line); anything else is a crash, and the failure lists the first few with their seed
and mutations. Reproduce one: `python benchmarks/fuzz.py --seed N`.

A document still running after TIMEOUT seconds is stopped and fails the test as well (hung).
The range is sized to about a minute of wall time on 2 cores (two worker processes).
"""

from __future__ import annotations

import multiprocessing
import os
from functools import partial

from .fuzz_mutations import check, warm

SEEDS = range(0, 900)
WORKERS = 2
SHOWN = 5
TIMEOUT = 20  # seconds: the slowest unmutated document (the 316 KB gazette) takes about 1.5 s


def _outcomes(seeds):
    workers = min(WORKERS, os.cpu_count() or 1)
    if workers < 2:
        return [check(s, timeout=TIMEOUT) for s in seeds]
    warm()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers) as pool:
        return sorted(pool.imap_unordered(partial(check, timeout=TIMEOUT), seeds, chunksize=4), key=lambda o: o.seed)


def test_no_uncaught_exception_on_mutated_documents():
    outcomes = _outcomes(SEEDS)
    assert len(outcomes) == len(SEEDS)
    crashes = [o for o in outcomes if o.status in ("crash", "hung")]  # hung: stopped after TIMEOUT s
    if crashes:
        groups = {}
        for o in crashes:
            groups.setdefault((o.type, o.frame), []).append(o.seed)
        lines = [
            f"{len(crashes)} of {len(outcomes)} mutated documents crashed the build or hung ({len(groups)} kinds):"
        ]
        lines += [
            f"  seed {o.seed} ({o.origin}): {o.description}\n    -> {o.type}: {o.message} [at {o.frame}]"
            for o in crashes[:SHOWN]
        ]
        if len(crashes) > SHOWN:
            lines.append(f"  … and {len(crashes) - SHOWN} more")
        lines.append("by exception and innermost frame:")
        lines += [
            f"  {len(s)}× {t} at {f} (seeds {', '.join(map(str, s[:5]))}{' …' if len(s) > 5 else ''})"
            for (t, f), s in sorted(groups.items(), key=lambda kv: -len(kv[1]))
        ]
        raise AssertionError("\n".join(lines))


def test_mutations_are_deterministic():
    from .fuzz_mutations import mutate

    for seed in (0, 1, 17, 123456):
        a, b = mutate(seed), mutate(seed)
        assert (a.origin, a.text, a.description, a.manifest) == (b.origin, b.text, b.description, b.manifest)
        assert 1 <= len(a.description.split("; ")) <= 8
