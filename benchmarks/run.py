"""Measure the project's performance goals in one run, at several corpus scales.

    cd /work/main && .venv/bin/python benchmarks/run.py [--scales 1,10,100] [--repeat 200]

For each scale k (benchmarks/corpus.py: the real sources plus k - 1 synthetic copies):

- build: `build(BuildConfig(...))` timed in a fresh process (modules imported before the clock
  starts), with the time of each phase (read, extract, resolve, rdflib graph, SHACL, N-Triples,
  store load, Turtle, JSON-LD, in-memory store, view + HTML, index) taken by wrapping the
  library's functions from outside, triples, peak memory, store, index and Turtle sizes;
- questions in process: `queries.who/show/search/targets` on the opened store and index, median
  and p95 of up to --repeat runs after a warm-up (fewer when a question's runs exceed --budget s);
- questions as whole processes: `jingan-kg who 绿色金融 --out DIR` … (median of --cli-repeat runs,
  subprocess and time.perf_counter), and `python -c pass` as the floor;
- the baseline: the same `who 绿色金融` answered by plain rdflib parsing the Turtle export and
  running the equivalent SPARQL (parse and query timed apart, and as a whole process), and the
  same SPARQL scan in the Oxigraph store for comparison;
- linearity: build seconds per 1,000 triples at each scale.

--profile-scale N also runs the build at scale N under cProfile and lists the top functions.
Prints tables and writes benchmarks/results.json. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
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

QUESTIONS = [
    ("who", "绿色金融"),
    ("who", "区投资办"),
    ("who", "时尚消费业"),
    ("show", "区数据局"),
    ("search", "shangwuwei"),
    ("targets", "社会消费品零售总额"),
    # questions as people ask them (issue 13): a frame taken away; a topic many kinds share
    ("who", "谁负责绿色金融"),
    ("who", "养老"),
    # the supervision ledger (issue 14): one status, and one kind of flag
    ("ledger", "not-met"),
    ("flags", "figures-differ"),
]
OPTION = {"ledger": "--status", "flags": "--kind"}  # commands that take their text as an option
BASELINE_TEXT = "绿色金融"
BASELINE_SPARQL = f"""PREFIX jkg: <https://w3id.org/jingan-kg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?m ?body WHERE {{
  ?m a jkg:Measure ; jkg:text ?t ; jkg:responsibleBody ?o .
  FILTER(CONTAINS(STR(?t), "{BASELINE_TEXT}"))
  ?o skos:prefLabel ?body . FILTER(lang(?body) = "zh")
}}"""
PACKAGES = ["pyoxigraph", "rdflib", "pyshacl", "pyvis", "click", "pydantic", "pypinyin", "networkx"]

# --- the build, in a child process ----------------------------------------------------------------

# Phases: (module, attribute, phase). Each function is wrapped from outside; time is counted for the
# outermost wrapped call only (g.serialize inside _jsonld counts as JSON-LD).
PHASES = [
    ("jingan_kg.ingest.sources", "read_sources", "read sources"),
    ("jingan_kg.pipeline.extract", "extract_source", "extract"),
    ("jingan_kg.pipeline.resolve", "resolve", "resolve"),
    ("jingan_kg.pipeline.assemble", "build_graph", "rdflib graph"),
    ("jingan_kg.graph.shacl", "violations", "SHACL"),
    ("jingan_kg.graph.exports", "ntriples", "N-Triples"),
    ("jingan_kg.store.embedded:GraphStore", "write", "store load"),
    ("rdflib:Graph", "serialize", "Turtle"),
    ("jingan_kg.graph.exports", "jsonld", "JSON-LD"),
    ("jingan_kg.store.embedded:GraphStore", "in_memory", "in-memory store"),
    ("jingan_kg.views.named", "responsibility_view", "views + HTML"),
    ("jingan_kg.views.named", "projects_view", "views + HTML"),
    ("jingan_kg.views.named", "industries_view", "views + HTML"),
    ("jingan_kg.views.named", "targets_view", "views + HTML"),
    ("jingan_kg.views.html", "write_html", "views + HTML"),
    ("jingan_kg.store.index", "write_index", "index"),
]


def _instrument(times: dict[str, float]) -> list[str]:
    """Wrap the phase functions so each call's time is added to `times`; returns the ones not found."""
    import functools
    import importlib

    depth = [0]
    missing = []

    def wrap(fn, phase):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if phase == "Turtle" and kwargs.get("format", args[1] if len(args) > 1 else None) != "turtle":
                return fn(*args, **kwargs)
            depth[0] += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    times[phase] = times.get(phase, 0.0) + time.perf_counter() - t0

        return timed

    for where, attr, phase in PHASES:
        module_name, _, cls_name = where.partition(":")
        owner = importlib.import_module(module_name)
        if cls_name:
            owner = getattr(owner, cls_name, None)
        raw = owner.__dict__.get(attr) if owner is not None else None
        if raw is None:
            missing.append(f"{where}.{attr}")
            continue
        if isinstance(raw, staticmethod):
            setattr(owner, attr, staticmethod(wrap(raw.__func__, phase)))
        elif isinstance(raw, classmethod):
            setattr(owner, attr, classmethod(wrap(raw.__func__, phase)))
        else:
            setattr(owner, attr, wrapped := wrap(raw, phase))
            registry = getattr(owner, "VIEWS", None)  # views called through their registry
            if isinstance(registry, dict):
                for name, fn in registry.items():
                    if fn is raw:
                        registry[name] = wrapped
    return missing


