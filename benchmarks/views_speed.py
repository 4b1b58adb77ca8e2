"""Each view, rendered in process and drawn by `jingan-kg viz` as a whole process, against a floor (issue 16).

    .venv/bin/python benchmarks/views_speed.py --out exports [--repeat 7] [--json FILE] [--against SRC]

Whole process: `jingan-kg viz VIEW --out DIR -o FILE` (the installed entry point), interleaved
with the floor, a script this benchmark writes that imports pyoxigraph, opens the same store
read-only, runs one SPARQL query and writes a file. Runs alternate floor, view, floor, view …;
the median of each is taken, the ratio is view / floor. In process: the view's function on the
open store, its first call (templates compiled, vis-network read) and the median of the next
ones, interleaved with one SPARQL query on the same store. Bytecode is written and read
(PYTHONDONTWRITEBYTECODE unset) as on a user's machine. Nothing here asserts a time.

`--against SRC` (another checkout's `src/`, e.g. `git archive <commit> src | tar -x -C /tmp/old`)
times that code in the same runs: its `viz` process (`python -c` with PYTHONPATH=SRC, as this
checkout's is then run too) after or before this one's, alternating, and its in-process figures
from processes alternating with this checkout's; each view's `against_ms` and `vs_against` (this /
that) are added beside its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "jingan-kg"
VIEWS = ("responsibility", "projects", "industries", "targets", "ledger")
QUERY = "SELECT ?m ?t WHERE { ?m a <https://w3id.org/jingan-kg/def/Measure> ; ?p ?t } LIMIT 200"

FLOOR = '''"""The floor: open the read-only store, run one query, write a file."""
import sys

import pyoxigraph as ox

store = ox.Store.read_only(sys.argv[1] + "/store")
rows = [str(r[1]) for r in store.query(sys.argv[3])]
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    fh.write("\\n".join(rows))
'''


def generation(out: Path) -> Path:
    """The published build in `out` (its `current` link resolved once), as the commands read it."""
    link = out / "current"
    return (out / os.readlink(link)).resolve() if link.is_symlink() else out.resolve()


def timed(cmd: list[str], env: dict[str, str], check: bool = True) -> float | str:
    """Seconds one whole process takes; a failing process stops the benchmark, or (check off) gives its error."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace").strip()
        if check:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{error}")
        return error.splitlines()[0] if error else f"exit {done.returncode}"
    return seconds


def _cli(src: Path | None) -> list[str]:
    """The `jingan-kg` command: the installed entry point, or that of the code in `src`."""
    if src is None:
        return [str(CLI)]
    return [sys.executable, "-c", "import sys; from jingan_kg.cli import main; sys.exit(main())"]


def whole_processes(out: Path, views: list[str], repeat: int, work: Path, against: Path | None = None) -> dict:
    """Median seconds of each view's `viz` process and of the floor, interleaved floor, view, floor, view …
    (with `against`, that code's process beside each of this checkout's, in alternating order)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    trees = {"this": ROOT / "src" if against else None, **({"against": against} if against else {})}
    envs = {t: {**env, "PYTHONPATH": str(src)} if src else env for t, src in trees.items()}
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    floor_cmd = [sys.executable, str(floor_script), str(generation(out)), str(work / "floor.txt"), QUERY]
    commands = {
        (t, v): [*_cli(src), "viz", v, "--out", str(out), "-o", str(work / f"{t}-{v}.html")]
        for t, src in trees.items()
        for v in views
    }
    timed(floor_cmd, env)  # warm-up: bytecode written, files in the page cache
    refused = {v: timed(commands["this", v], env, check=False) for v in views}  # e.g. a view too large
    refused = {v: error for v, error in refused.items() if isinstance(error, str)}
    views = [v for v in views if v not in refused]
    for t in trees:  # warm-up of the other code too
        for v in views:
            timed(commands[t, v], envs[t])
    floors: list[float] = []
    runs: dict[tuple[str, str], list[float]] = {(t, v): [] for t in trees for v in views}
    for i in range(repeat):
        for v in views:
            floors.append(timed(floor_cmd, env))
            for t in list(trees)[:: 1 if i % 2 == 0 else -1]:
                runs[t, v].append(timed(commands[t, v], envs[t]))
    floor = statistics.median(floors) if floors else timed(floor_cmd, env)
    result = {"floor_ms": round(floor * 1000, 1), "not_drawn": refused, "views": {}}
    for v in views:
        ms = statistics.median(runs["this", v])
        result["views"][v] = {
            "ms": round(ms * 1000, 1),
            "ratio": round(ms / floor, 2),
            "bytes": (work / f"this-{v}.html").stat().st_size,
        }
        if against:
            theirs = statistics.median(runs["against", v])
            same = (work / f"this-{v}.html").read_bytes() == (work / f"against-{v}.html").read_bytes()
            result["views"][v].update(
                against_ms=round(theirs * 1000, 1), vs_against=round(ms / theirs, 2), same_bytes=same
            )
    return result


def in_process_against(out: Path, views: list[str], repeat: int, against: Path, work: Path) -> dict:
    """In-process figures of this checkout and of `against`, each from three processes, alternating;
    the median of each figure over its processes."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    found: dict[str, list[dict]] = {"this": [], "against": []}
    for i in range(3):
        for t, src in (("this", ROOT / "src"), ("against", against))[:: 1 if i % 2 == 0 else -1]:
            target = work / f"in-process-{t}.json"
            cmd = [sys.executable, __file__, "--out", str(out), "--repeat", str(repeat), "--in-process", str(target)]
            subprocess.run([*cmd, "--views", *views], env={**env, "PYTHONPATH": str(src)}, check=True)
            found[t].append(json.loads(target.read_text(encoding="utf-8")))

    def median(t: str, *keys: str) -> float:
        values = []
        for run in found[t]:
            for key in keys:
                run = run[key]
            values.append(run)
        return round(statistics.median(values), 2)

    result = {"import_ms": median("this", "import_ms"), "query_ms": median("this", "query_ms"), "views": {}}
    for v in views:
        mine, theirs = median("this", "views", v, "ms"), median("against", "views", v, "ms")
        result["views"][v] = {
            "first_ms": median("this", "views", v, "first_ms"),
            "ms": mine,
            "against_first_ms": median("against", "views", v, "first_ms"),
            "against_ms": theirs,
            "vs_against": round(mine / theirs, 2),
        }
    result["against_import_ms"] = median("against", "import_ms")
    return result


