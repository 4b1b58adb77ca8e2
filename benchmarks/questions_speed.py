"""Question commands as whole processes against the floor of opening the store and index (issue 16).

    .venv/bin/python benchmarks/questions_speed.py --out exports [--repeat 11] [--json FILE] [--cli PATH]

Each command (`jingan-kg who 绿色金融` …, through the installed entry point) is timed as a whole
process, interleaved with the floor: a script this benchmark writes that imports pyoxigraph and
sqlite3, opens the same read-only store (`Store.read_only`) and search index and runs one query in
each. Runs alternate floor, command, floor, command …; the median of each is taken and the ratio
is command / floor, for wall time and for CPU time (user + system). Bytecode is written and read (PYTHONDONTWRITEBYTECODE unset) as on a user's
machine. Prints a table and writes JSON; nothing here asserts a time.
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

COMMANDS = [
    ["who", "绿色金融"],
    ["who", "区投资办"],
    ["show", "区数据局"],
    ["search", "shangwuwei"],
    ["targets", "社会消费品零售总额"],
    ["query", "-e", "SELECT ?m ?t WHERE { ?m a jkg:Measure ; rdfs:label ?t } LIMIT 5"],
]

FLOOR = '''"""The floor: open the read-only store and the search index, one query in each."""
import sqlite3
import sys

import pyoxigraph as ox

gen = sys.argv[1]
store = ox.Store.read_only(gen + "/store")
db = sqlite3.connect(f"file:{gen}/search.sqlite?mode=ro", uri=True)
db.execute("SELECT iri FROM entity WHERE label = ?", ("静安区数据局",)).fetchall()
rows = list(store.query("SELECT ?p ?o WHERE { ?s ?p ?o } LIMIT 20"))
print(len(rows))
'''


def generation(out: Path) -> Path:
    """The published build in `out` (its `current` link resolved once), as the commands read it."""
    link = out / "current"
    return (out / os.readlink(link)).resolve() if link.is_symlink() else out.resolve()


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Seconds one whole process takes (wall, and CPU: user + system, which the other work on a
    shared machine disturbs less), and what it printed; a failing command stops the benchmark."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        out.seek(0), err.seek(0)
        if code := os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err.read().decode(errors='replace')}")
        return took, usage.ru_utime + usage.ru_stime, out.read()


def measure(out: Path, repeat: int, cli: Path = CLI) -> dict:
    """Every command against the floor, interleaved, `repeat` runs of each (after one warm-up pair)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    gen = generation(out)
    with tempfile.TemporaryDirectory() as tmp:
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR, encoding="utf-8")
        floor = [sys.executable, str(floor_py), str(gen)]
        rows = []
        for args in COMMANDS:
            cmd = [str(cli), *args, "--out", str(out)]
            timed(floor, env), timed(cmd, env)  # warm-up: caches, bytecode
            floors, runs, printed = [], [], b""
            for _ in range(repeat):
                floors.append(timed(floor, env)[:2])
                took, cpu, printed = timed(cmd, env)
                runs.append((took, cpu))
            ms, floor_ms = (statistics.median(t for t, _ in r) * 1000 for r in (runs, floors))
            cpu_ms, floor_cpu_ms = (statistics.median(c for _, c in r) * 1000 for r in (runs, floors))
            rows.append(
                {
                    "command": " ".join(["jingan-kg", *args]),
                    "ms": round(ms, 1),
                    "floor_ms": round(floor_ms, 1),
                    "ratio": round(ms / floor_ms, 2),
                    "cpu_ms": round(cpu_ms, 1),
                    "floor_cpu_ms": round(floor_cpu_ms, 1),
                    "cpu_ratio": round(cpu_ms / floor_cpu_ms, 2),
                    "ms_runs": [round(t * 1000, 1) for t, _ in runs],
                    "floor_runs": [round(t * 1000, 1) for t, _ in floors],
                    "printed_lines": printed.count(b"\n"),
                    "printed_bytes": len(printed),
                }
            )
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "out": str(out),
        "cli": str(cli),
        "repeat": repeat,
        "python": sys.version.split()[0],
        "load_average": os.getloadavg(),
        "commands": rows,
    }


def table(result: dict) -> str:
    """The result as a plain-text table."""
    header = f"{'command':<44}{'ms':>8}{'floor':>8}{'ratio':>7}{'cpu ms':>8}{'floor':>7}{'ratio':>7}{'lines':>7}"
    lines = [header, "-" * len(header)]
    for r in result["commands"]:
        lines.append(
            f"{r['command'][:43]:<44}{r['ms']:>8.1f}{r['floor_ms']:>8.1f}{r['ratio']:>7.2f}"
            f"{r['cpu_ms']:>8.1f}{r['floor_cpu_ms']:>7.1f}{r['cpu_ratio']:>7.2f}{r['printed_lines']:>7}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "exports", help="A built output folder.")
    parser.add_argument("--repeat", type=int, default=11, help="Runs of each command and of the floor.")
    parser.add_argument("--json", type=Path, default=None, help="Write the result here as JSON.")
    parser.add_argument(
        "--cli", type=Path, default=CLI, help="The entry point to time (another checkout's, to compare)."
    )
    args = parser.parse_args()
    result = measure(args.out, args.repeat, args.cli)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