def child_build(sources: str, out: str, profile: str | None) -> None:
    """Run one build; print a JSON line with its time, phases, triples and peak memory."""
    import resource

    t0 = time.perf_counter()
    import pypinyin  # noqa: F401
    import pyshacl  # noqa: F401  the lazily imported modules, so the clock does not count imports
    import pyvis  # noqa: F401
    import rdflib  # noqa: F401

    import jingan_kg.curate.curated
    import jingan_kg.graph.exports
    import jingan_kg.graph.shacl
    import jingan_kg.graph.sink
    import jingan_kg.kinds
    import jingan_kg.pipeline.assemble
    import jingan_kg.pipeline.extract
    import jingan_kg.pipeline.resolve
    import jingan_kg.store.index
    import jingan_kg.views.html
    import jingan_kg.views.named  # noqa: F401
    from jingan_kg.pipeline.build import BuildConfig, build

    imports = time.perf_counter() - t0
    config = BuildConfig(sources=Path(sources), out=Path(out))
    phases: dict[str, float] = {}
    missing: list[str] = []
    if profile:
        import cProfile

        prof = cProfile.Profile()
        t0 = time.perf_counter()
        result = prof.runcall(build, config)
        seconds = time.perf_counter() - t0
        prof.dump_stats(profile)
    else:
        missing = _instrument(phases)
        t0 = time.perf_counter()
        result = build(config)
        seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "seconds": seconds,
                "imports": imports,
                "phases": phases,
                "missing_phases": missing,
                "triples": result.triples,
                "counts": result.counts,
                "warnings": len(result.issues),
                "unresolved": len(result.unresolved),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def run_build(sources: Path, out: Path, profile: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child-build", str(sources), str(out)]
    if profile:
        cmd += ["--child-profile", str(profile)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"build failed at {sources}:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["process_seconds"] = wall
    return data


# --- the rdflib baseline, in a child process --------------------------------------------------------


def child_baseline(turtle: str) -> None:
    """Parse the Turtle export with plain rdflib and run the equivalent SPARQL; print the timings."""
    t0 = time.perf_counter()
    import rdflib

    t1 = time.perf_counter()
    g = rdflib.Graph()
    g.parse(turtle, format="turtle")
    t2 = time.perf_counter()
    rows = list(g.query(BASELINE_SPARQL))
    t3 = time.perf_counter()
    again = []
    for _ in range(3):
        s = time.perf_counter()
        list(g.query(BASELINE_SPARQL))
        again.append(time.perf_counter() - s)
    print(
        json.dumps(
            {
                "import": t1 - t0,
                "parse": t2 - t1,
                "query_first": t3 - t2,
                "query": statistics.median(again),
                "triples": len(g),
                "measures": len({r[0] for r in rows}),
                "bodies": len({r[1] for r in rows}),
            }
        )
    )


def run_baseline(turtle: Path, repeat: int) -> dict:
    runs, inner = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--child-baseline", str(turtle)], capture_output=True, text=True, cwd=ROOT
        )
        runs.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"baseline failed:\n{proc.stderr[-3000:]}")
        inner.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    out = {k: statistics.median(r[k] for r in inner) for k in ("import", "parse", "query_first", "query")}
    out.update({k: inner[-1][k] for k in ("triples", "measures", "bodies")})
    out["process"] = summary(runs)
    return out


# --- questions ------------------------------------------------------------------------------------------


def summary(samples: list[float]) -> dict:
    """Median, p95 (nearest rank), min, max and count of a list of seconds."""
    ordered = sorted(samples)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
    return {"median": statistics.median(ordered), "p95": p95, "min": ordered[0], "max": ordered[-1], "n": len(ordered)}


