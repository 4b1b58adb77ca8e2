"""Issue 16's harness: the build against Oxigraph's own bulk load, and every speed script, in one run.

    cd /work/main && .venv/bin/python benchmarks/speed.py [--scales 1,10,100] [--profile] [--runs N]

For each scale k (default 1 and 100): the corpus (benchmarks/corpus.py --scale k --seed S); then,
interleaved, `jingan-kg build --sources C --out O` into a fresh folder (≥ 3 runs at scales below
100, ≥ 2 at 100) and, right after each build, the floor: a fresh process that bulk-loads the
build's N-Triples (O/jingan-kg.nt) into a fresh on-disk pyoxigraph store with `Store.bulk_load`
(the path Oxigraph documents as "designed to be as fast as possible on big files"), then one
that does the same with `Store.load` (documented for small files), so the faster of the two is
the floor at each scale. Every time is a whole process from outside (perf_counter around
subprocess.run, process start included), with PYTHONDONTWRITEBYTECODE unset so .pyc files are
used as on a user's machine, after one untimed warm-up build. Medians of the runs; ratio =
build / floor; ms per 1k triples at each scale (linearity). Byte-stability: the sha256 of every
file of each build (O/current, store/ excluded) against the first build's, with what differs
(lines or JSON keys), and the checksums void.ttl gives its exports against the files.

The build's phases come from build-report.json when it has them ("phases": {name: seconds});
--profile also runs the build once under cProfile at the largest scale (top 15 cumulative).
Then the other speed scripts (questions, endpoint, views, SHACL: benchmarks/*_speed.py) run as
subprocesses on each scale's first build folder with --out DIR --json FILE (shacl_speed.py takes
--nt Kx=DIR/jingan-kg.nt; views and endpoint up to 10x unless --all-scales); a missing or failing
script is recorded and the run goes on. Writes benchmarks/results-issue16.json (machine, commit,
dirty tree, date, every figure, the scripts' JSON as they wrote it) and prints a Markdown section
for benchmarks/RESULTS.md (benchmarks/speed_report.py). Nothing asserts a time; the exit
status is non-zero only when something failed to run.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = Path(sys.executable).parent
CLI = VENV_BIN / "jingan-kg"
sys.path.insert(0, str(HERE))

from speed_report import markdown  # noqa: E402  (benchmarks/ is not a package)

SCRIPTS = {  # area -> the helper script measuring it (each takes --out DIR or --nt, and --json FILE)
    "questions": "questions_speed.py",
    "endpoint": "endpoint_speed.py",
    "views": "views_speed.py",
    "shacl": "shacl_speed.py",
}
# views refuse graphs over 1,500 nodes (targets at 10x and above) and their goal is at 1x; the endpoint's
# SELECT answers about 3 requests/s at 100x on either server, so 1,600 requests take minutes a round
AREA_MAX_SCALE = {"views": 10, "endpoint": 10}
PACKAGES = ["pyoxigraph", "rdflib", "pyshacl", "pyrudof", "pyvis", "click", "uvicorn", "granian", "pypinyin"]
FLOOR = """import sys
from pyoxigraph import RdfFormat, Store
store = Store(sys.argv[2])
getattr(store, sys.argv[1])(path=sys.argv[3], format=RdfFormat.N_TRIPLES)
store.flush()
"""
FLOOR_METHODS = ("bulk_load", "load")
TIME_KEYS = ("phases", "timings", "seconds", "started", "ended", "duration")  # build-report.json
EXPECTED_TO_DIFFER = {"build.ttl": "each build's own prov:Activity: its uuid, generation id and times"}
DCAT, SPDX = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"


def environment() -> dict[str, str]:
    """The children's environment: .pyc files used as a user's machine would (no PYTHONDONTWRITEBYTECODE)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(cmd: list[str], timeout: float | None = None, env: dict | None = None) -> dict:
    """Run one whole process; its wall time (process start included), exit status and output tails."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env or environment())
        rc, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as timed_out:
        rc, out, err = "timeout", str(timed_out.stdout or ""), str(timed_out.stderr or "")
    return {"seconds": time.perf_counter() - t0, "rc": rc, "stdout": out, "stderr": err[-2000:]}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --- the machine and the tree ----------------------------------------------------------------------


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


def busy() -> list[str]:
    """What else was using the CPU when the run started (the busiest processes, `ps`)."""
    ps = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"], capture_output=True, text=True).stdout
    return [" ".join(line.split()) for line in ps.splitlines()[1:9] if line.split() and float(line.split()[0]) >= 5]


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {
        "uname": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "python": platform.python_version(),
        "packages": versions,
        "load_average_start": list(os.getloadavg()),
        "busy_at_start": busy(),
    }


def tree() -> dict:
    status = git("status", "--porcelain", "--untracked-files=no")
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return {
        "commit": git("rev-parse", "HEAD"),
        "src_digest": digest.hexdigest()[:16],
        "dirty": bool(status),
        "dirty_files": [line[3:] for line in status.splitlines()],
        "pythonpath": os.environ.get("PYTHONPATH", ""),
    }


# --- byte-stability --------------------------------------------------------------------------------


def digests(out: Path) -> dict[str, str]:
    """sha256 of every file a build wrote (through O/current), the store's own files left out."""
    base = (out / "current").resolve() if (out / "current").exists() else out
    found = {}
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        if path.is_file() and not rel.startswith("store/") and not rel.startswith("generations/"):
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def what_differs(a: Path, b: Path, limit: int = 6) -> list[str]:
    """What differs between two versions of a file: the JSON keys, or the first differing lines."""
    if a.suffix == ".json":
        try:
            one, two = json.loads(a.read_text("utf-8")), json.loads(b.read_text("utf-8"))
            if isinstance(one, dict) and isinstance(two, dict):
                return [f"key {key}" for key in sorted(set(one) | set(two)) if one.get(key) != two.get(key)]
        except ValueError:
            pass
    try:
        lines_a, lines_b = a.read_text("utf-8").splitlines(), b.read_text("utf-8").splitlines()
    except UnicodeDecodeError:
        return [f"binary, {a.stat().st_size} and {b.stat().st_size} bytes"]
    diff = [d for d in difflib.unified_diff(lines_a, lines_b, lineterm="", n=0) if d[:1] in "+-"]
    return [d[:160] for d in diff if not d.startswith(("+++", "---"))][:limit]


