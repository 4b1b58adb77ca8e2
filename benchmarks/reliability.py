"""Reliability campaign: builds killed at random moments, readers during builds, concurrent builds.

    python benchmarks/reliability.py --kills 20 --builds 3 [--seed 7]

Builds the given sources into a temporary folder, then
- kills `jingan-kg build` (SIGKILL) at `--kills` random moments of a build and asks a question
  after each (the graph must answer as before);
- runs questions in a loop in another process across `--builds` builds (every one must answer);
- starts two builds into one folder at once (one must stop with "another build is running").
Prints the figures as Markdown for benchmarks/RELIABILITY.md; writes nothing else.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLI = Path(sys.executable).parent / "jingan-kg"

ASK = """
import sys, time
from pathlib import Path
from jingan_kg.query.questions import who
from jingan_kg.query.render import who_text
from jingan_kg.store.opening import open_graph
out, stop = Path(sys.argv[1]), Path(sys.argv[2])
def ask():
    g = open_graph(out)
    return who_text(who(g.store, g.index, "区数据局", 3))
expected, n, fails, slowest = ask(), 0, 0, 0.0
while not stop.exists():
    t = time.perf_counter()
    try:
        assert ask() == expected
        n += 1
    except Exception as e:
        fails += 1
        print(repr(e)[:200], file=sys.stderr)
    slowest = max(slowest, time.perf_counter() - t)
print(n, fails, round(slowest, 3))
"""


def _ask(out: Path) -> str:
    return subprocess.run(
        [CLI, "who", "区数据局", "--limit", "3", "--out", out], capture_output=True, text=True, check=True
    ).stdout


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--builds", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "exports"
        t = time.perf_counter()
        subprocess.run([CLI, "build", "--out", out], cwd=ROOT, check=True, capture_output=True)
        build_s = time.perf_counter() - t
        expected = _ask(out)

        answered, lost = 0, 0
        for _ in range(args.kills):
            proc = subprocess.Popen([CLI, "build", "--out", out], cwd=ROOT, stdout=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, build_s))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            try:
                answered += _ask(out) == expected
            except subprocess.CalledProcessError:
                lost += 1
        debris = len(list((out / "generations").iterdir()))
        subprocess.run([CLI, "build", "--out", out], cwd=ROOT, check=True, capture_output=True)
        after = len(list((out / "generations").iterdir()))

        stop = Path(tmp) / "stop"
        reader = subprocess.Popen(
            [sys.executable, "-c", ASK, str(out), str(stop)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(1)
        for _ in range(args.builds):
            subprocess.run([CLI, "build", "--out", out], cwd=ROOT, check=True, capture_output=True)
        stop.touch()
        asked, failed, slowest = reader.communicate(timeout=300)[0].decode().split()

        a = subprocess.Popen([CLI, "build", "--out", out], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1)
        b = subprocess.run([CLI, "build", "--out", out], cwd=ROOT, capture_output=True, text=True)
        a.wait()
        refused = b.returncode == 1 and "another build is running" in b.stderr and "Traceback" not in b.stderr

    print(f"| builds killed (SIGKILL, random moments over {build_s:.1f} s) | {args.kills} |")
    print(f"| graph answering as before after each kill | {answered} of {args.kills}; lost: {lost} |")
    print(f"| generations left by the kills, before / after the next build | {debris} / {after} |")
    print(f"| questions asked in a loop across {args.builds} builds | {asked}, failed: {failed}, slowest {slowest} s |")
    print(
        f"| a second build into the same folder | {'stopped with the message, exit 1' if refused else 'NOT refused'} |"
    )


if __name__ == "__main__":
    main()
