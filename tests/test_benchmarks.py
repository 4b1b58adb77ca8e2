"""benchmarks/speed.py's harness runs (--help) and its Markdown section renders a given result exactly."""

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from speed_report import disagreements, figure_rows, markdown  # noqa: E402  (benchmarks/ is not a package)

RESULTS = {
    "date": "2026-12-02T14:00:00+00:00",
    "command": "benchmarks/speed.py --scales 1",
    "wall_s": 41.0,
    "tree": {"commit": "0123456789abcdef", "dirty": False, "dirty_files": []},
    "machine": {
        "uname": "Linux 6.1 x86_64",
        "cpus": 2,
        "memory_gib": 23.5,
        "python": "3.11.7",
        "packages": {"pyoxigraph": "0.5.13"},
        "load_average_start": [1.5, 1.0, 1.0],
        "load_average_end": [2.25, 1.0, 1.0],
        "busy_at_start": [],
    },
    "scales": {
        "1": {
            "scale": 1,
            "files": 4,
            "triples": 20000,
            "runs": 3,
            "build_median_s": 4.0,
            "floor": 0.25,
            "floor_method": "bulk_load",
            "ratio": 16.0,
            "floor_median_s": {"bulk_load": 0.25, "load": 0.4},
            "build_ms_per_1k": 200.0,
            "floor_ms_per_1k": 12.5,
            "phases": {},
            "stability": {
                "builds": 3,
                "files": 30,
                "identical": 28,
                "differ": {"build.ttl": ["-a"], "jingan-kg.ttl": ["-<x> a <y> .", "+<x> a <z> ."]},
                "stable": False,
                "unexpected": ["jingan-kg.ttl"],
                "expected": {"build.ttl": "its own record"},
            },
            "void": {"listed": 23, "wrong": []},
        }
    },
    "areas": {
        "questions": {
            "1": {
                "script": "questions_speed.py",
                "status": "ok",
                "json": {"commands": [{"command": "who 绿色金融", "median_ms": 80.0, "floor_ms": 40.0, "ratio": 2.0}]},
            }
        },
        "views": {"1": {"script": "views_speed.py", "status": "failed", "stderr": "Traceback\nKeyError: 'x'\n"}},
    },
    "failures": ["views 1x: failed"],
}

EXPECTED = """## Issue 16: each figure with its floor (2026-12-02, commit `0123456789`)

- **Command**: `benchmarks/speed.py --scales 1` (wall time 41.0 s)
- **Machine**: `Linux 6.1 x86_64`, 2 CPUs, 23.5 GiB; Python 3.11.7; pyoxigraph 0.5.13
- **Load**: 1-minute load average 1.50 → 2.25; busiest at the start: nothing above 5% CPU

### Build

| figure | value | floor | ratio | goal | met |
|---|---|---|---|---|---|
| `jingan-kg build`, 1x (4 files, 20,000 triples; median of 3) | 4.00 s | 0.250 s (bulk_load) | 16.0× | ≤ 10× | no |

- 1x: floors (median, whole process) `bulk_load` 0.250 s, `load` 0.400 s. Byte-stable: **no** (3 builds, 30 files but store/, 28 identical; differ: `build.ttl` (its own record); `jingan-kg.ttl` (`-<x> a <y> .` / `+<x> a <z> .`)). void.ttl's checksums: 23 of 23 hold.

No phase times: build-report.json has none and the run had no `--profile`.

### Questions (whole processes)

| figure | value | floor | ratio | goal | met |
|---|---|---|---|---|---|
| who 绿色金融, 1x | 80.0 ms | 40.0 ms | 2.00× | ≤ 2× | yes |

### Views

- 1x: `views_speed.py` failed: `KeyError: 'x'`

### What failed to run

- views 1x: failed
"""


def test_help_runs():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "speed.py"), "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "--scales" in done.stdout and "--profile" in done.stdout


def test_markdown_renders_every_figure_with_its_floor():
    assert markdown(RESULTS) == EXPECTED


def test_figures_read_from_the_scripts_json_as_it_comes():
    endpoint = {
        "select": {"ours_rps": 2800, "ours_p50_ms": 3.1, "oxigraph_rps": 3500, "oxigraph_p50_ms": 2.0, "ratio": 0.8}
    }
    views = {
        "views": [{"view": "responsibility", "runs": 5, "median_s": 0.15, "floor": {"median_s": 0.05}, "ratio": 3.0}]
    }
    assert figure_rows(endpoint) == [
        {"figure": "select", "value": 2800.0, "unit": "req/s", "floor": 3500.0, "floor_unit": "req/s", "ratio": 0.8}
    ]
    assert figure_rows(views) == [
        {"figure": "responsibility", "value": 0.15, "unit": "s", "floor": 0.05, "floor_unit": "s", "ratio": 3.0}
    ]
    grouped = {"whole": {"floor_ms": 70, "views": {"ledger": {"first_ms": 300, "ms": 140}}}}
    nested = {"count": {"ours": {"rps": 450, "p50_ms": 13}, "theirs": {"rps": 2900, "p50_ms": 2}, "ratio": 0.16}}
    assert figure_rows(grouped) == [
        {"figure": "whole / ledger", "value": 140.0, "unit": "ms", "floor": 70.0, "floor_unit": "ms", "ratio": 2.0}
    ]
    assert figure_rows(nested) == [
        {"figure": "count", "value": 450.0, "unit": "req/s", "floor": 2900.0, "floor_unit": "req/s", "ratio": 0.16}
    ]
    assert figure_rows({"note": "no time here", "bytes": 3, "load_average": [1.0, 2.0]}) == []
    shacl = {
        "graphs": {
            "1x": {
                "times": {"pyrudof": {"wall_s": 1.6, "x_floor": 4.7}},
                "agreement": {"pyrudof": {"same_lines": False, "same_path": True}},
            }
        }
    }
    assert figure_rows(shacl) == [
        {"figure": "pyrudof", "value": 1.6, "unit": "s", "floor": None, "floor_unit": "s", "ratio": 4.7}
    ]
    assert disagreements(shacl) == ["graphs / 1x / agreement / pyrudof: same_lines false"]