def stability(outs: list[Path]) -> dict:
    """Each build's files against the first build's: those that differ and how."""
    first = digests(outs[0])
    differ: dict[str, list[str]] = {}
    for out in outs[1:]:
        other = digests(out)
        for rel in sorted(set(first) | set(other)):
            if first.get(rel) != other.get(rel) and rel not in differ:
                if rel in first and rel in other:
                    differ[rel] = what_differs(outs[0] / "current" / rel, out / "current" / rel)
                else:
                    differ[rel] = ["only in " + ("the first build" if rel in first else "a later build")]
    expected = {rel: EXPECTED_TO_DIFFER[rel] for rel in differ if rel in EXPECTED_TO_DIFFER}
    if set(differ.get("build-report.json", ["-"])) <= {f"key {k}" for k in TIME_KEYS}:
        expected["build-report.json"] = "its phase times only"
    unexpected = sorted(set(differ) - set(expected))
    return {
        "builds": len(outs),
        "files": len(first),
        "identical": len(first) - len(differ),
        "differ": differ,
        "stable": not unexpected,
        "unexpected": unexpected,
        "expected": expected,
    }


def void_checks(out: Path) -> dict:
    """The sha256 void.ttl gives each export (dcat:Distribution) against the file's own."""
    from pyoxigraph import RdfFormat, parse

    triples = list(parse(path=str(out / "void.ttl"), format=RdfFormat.TURTLE))
    about: dict[str, dict[str, object]] = {}
    for triple in triples:
        about.setdefault(triple.subject.value, {})[triple.predicate.value] = triple.object.value
    listed, wrong = 0, []
    for props in about.values():
        if SPDX + "checksum" not in props or DCAT + "downloadURL" not in props:
            continue  # the SPARQL endpoint is a distribution with no file
        name = str(props[DCAT + "downloadURL"]).rpartition("/exports/")[2]
        checksum = about.get(str(props[SPDX + "checksum"]), {})
        listed += 1
        path = out / name
        actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        if checksum.get(SPDX + "checksumValue") != actual:
            wrong.append(name)
    return {"listed": listed, "wrong": wrong}


# --- the build and its floor -----------------------------------------------------------------------