def in_process(out: Path, views: list[str], repeat: int) -> dict:
    """Each view's function on the open store: the first call and the median of the next ones, with the
    median of one SPARQL query on that store (interleaved) as the floor; and the import of the views."""
    start = time.perf_counter()
    from jingan_kg.views import named

    imported = time.perf_counter() - start
    from jingan_kg.store.embedded import GraphStore

    store = GraphStore.open(generation(out) / "store")
    result: dict = {"import_ms": round(imported * 1000, 1), "views": {}}
    first = {}
    for v in views:
        start = time.perf_counter()
        named.VIEWS[v](store)
        first[v] = time.perf_counter() - start
    queries: list[float] = []
    runs: dict[str, list[float]] = {v: [] for v in views}
    for _ in range(repeat):
        for v in views:
            start = time.perf_counter()
            store.select(QUERY)
            queries.append(time.perf_counter() - start)
            start = time.perf_counter()
            named.VIEWS[v](store)
            runs[v].append(time.perf_counter() - start)
    query = statistics.median(queries)
    result["query_ms"] = round(query * 1000, 2)
    for v in views:
        ms = statistics.median(runs[v])
        result["views"][v] = {"first_ms": round(first[v] * 1000, 1), "ms": round(ms * 1000, 1)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "exports", help="a built folder (jingan-kg build --out)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (median; at least 5)")
    parser.add_argument("--views", nargs="*", default=list(VIEWS), choices=VIEWS)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--against", type=Path, help="another checkout's src/ to time in the same runs")
    parser.add_argument("--in-process", type=Path, help=argparse.SUPPRESS)  # one in-process run, as JSON
    args = parser.parse_args(argv)
    repeat = max(5, args.repeat)
    if args.in_process:
        args.in_process.write_text(json.dumps(in_process(args.out, args.views, repeat)), encoding="utf-8")
        return 0
    against = args.against.resolve() if args.against else None
    with tempfile.TemporaryDirectory(prefix="views-speed-") as tmp:
        processes = whole_processes(args.out, args.views, repeat, Path(tmp), against)
        drawn = [v for v in args.views if v not in processes["not_drawn"]]
        if against:
            rendered = in_process_against(args.out, drawn, repeat, against, Path(tmp))
        else:
            rendered = in_process(args.out, drawn, repeat)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
        "out": str(args.out),
        **({"against": str(against)} if against else {}),
        "repeat": repeat,
        "load_average": list(os.getloadavg()),
        "whole_process": processes,
        "in_process": rendered,
    }
    print(f"whole process (median of {repeat}, floor {processes['floor_ms']} ms):")
    print(f"  {'view':16} {'ms':>8} {'ratio':>6} {'bytes':>9}   in process: first ms, median ms")
    for v, error in processes["not_drawn"].items():
        print(f"  {v:16} not drawn: {error}")
    for v in drawn:
        w, r = processes["views"][v], rendered["views"][v]
        print(f"  {v:16} {w['ms']:8.1f} {w['ratio']:6.2f} {w['bytes']:9d}   {r['first_ms']:8.1f} {r['ms']:8.1f}")
        if against:
            print(
                f"  {'  against':16} {w['against_ms']:8.1f} {w['vs_against']:6.2f}× {'same' if w['same_bytes'] else 'DIFFER':>8}"
                f"   {r['against_first_ms']:8.1f} {r['against_ms']:8.1f} ({r['vs_against']}×)"
            )
    print(f"in process: import {rendered['import_ms']} ms, one query {rendered['query_ms']} ms (floor)")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
