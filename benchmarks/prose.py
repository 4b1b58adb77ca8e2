"""The cost of reading targets and outcomes from prose, against the floor of reading the sources.

For each scale (benchmarks/corpus.py), in one process: the floor (read and split every source into
document spans), the section pass (`sections`), the whole prose pass (`prose_values`, which runs
the section pass itself) and the table pass (`read_tables` + `table_values`), each the best of
`--repeat` runs. Reports seconds, ratios to the floor and milliseconds per 1,000 source lines, so
linearity shows across scales.

    python benchmarks/prose.py --scales 1,10,100 --repeat 3 --json benchmarks/prose.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corpus import make_corpus

from jingan_kg.ingest.documents import split_documents
from jingan_kg.ingest.sources import read_sources
from jingan_kg.kinds.indicators.prose import prose_values
from jingan_kg.kinds.indicators.sections import sections
from jingan_kg.kinds.indicators.tables import read_tables, table_values


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(scale: int, repeat: int) -> dict:
    """Times of the floor and of each pass at one scale."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sources"
        make_corpus(scale, root)
        floor, spans = _best(lambda: [s for src in read_sources(root) for s in split_documents(src)], repeat)
    lines = sum(s.last - s.first + 1 for s in spans)
    sec, _ = _best(lambda: [sections(s) for s in spans], repeat)
    prose, found = _best(lambda: [prose_values(s) for s in spans], repeat)
    tables, _ = _best(lambda: [table_values(s, t) for s in spans for t in read_tables(s)], repeat)
    values = sum(len(v) for v, _ in found)
    issues = sum(len(i) for _, i in found)
    return {
        "scale": scale,
        "lines": lines,
        "prose values": values,
        "prose issues": issues,
        "floor s": floor,
        "sections s": sec,
        "prose s": prose,
        "tables s": tables,
        "prose / floor": prose / floor,
        "prose ms per 1k lines": 1000 * prose / lines * 1000,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = [measure(int(k), args.repeat) for k in args.scales.split(",")]
    for r in rows:
        print(
            f"{r['scale']:>4}x  {r['lines']:>7} lines  floor {r['floor s']:.3f} s  sections {r['sections s']:.3f} s  "
            f"prose {r['prose s']:.3f} s ({r['prose / floor']:.1f}x floor, {r['prose ms per 1k lines']:.1f} ms/1k lines)  "
            f"tables {r['tables s']:.3f} s  values {r['prose values']}  issues {r['prose issues']}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