def build(sources: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    done = run([str(CLI), "build", "--sources", str(sources), "--out", str(out)])
    done["stdout"] = done["stdout"][-1000:]
    return done


def floor(method: str, nt: Path, work: Path) -> dict:
    """Bulk-load the N-Triples into a fresh on-disk store in a fresh process; the store is removed after."""
    store = Path(tempfile.mkdtemp(prefix="floor-", dir=work))
    shutil.rmtree(store)
    done = run([sys.executable, "-c", FLOOR, method, str(store), str(nt)])
    shutil.rmtree(store, ignore_errors=True)
    return done


def phases_of(out: Path) -> dict[str, float]:
    """The build's own phase times, when build-report.json gives them."""
    try:
        report = json.loads((out / "build-report.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    phases = report.get("phases") or report.get("timings") or {}
    if isinstance(phases, list):  # [{"phase": name, "seconds": s}, …]
        phases = {str(p.get("phase") or p.get("name")): p.get("seconds") for p in phases if isinstance(p, dict)}
    return (
        {str(k): float(v) for k, v in phases.items() if isinstance(v, int | float)} if isinstance(phases, dict) else {}
    )


def measure_scale(scale: int, args: argparse.Namespace, work: Path, failures: list[str]) -> dict:
    """One scale: the corpus, then build and floors alternating, byte-stability and VoID checks."""
    sources, runs = work / f"corpus-{scale}", args.runs or (3 if scale < 100 else 2)
    corpus = run(
        [sys.executable, str(HERE / "corpus.py"), "--scale", str(scale), "--out", str(sources)]
        + ["--seed", str(args.seed)]
    )
    if corpus["rc"] != 0:
        failures.append(f"corpus {scale}x: {corpus['stderr'][-300:]}")
        return {"scale": scale, "error": "corpus failed", "stderr": corpus["stderr"]}
    builds, floors, outs, phases = [], {m: [] for m in FLOOR_METHODS}, [], []
    for i in range(runs):
        out = work / f"out-{scale}-{i}"
        done = build(sources, out)
        print(f"  {scale}x build {i + 1}/{runs}: {done['seconds']:.2f} s (rc {done['rc']})", file=sys.stderr)
        if done["rc"] != 0:
            failures.append(f"build {scale}x run {i + 1}: {done['stderr'][-300:]}")
            return {"scale": scale, "error": "build failed", "stderr": done["stderr"], "builds_s": builds}
        builds.append(done["seconds"])
        outs.append(out)
        phases.append(phases_of(out))
        for method in FLOOR_METHODS:
            loaded = floor(method, out / "jingan-kg.nt", work)
            if loaded["rc"] != 0:
                failures.append(f"floor {method} {scale}x: {loaded['stderr'][-300:]}")
            else:
                floors[method].append(loaded["seconds"])
    with (outs[0] / "jingan-kg.nt").open("rb") as nt:
        triples = sum(1 for _ in nt)
    medians = {m: median(v) for m, v in floors.items()}
    best = min((m for m in medians if medians[m] is not None), key=lambda m: medians[m], default=None)
    build_s, floor_s = median(builds), medians.get(best) if best else None
    result = {
        "scale": scale,
        "files": len(list(sources.glob("*.txt"))),
        "triples": triples,
        "runs": runs,
        "build_s": builds,
        "build_median_s": build_s,
        "floor_s": floors,
        "floor_median_s": medians,
        "floor_method": best,
        "floor": floor_s,
        "ratio": build_s / floor_s if floor_s else None,
        "build_ms_per_1k": 1e6 * build_s / triples if triples else None,
        "floor_ms_per_1k": 1e6 * floor_s / triples if triples and floor_s else None,
        "phases": {k: median([p[k] for p in phases if k in p]) for k in dict.fromkeys(k for p in phases for k in p)},
        "stability": stability(outs),
        "void": void_checks(outs[0]),
        "out": str(outs[0]),
        "sources": str(sources),
    }
    for out in outs[1:]:
        shutil.rmtree(out, ignore_errors=True)
    return result


WRAPPERS = ("click/", "jingan_kg/cli/", "~:0(<built-in method builtins.exec>)", "bin/jingan-kg")


def profile(sources: Path, work: Path, top: int = 15) -> dict:
    """One build under cProfile (a fresh process): the top functions by cumulative and by own time."""
    import pstats

    out, stats_file = work / "out-profile", work / "build.prof"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), str(CLI), "build"]
    done = run([*cmd, "--sources", str(sources), "--out", str(out)])
    shutil.rmtree(out, ignore_errors=True)
    if done["rc"] != 0 or not stats_file.exists():
        return {"error": done["stderr"][-500:]}
    rows = []
    for (file, line, name), (_, ncalls, tottime, cumtime, _) in pstats.Stats(str(stats_file)).stats.items():  # type: ignore[attr-defined]
        where = f"{short(file)}:{line}({name})" if line else f"{file}:{line}({name})"
        nested_import = file.startswith("<frozen importlib") and name != "_find_and_load"  # one row for imports
        if not nested_import and not any(where.startswith(w) or w in file for w in WRAPPERS):  # CLI frames
            rows.append({"function": where, "calls": ncalls, "tottime_s": tottime, "cumtime_s": cumtime})
    by_cum = sorted(rows, key=lambda r: (-r["cumtime_s"], r["function"]))[:top]
    by_own = sorted(rows, key=lambda r: (-r["tottime_s"], r["function"]))[:10]
    return {"seconds": done["seconds"], "top": by_cum, "top_own": by_own}


def short(file: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# --- the other helpers' scripts --------------------------------------------------------------------


def helper(area: str, out: Path, scale: int, work: Path, timeout: float) -> dict:
    """Run one area's script on a built folder; its JSON, or why there is none."""
    script = HERE / SCRIPTS[area]
    if not script.exists():
        return {"script": script.name, "status": "missing"}
    target = work / f"{area}-{scale}.json"
    target.unlink(missing_ok=True)
    given = ["--nt", f"{scale}x={out / 'jingan-kg.nt'}"] if area == "shacl" else ["--out", str(out)]  # its own form
    done = run([sys.executable, str(script), *given, "--json", str(target)], timeout=timeout)
    entry = {"script": script.name, "rc": done["rc"], "seconds": done["seconds"], "stdout": done["stdout"][-3000:]}
    if done["rc"] != 0:
        return {**entry, "status": "failed", "stderr": done["stderr"]}
    try:
        return {**entry, "status": "ok", "json": json.loads(target.read_text("utf-8"))}
    except (OSError, ValueError) as error:
        return {**entry, "status": "no json", "stderr": f"{error}\n{done['stderr']}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,100", help="comma-separated corpus scales (default 1,100)")
    parser.add_argument("--seed", type=int, default=2031)
    parser.add_argument("--runs", type=int, default=0, help="builds per scale (default 3 below 100x, 2 at 100x)")
    parser.add_argument("--profile", action="store_true", help="also profile one build at the largest scale")
    parser.add_argument("--areas", default=",".join(SCRIPTS), help="the other scripts to run ('' for none)")
    parser.add_argument("--all-scales", action="store_true", help="run views and endpoint above 10x too")
    parser.add_argument("--script-timeout", type=float, default=1800.0, help="seconds each script may take")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--json", type=Path, default=HERE / "results-issue16.json")
    parser.add_argument("--markdown", type=Path, help="also write the Markdown section to this file")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    areas = [a for a in args.areas.split(",") if a.strip()]
    unknown = sorted(set(areas) - set(SCRIPTS))
    if unknown:
        parser.error(f"unknown areas {unknown}; choose from {sorted(SCRIPTS)}")
    work = args.work or Path(tempfile.mkdtemp(prefix="speed-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    results: dict = {
        "date": started.isoformat(timespec="seconds"),
        "command": " ".join(["benchmarks/speed.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "tree": tree(),
        "floor_code": FLOOR,
        "scales": {},
        "areas": {},
    }
    failures: list[str] = []
    try:
        warm = work / "corpus-warm-up"
        run([sys.executable, str(HERE / "corpus.py"), "--scale", "1", "--out", str(warm), "--seed", str(args.seed)])
        results["warm_up_s"] = build(warm, work / "out-warm-up")["seconds"]  # compiles .pyc, fills caches
        shutil.rmtree(work / "out-warm-up", ignore_errors=True)
        for scale in scales:
            print(f"scale {scale}x", file=sys.stderr)
            results["scales"][str(scale)] = measure_scale(scale, args, work, failures)
        if args.profile:
            largest = results["scales"][str(max(scales))]
            if "sources" in largest:
                results["profile"] = {"scale": max(scales), **profile(Path(largest["sources"]), work)}
                if "error" in results["profile"]:
                    failures.append(f"profile: {results['profile']['error'][-300:]}")
        for area in areas:
            for scale in scales:
                out = results["scales"][str(scale)].get("out")
                if out is None or (scale > AREA_MAX_SCALE.get(area, scale) and not args.all_scales):
                    continue
                print(f"{area} at {scale}x", file=sys.stderr)
                entry = helper(area, Path(out), scale, work, args.script_timeout)
                results["areas"].setdefault(area, {})[str(scale)] = entry
                if entry["status"] not in ("ok", "missing"):  # a script not written yet is noted, not failed
                    failures.append(f"{area} {scale}x: {entry['status']}")
    finally:
        results["machine"]["load_average_end"] = list(os.getloadavg())
        results["machine"]["busy_at_end"] = busy()
        results["wall_s"] = (datetime.now(UTC) - started).total_seconds()
        results["failures"] = failures
        text = markdown(results)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if args.markdown:
            args.markdown.write_text(text, "utf-8")
        print(text)
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