def answer_size(command: str, answer) -> dict:
    if command == "who":
        groups = getattr(answer, "groups", None)  # (issue 13) one group per entity the words match
        size = {"bodies": len(answer.bodies), "citations": answer.citation_count, "mode": answer.mode}
        return size | ({"groups": len(groups)} if groups is not None else {})
    if command == "show":
        return {
            "outgoing": len(answer.outgoing),
            "incoming": len(answer.incoming),
            "provenance": len(answer.provenance),
        }
    if command == "search":
        return {"hits": len(answer)}
    if command == "ledger":
        return {"rows": len(answer.rows)}
    if command == "flags":
        return {"flags": len(answer)}
    return {"periods": len(answer.periods), "values": sum(len(p.targets) + len(p.outcomes) for p in answer.periods)}


def in_process(out: Path, repeat: int, budget: float) -> dict:
    """Each question's latency through the library, on the store and index opened once."""
    from jingan_kg.query import questions as queries
    from jingan_kg.query.flags import flags
    from jingan_kg.query.ledger import ledger
    from jingan_kg.store.embedded import GraphStore
    from jingan_kg.store.index import SearchIndex

    t0 = time.perf_counter()
    store = GraphStore.open(out / "store")
    index = SearchIndex(out / "search.sqlite")
    opened = time.perf_counter() - t0
    calls = {
        "who": lambda text: queries.who(store, index, text),
        "show": lambda text: queries.show(store, index, text),
        "search": lambda text: queries.search(index, text),
        "targets": lambda text: queries.targets(store, index, text),
        "ledger": lambda text: ledger(store, statuses=[text]),
        "flags": lambda text: flags(store, [text]),
    }
    results = {"open_seconds": opened}
    for command, text in QUESTIONS:
        call = calls[command]
        first = time.perf_counter()
        answer = call(text)
        first = time.perf_counter() - first
        for _ in range(3):
            call(text)
        samples, started = [], time.perf_counter()
        while len(samples) < repeat and (len(samples) < 5 or time.perf_counter() - started < budget):
            s = time.perf_counter()
            call(text)
            samples.append(time.perf_counter() - s)
        results[f"{command} {text}"] = {**summary(samples), "first": first, "answer": answer_size(command, answer)}
    # the baseline's scan, in the same Oxigraph store: what the index saves
    samples = []
    for _ in range(5):
        s = time.perf_counter()
        rows = list(store.raw_query(BASELINE_SPARQL))
        samples.append(time.perf_counter() - s)
    results["oxigraph scan " + BASELINE_TEXT] = {**summary(samples), "rows": len(rows)}
    return results  # the store and index close with this frame


def whole_process(cmd: list[str], repeat: int) -> dict:
    for _ in range(2):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        samples.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return summary(samples)


def cli(out: Path, repeat: int) -> dict:
    results = {"python -c pass": whole_process([sys.executable, "-c", "pass"], repeat)}
    for command, text in QUESTIONS:
        args = [OPTION[command], text] if command in OPTION else [text]
        results[f"{command} {text}"] = whole_process([str(CLI), command, *args, "--out", str(out)], repeat)
    return results


# --- profile -------------------------------------------------------------------------------------------


