"""The long fuzzing campaign: many mutated real documents through the build, crashes grouped.

    cd /work/main && .venv/bin/python benchmarks/fuzz.py --documents 10000 [--start-seed N] [--workers 2]
    .venv/bin/python benchmarks/fuzz.py --seed N [--full]     # one seed: its mutations and outcome

Each seed mutates one real document (tests/fuzz_mutations.py: the same mutator and per-document
check as tests/test_fuzz.py): read, extracted, resolved and assembled into a graph; every 100th
document also goes through the whole `build(BuildConfig(sources=..., out=...))` (SHACL check,
store, exports) in a temporary folder. A `JinganKgError` is a handled error; anything else is an
uncaught exception, grouped by type and innermost frame in src/jingan_kg.

Prints: documents tried, uncaught exceptions by group (count, a message, the seed with the
fewest mutations and its description), handled errors by type, the slowest document. Writes
nothing (the temporary folders are removed).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz_mutations import Outcome, check, mutate, warm  # noqa: E402

FULL_EVERY = 100


def _task(job: tuple[int, bool, float]) -> Outcome:
    seed, full, timeout = job
    return check(seed, full=full, timeout=timeout)


def _steps(o: Outcome) -> int:
    return len(o.description.split("; "))


def report(outcomes: list[Outcome], documents: int, wall: float, workers: int) -> str:
    crashes = [o for o in outcomes if o.status == "crash"]
    hung = [o for o in outcomes if o.status == "hung"]
    handled = [o for o in outcomes if o.status == "handled"]
    light = [o for o in outcomes if not o.full]
    full = [o for o in outcomes if o.full]
    out = [
        f"documents tried: {documents} (seeds {min(o.seed for o in outcomes)}–{max(o.seed for o in outcomes)}), "
        f"of which {len(full)} also through the full build; {wall:.0f} s wall, {workers} workers",
        f"  pipeline runs: {len(light)} ({Counter(o.status for o in light)}); "
        f"full builds: {len(full)} ({Counter(o.status for o in full)})",
        f"documents with an uncaught exception: {len({o.seed for o in crashes})}",
    ]
    groups: dict[tuple, list[Outcome]] = defaultdict(list)
    for o in crashes:
        groups[(o.type, o.frame)].append(o)
    out.append(f"uncaught exceptions: {len(crashes)} in {len(groups)} groups (type, innermost src/jingan_kg frame)")
    for n, ((kind, frame), group) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1])), 1):
        best = min(group, key=lambda o: (_steps(o), o.seed))
        messages = Counter(o.message for o in group)
        seeds = sorted({o.seed for o in group})
        out.append(f"\n[{n}] {len(group)}× {kind}  at {frame}")
        out.append(f"    message: {best.message}")
        if len(messages) > 1:
            out.append(f"    ({len(messages)} distinct messages; most common: {messages.most_common(1)[0][0][:160]})")
        out.append(f"    fewest mutations: seed {best.seed}{' (full build)' if best.full else ''} — {best.origin}")
        out.append(f"      {best.description}")
        out.append(f"    seeds: {', '.join(map(str, seeds[:12]))}{' …' if len(seeds) > 12 else ''}")
        docs = Counter(o.origin for o in group)
        out.append(f"    documents: {', '.join(f'{Path(d).name} {c}×' for d, c in docs.most_common(4))}")
    out.append(f"\nhung (stopped after the time limit): {len(hung)}")
    for o in hung:
        out.append(f"  seed {o.seed}{' (full build)' if o.full else ''} — {o.origin}: {o.description}")
        out.append(f"    {o.message}, at {o.frame}")
    out.append(f"\nhandled errors (JinganKgError): {len(handled)}")
    by_type: dict[str, list[Outcome]] = defaultdict(list)
    for o in handled:
        by_type[o.type].append(o)
    for kind, group in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
        reasons = Counter((o.message or "").split(": ", 1)[-1][:70] for o in group)
        out.append(f"  {len(group)}× {kind}: e.g. {reasons.most_common(1)[0][0]!r} (seed {group[0].seed})")
    slow = max(
        (o for o in light if o.status != "hung"), key=lambda o: o.seconds, default=max(light, key=lambda o: o.seconds)
    )
    out.append(
        f"\nslowest document (that finished): {slow.seconds:.2f} s, seed {slow.seed} ({slow.origin}: {slow.description[:200]})"
    )
    if full:
        slow_full = max(full, key=lambda o: o.seconds)
        out.append(f"slowest full build: {slow_full.seconds:.2f} s, seed {slow_full.seed}")
    return "\n".join(out)


def one(seed: int, full: bool, timeout: float) -> None:
    m = mutate(seed)
    print(f"seed {seed}: {m.origin} ({len(m.text)} chars, manifest {'yes' if m.manifest else 'no'})")
    print(f"mutations: {m.description}")
    o = check(seed, full=full, timeout=timeout)
    print(f"{o.status} in {o.seconds:.2f} s" + (f": {o.type}: {o.message}\n  at {o.frame}" if o.type else ""))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--documents", type=int, default=10000)
    p.add_argument("--start-seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--timeout", type=float, default=60, help="seconds a document may take (full build: 3×)")
    p.add_argument("--seed", type=int, help="run this one seed and print its mutations and outcome")
    p.add_argument("--full", action="store_true", help="with --seed: the whole build")
    args = p.parse_args()
    if args.seed is not None:
        one(args.seed, args.full, args.timeout)
        return
    seeds = range(args.start_seed, args.start_seed + args.documents)
    jobs = [
        (s, full, args.timeout)
        for i, s in enumerate(seeds)
        for full in (False, True)
        if not full or (i + 1) % FULL_EVERY == 0
    ]
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    warm()
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ctx.Pool(args.workers, maxtasksperchild=500) as pool:
        for n, o in enumerate(pool.imap_unordered(_task, jobs, chunksize=2), 1):
            outcomes.append(o)
            if n % 500 == 0:
                crashes = sum(x.status in ("crash", "hung") for x in outcomes)
                print(
                    f"… {n}/{len(jobs)} runs, {crashes} crashes, {time.perf_counter() - start:.0f} s", file=sys.stderr
                )
    outcomes.sort(key=lambda o: (o.seed, o.full))
    print(report(outcomes, len(seeds), time.perf_counter() - start, args.workers))


if __name__ == "__main__":
    main()