def profile_build(scale: int, work: Path, top: int = 60) -> dict:
    """The build at `scale` under cProfile: total, and the top functions by own and cumulative time."""
    import pstats

    from corpus import make_corpus

    make_corpus(scale, work / "sources")
    prof = work / "build.prof"
    data = run_build(work / "sources", work / "out", profile=prof)
    stats = pstats.Stats(str(prof))
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append({"function": f"{_short(file)}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct})
    return {
        "scale": scale,
        "seconds_under_profile": data["seconds"],
        "triples": data["triples"],
        "by_tottime": sorted(rows, key=lambda r: -r["tottime"])[:top],
        "by_cumtime": sorted(rows, key=lambda r: -r["cumtime"])[:top],
    }


def _short(file: str) -> str:
    for marker in ("site-packages/", "src/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# --- reporting -----------------------------------------------------------------------------------------


def source_digest() -> str:
    """A digest of src/ (the code measured), since other work changes it between runs."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted((ROOT / "src").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def machine() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "uname": " ".join(platform.uname()),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "packages": versions,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def table(headers: list[str], rows: list[list]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def report(results: dict) -> str:
    scales = results["scales"]
    out = []
    out.append(
        "Build\n\n"
        + table(
            [
                "scale",
                "files",
                "triples",
                "build s",
                "ms / 1k triples",
                "same without views",
                "peak RSS MiB",
                "store MiB",
                "index MiB",
                "Turtle MiB",
                "warnings",
            ],
            [
                [
                    f"{s['scale']}x",
                    s["corpus"]["files"],
                    s["build"]["triples"],
                    f"{s['build']['seconds']:.1f}",
                    f"{s['build']['seconds'] * 1e6 / s['build']['triples']:.1f}",
                    f"{(s['build']['seconds'] - _phase(s, 'views + HTML')) * 1e6 / s['build']['triples']:.1f}",
                    f"{s['build']['peak_rss_mib']:.0f}",
                    f"{s['sizes']['store'] / 2**20:.1f}",
                    f"{s['sizes']['index'] / 2**20:.1f}",
                    f"{s['sizes']['turtle'] / 2**20:.1f}",
                    s["build"]["warnings"],
                ]
                for s in scales
            ],
        )
    )
    phases = list(dict.fromkeys(p for s in scales for p in s["build"]["phases"]))
    out.append(
        "Build phases, seconds (ms per 1k triples)\n\n"
        + table(
            ["phase"] + [f"{s['scale']}x" for s in scales],
            [
                [p] + [f"{_phase(s, p):.2f} ({_phase(s, p) * 1e6 / s['build']['triples']:.1f})" for s in scales]
                for p in phases + ["other"]
            ],
        )
    )
    rows = []
    for command, text in QUESTIONS:
        q = f"{command} {text}"
        rows.append(
            [q]
            + [
                f"{ms(s['in_process'][q]['median'])} / {ms(s['in_process'][q]['p95'])} (n={s['in_process'][q]['n']})"
                for s in scales
            ]
            + [_size_text(scales[-1]["in_process"][q]["answer"])]
        )
    rows.append(["(open store + index, once)"] + [ms(s["in_process"]["open_seconds"]) for s in scales] + [""])
    q = "oxigraph scan " + BASELINE_TEXT
    rows.append(
        ["(SPARQL CONTAINS scan, Oxigraph on disk)"]
        + [
            f"{ms(s['in_process'][q]['median'])} / {ms(s['in_process'][q]['p95'])} (n={s['in_process'][q]['n']})"
            for s in scales
        ]
        + [f"{scales[-1]['in_process'][q]['rows']} rows"]
    )
    out.append(
        "In process, ms median / p95\n\n"
        + table(["question"] + [f"{s['scale']}x" for s in scales] + [f"answer at {scales[-1]['scale']}x"], rows)
    )
    rows = [
        [q] + [f"{ms(s['cli'][q]['median'])} / {ms(s['cli'][q]['p95'])}" for s in scales]
        for q in ["python -c pass"] + [f"{c} {t}" for c, t in QUESTIONS]
    ]
    out.append(
        "Whole process (jingan-kg CLI), ms median / p95\n\n"
        + table(["command"] + [f"{s['scale']}x" for s in scales], rows)
    )
    rows = []
    for label, key in (
        ("import rdflib", "import"),
        ("parse Turtle", "parse"),
        ("SPARQL, first run", "query_first"),
        ("SPARQL, again", "query"),
    ):
        rows.append([label] + [ms(s["baseline"][key]) for s in scales])
    rows.append(["whole process, median"] + [ms(s["baseline"]["process"]["median"]) for s in scales])
    rows.append(
        ["answer: measures / bodies"] + [f"{s['baseline']['measures']} / {s['baseline']['bodies']}" for s in scales]
    )
    rows.append(["jingan-kg who (CLI), median"] + [ms(s["cli"][f"who {BASELINE_TEXT}"]["median"]) for s in scales])
    rows.append(
        ["jingan-kg who: citations / bodies"]
        + [
            f"{s['in_process']['who ' + BASELINE_TEXT]['answer']['citations']} / "
            f"{s['in_process']['who ' + BASELINE_TEXT]['answer']['bodies']}"
            for s in scales
        ]
    )
    out.append(
        f"Baseline: who {BASELINE_TEXT} with plain rdflib over the Turtle export, ms\n\n"
        + table(["step"] + [f"{s['scale']}x" for s in scales], rows)
    )
    if results.get("profile"):
        p = results["profile"]
        out.append(
            f"cProfile of the build at {p['scale']}x ({p['triples']} triples, {p['seconds_under_profile']:.1f} s "
            "under the profiler), top by cumulative time\n\n"
            + table(
                ["function", "calls", "cumtime s", "tottime s"],
                [
                    [r["function"][:90], r["calls"], f"{r['cumtime']:.2f}", f"{r['tottime']:.2f}"]
                    for r in p["by_cumtime"][:25]
                ],
            )
        )
        out.append(
            "... top by own time\n\n"
            + table(
                ["function", "calls", "tottime s", "cumtime s"],
                [
                    [r["function"][:90], r["calls"], f"{r['tottime']:.2f}", f"{r['cumtime']:.2f}"]
                    for r in p["by_tottime"][:25]
                ],
            )
        )
    return "\n\n".join(out)


def _phase(s: dict, phase: str) -> float:
    phases = s["build"]["phases"]
    if phase == "other":
        return s["build"]["seconds"] - sum(phases.values())
    return phases.get(phase, 0.0)


def _size_text(answer: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in answer.items())


# --- main ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,100", help="comma-separated scale factors (default 1,10,100)")
    ap.add_argument("--repeat", type=int, default=200, help="in-process runs per question (default 200)")
    ap.add_argument(
        "--budget",
        type=float,
        default=15.0,
        help="seconds per question in process; fewer runs (at least 5) when exceeded (default 15)",
    )
    ap.add_argument("--cli-repeat", type=int, default=20, help="whole-process runs per command (default 20)")
    ap.add_argument("--baseline-repeat", type=int, default=3, help="whole-process runs of the rdflib baseline")
    ap.add_argument("--profile-scale", type=int, default=0, help="also profile the build at this scale (0: no)")
    ap.add_argument("--seed", type=int, default=2031)
    ap.add_argument("--json", type=Path, default=HERE / "results.json")
    ap.add_argument("--keep", action="store_true", help="keep the corpora and builds (printed at the end)")
    ap.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--child-profile", help=argparse.SUPPRESS)
    ap.add_argument("--child-baseline", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_build:
        child_build(*args.child_build, args.child_profile)
        return
    if args.child_baseline:
        child_baseline(args.child_baseline)
        return

    from corpus import make_corpus

    started = time.perf_counter()
    results = {
        "machine": machine(),
        "src_digest": source_digest(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "settings": {k: v for k, v in vars(args).items() if not k.startswith("child") and k != "json"},
        "scales": [],
    }
    results["settings"]["keep"] = args.keep
    results["settings"] = json.loads(json.dumps(results["settings"], default=str))
    work = Path(tempfile.mkdtemp(prefix="jkg-bench-"))
    try:
        for scale in [int(s) for s in args.scales.split(",")]:
            here = work / f"x{scale}"
            digest = source_digest()
            t0 = time.perf_counter()
            corpus = make_corpus(scale, here / "sources", args.seed)
            corpus["seconds"] = time.perf_counter() - t0
            print(f"[{scale}x] corpus: {corpus['files']} files, {corpus['bytes'] / 2**20:.1f} MiB", flush=True)
            built = run_build(here / "sources", here / "out")
            out = here / "out"
            print(f"[{scale}x] build: {built['triples']} triples in {built['seconds']:.1f} s", flush=True)
            sizes = {
                "store": _size(out / "store"),
                "index": _size(out / "search.sqlite"),
                "turtle": _size(out / "jingan-kg.ttl"),
                "jsonld": _size(out / "jingan-kg.jsonld"),
                "html": _size(out / "bureau-measure-industry.html"),
            }
            inproc = in_process(out, args.repeat, args.budget)
            print(
                f"[{scale}x] in process: who {BASELINE_TEXT} {ms(inproc['who ' + BASELINE_TEXT]['median'])} ms median",
                flush=True,
            )
            whole = cli(out, args.cli_repeat)
            print(
                f"[{scale}x] CLI: who {BASELINE_TEXT} {ms(whole['who ' + BASELINE_TEXT]['median'])} ms median",
                flush=True,
            )
            baseline = run_baseline(out / "jingan-kg.ttl", args.baseline_repeat)
            print(f"[{scale}x] baseline: rdflib whole process {baseline['process']['median']:.2f} s", flush=True)
            results["scales"].append(
                {
                    "scale": scale,
                    "src_digest": digest,
                    "corpus": corpus,
                    "build": built,
                    "sizes": sizes,
                    "in_process": inproc,
                    "cli": whole,
                    "baseline": baseline,
                }
            )
            if not args.keep:
                shutil.rmtree(here, ignore_errors=True)
        if args.profile_scale:
            results["profile"] = profile_build(args.profile_scale, work / f"profile-x{args.profile_scale}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["wall_seconds"] = time.perf_counter() - started
    if source_digest() != results["src_digest"]:
        results["src_changed_during_run"] = True
        print("warning: src/ changed during the run; the scales may have measured different code", file=sys.stderr)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print()
    print(report(results))
    print(
        f"\nwall time {results['wall_seconds']:.0f} s; results in {args.json}"
        + (f"; corpora and builds kept in {work}" if args.keep else "")
    )


if __name__ == "__main__":
    main()
